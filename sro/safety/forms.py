"""Input for drills, safety plans, the SRO's contributions and event security."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from sro.core import filecheck
from sro.core.forms import DateInput, Form, ModelForm, SchoolYearField, limit_choices
from sro.incidents.forms import DateTimeInput
from sro.roster.models import Officer
from sro.safety.models import Drill, PlanContribution, SafetyPlan, SecurityEvent
from sro.schools.models import School
from sro.training.marks import mark_restricted

TEXTAREA = forms.Textarea(attrs={"rows": 3})
PLAN_TYPES = frozenset({filecheck.PDF, filecheck.DOCX})


class DrillForm(ModelForm):
    class Meta:
        model = Drill
        fields = [
            "school",
            "kind",
            "held_on",
            "observed",
            "officer",
            "advice",
            "override_reason",
            "notes",
        ]
        widgets = {
            "held_on": DateInput(),
            "advice": TEXTAREA,
            "override_reason": TEXTAREA,
            "notes": TEXTAREA,
        }
        help_texts = {
            "advice": "Advising on safety drills is duty (4) of Minn. Stat. 626.8482, subd. 2(a).",
            "officer": "An officer marked “restricted” gives advice only on a supervisor's "
            "override (Minn. Stat. 626.8482, subd. 3).",
            "override_reason": "Only the chief or a sergeant: why an officer in the training "
            "grace period, or a substitute under the contact-day limit, gave this advice.",
        }

    def __init__(
        self,
        *args: Any,
        schools: Any,
        officers: Any,
        as_of: dt.date,
        may_override: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "school", schools)
        limit_choices(self, "officer", officers)
        mark_restricted(self.fields["officer"], as_of=as_of)
        if not may_override:
            del self.fields["override_reason"]


class DrillFilter(Form):
    school = forms.ModelChoiceField(queryset=School.objects.none(), required=False)
    school_year = SchoolYearField(required=False)

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "school", schools)


class PlanForm(ModelForm):
    attachment = forms.FileField(
        required=False,
        label="Attach the plan (optional)",
        help_text="PDF or Word (DOCX). Only attach it if the school wants the department to keep "
        "a copy: otherwise the plan's content is not stored here.",
    )

    class Meta:
        model = SafetyPlan
        fields = ["title", "adopted_on", "last_reviewed_on", "next_review_on", "notes"]
        widgets = {
            "adopted_on": DateInput(),
            "last_reviewed_on": DateInput(),
            "next_review_on": DateInput(),
            "notes": TEXTAREA,
        }

    def clean_attachment(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("attachment")
        if upload is None:
            return None
        limit = settings.SRO_SAFETY_MAX_UPLOAD_MB
        if upload.size and upload.size > limit * 1024 * 1024:
            raise ValidationError(f"The file is larger than {limit} MB.")
        # Judged by its content: the name and the browser's stated type can lie (and browsers
        # often send a .docx as application/octet-stream).
        kind = filecheck.sniff_file(upload)
        if kind not in PLAN_TYPES:
            raise ValidationError("Attach the plan as a PDF or a Word (DOCX) file.")
        if kind == filecheck.DOCX:
            try:
                parts = filecheck.check_zip(upload.read(), "The file")
            except filecheck.UnsafeArchive as problem:
                raise ValidationError(str(problem)) from None
            finally:
                upload.seek(0)
            if "word/document.xml" not in parts:  # a ZIP, but not a Word document
                raise ValidationError("Attach the plan as a PDF or a Word (DOCX) file.")
        upload.content_type = kind
        return upload


class ContributionForm(ModelForm):
    class Meta:
        model = PlanContribution
        fields = ["officer", "contributed_on", "summary"]
        widgets = {"contributed_on": DateInput(), "summary": TEXTAREA}
        labels = {"contributed_on": "Date", "summary": "What the SRO contributed"}

    def __init__(self, *args: Any, agency_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "officer", Officer.objects.filter(agency_id=agency_id, active=True))


class EventForm(ModelForm):
    class Meta:
        model = SecurityEvent
        fields = [
            "name",
            "school",
            "kind",
            "starts_at",
            "ends_at",
            "expected_attendance",
            "officers",
            "notes",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "officers": forms.CheckboxSelectMultiple(),
            "notes": TEXTAREA,
        }
        labels = {"officers": "Officers assigned"}

    def __init__(
        self, *args: Any, schools: Any, agency_id: Any, as_of: dt.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "school", schools)
        self.fields["officers"].queryset = Officer.objects.filter(  # type: ignore[attr-defined]
            agency_id=agency_id, active=True
        ).order_by("last_name", "first_name")
        mark_restricted(self.fields["officers"], as_of=as_of)
