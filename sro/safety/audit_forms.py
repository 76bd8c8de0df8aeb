"""Input validation for the security audit pages: the walk of one area (ratings, notes and
photos), the officer who conducts the audit, findings with their recommendations, completion,
and the department's checklist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from sro.core.forms import CheckedImageField, DateInput, Form, ModelForm, limit_choices
from sro.roster.models import Officer
from sro.safety.models import (
    AuditAnswer,
    ChecklistArea,
    ChecklistItem,
    Finding,
    Rating,
    Recommendation,
    RecommendationStatus,
    Risk,
    SecurityAudit,
)
from sro.safety.services import PHOTO_TYPES
from sro.training.marks import mark_restricted

TEXTAREA = forms.Textarea(attrs={"rows": 3})
PHOTO_KINDS = "JPEG, PNG or WebP"


# --- Walking one area ---------------------------------------------------------------------------


def check_photo(upload: UploadedFile | None) -> UploadedFile | None:
    """A photo is a JPEG, PNG or WebP image of at most SRO_SAFETY_MAX_UPLOAD_MB, checked by its
    content: its CheckedImageField read it with Pillow and set the detected content type."""
    if upload is None:
        return None
    limit = settings.SRO_SAFETY_MAX_UPLOAD_MB
    if upload.size and upload.size > limit * 1024 * 1024:
        raise ValidationError(
            f"The photo is {upload.size / 1024 / 1024:.1f} MB; the limit is {limit} MB. Take it "
            "at a lower resolution."
        )
    if upload.content_type not in PHOTO_TYPES:
        raise ValidationError(f"Attach a {PHOTO_KINDS} photo.")
    return upload


@dataclass(frozen=True)
class ItemFields:
    """One checklist item of the area with its bound fields, for the template."""

    answer: AuditAnswer
    rating: forms.BoundField
    notes: forms.BoundField
    photo: forms.BoundField
    caption: forms.BoundField


class AreaForm(Form):
    """Every item of one area at once: a rating, notes and an optional new photo each."""

    def __init__(self, *args: Any, answers: Iterable[AuditAnswer], **kwargs: Any) -> None:
        self.answers = list(answers)
        super().__init__(*args, **kwargs)

    @classmethod
    def for_answers(cls, answers: Iterable[AuditAnswer], *args: Any, **kwargs: Any) -> AreaForm:
        """The form for these items: its fields are declared on a subclass made for them, so
        that they exist when the form is built and get the design system's classes."""
        rows = list(answers)
        fields = {k: v for a in rows for k, v in cls._fields_for(a).items()}
        form_class = type(cls.__name__, (cls,), fields)
        return form_class(*args, answers=rows, **kwargs)

    @staticmethod
    def _fields_for(a: AuditAnswer) -> dict[str, forms.Field]:
        limit = settings.SRO_SAFETY_MAX_UPLOAD_MB
        return {
            f"rating_{a.pk}": forms.ChoiceField(
                label="Rating",
                choices=Rating.choices,
                required=False,
                initial=a.rating,
                widget=forms.RadioSelect(attrs={"class": "usa-radio__input--tile"}),
                error_messages={"invalid_choice": f"Choose one of the ratings for “{a.prompt}”."},
            ),
            f"notes_{a.pk}": forms.CharField(
                label="Notes",
                required=False,
                initial=a.notes,
                widget=forms.Textarea(attrs={"rows": 2, "class": "height-10"}),
            ),
            f"photo_{a.pk}": CheckedImageField(
                allowed=PHOTO_TYPES,
                label="Add a photo",
                required=False,
                help_text=f"{PHOTO_KINDS}, at most {limit} MB. Shown only to those who may see "
                "this audit.",
                widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
                error_messages={
                    "invalid_image": f"This is not a {PHOTO_KINDS} photo, or it is damaged. "
                    "Take the photo again.",
                    "invalid_extension": f"Attach a {PHOTO_KINDS} photo.",
                },
            ),
            f"caption_{a.pk}": forms.CharField(
                label="Photo caption", required=False, max_length=200
            ),
        }

    def items(self) -> list[ItemFields]:
        return [
            ItemFields(
                answer=a,
                rating=self[f"rating_{a.pk}"],
                notes=self[f"notes_{a.pk}"],
                photo=self[f"photo_{a.pk}"],
                caption=self[f"caption_{a.pk}"],
            )
            for a in self.answers
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for a in self.answers:
            name = f"photo_{a.pk}"
            if name in data:
                try:
                    check_photo(data[name])
                except ValidationError as error:
                    self.add_error(name, error)
        return data

    def rows(self) -> list[tuple[AuditAnswer, str, str]]:
        """(answer, rating, notes) for the service."""
        data = self.cleaned_data
        return [(a, data[f"rating_{a.pk}"], data[f"notes_{a.pk}"]) for a in self.answers]

    def photos(self) -> list[tuple[AuditAnswer, UploadedFile, str]]:
        """(answer, upload, caption) for each photo attached."""
        data = self.cleaned_data
        return [
            (a, data[f"photo_{a.pk}"], data[f"caption_{a.pk}"])
            for a in self.answers
            if data.get(f"photo_{a.pk}")
        ]


# --- The officer who conducts the audit ---------------------------------------------------------


class AssignForm(Form):
    officer = forms.ModelChoiceField(
        queryset=Officer.objects.none(),
        label="Officer conducting the audit",
        help_text="Identifying vulnerabilities in school facilities and safety protocols is "
        "clause (5) of Minn. Stat. 626.8482, subd. 2(a). An officer marked “restricted” or "
        "“may not serve” is assigned it only on a supervisor's override.",
    )
    override_reason = forms.CharField(
        required=False,
        label="Supervisor override (only if the officer is restricted or may not serve)",
        help_text="Needed only for an officer in the training grace period, a substitute "
        "under the contact-day limit, or an officer whose training record says they may not "
        "serve; the reason is kept with the audit and in the audit trail.",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def __init__(self, *args: Any, audit: SecurityAudit, as_of: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        officers = Officer.objects.filter(agency_id=audit.school.audit_agency_id, active=True)
        limit_choices(self, "officer", officers)
        mark_restricted(self.fields["officer"], as_of=as_of)
        if not self.is_bound:
            self.initial.setdefault("officer", audit.officer_id)
            self.initial.setdefault("override_reason", audit.override_reason)


# --- Findings and recommendations ---------------------------------------------------------------


class RecommendationForm(ModelForm):
    class Meta:
        model = Recommendation
        fields = ["action", "owner", "due_on"]
        widgets = {"action": TEXTAREA, "due_on": DateInput()}
        help_texts = {
            "action": "What the school should do about the finding.",
            "owner": "The person or office at the school who sees it done.",
        }


class FindingForm(ModelForm):
    """A finding; a new one carries its first recommendation in the same form."""

    class Meta:
        model = Finding
        fields = ["answer", "title", "detail", "risk"]
        widgets = {"detail": TEXTAREA, "risk": forms.RadioSelect}
        help_texts = {
            "answer": "The checklist item the finding is about, if any.",
            "detail": "What was found and where. Security information: not public.",
        }

    def __init__(self, *args: Any, audit: SecurityAudit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.audit = audit
        limit_choices(self, "answer", AuditAnswer.objects.filter(audit=audit))
        self.fields["answer"].label_from_instance = lambda a: (  # type: ignore[attr-defined]
            f"{a.area}: {a.prompt}"
        )
        self.fields["risk"].choices = Risk.choices  # type: ignore[attr-defined]
        if self.instance._state.adding:
            extra = RecommendationForm(*args, **kwargs)
            for name, field in extra.fields.items():
                self.fields[name] = field
            self.fields["action"].label = "First recommendation"

    def recommendation(self) -> Recommendation | None:
        if not self.instance._state.adding:
            return None
        data = self.cleaned_data
        return Recommendation(action=data["action"], owner=data["owner"], due_on=data["due_on"])


class ProgressForm(ModelForm):
    """The school's progress on a recommendation."""

    class Meta:
        model = Recommendation
        fields = ["status", "status_note"]
        widgets = {"status": forms.RadioSelect, "status_note": TEXTAREA}
        help_texts = {
            "status_note": "What has been done, or why the recommendation is not being taken "
            "(needed for that)."
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = RecommendationStatus.choices  # type: ignore[attr-defined]


class CompleteForm(Form):
    summary = forms.CharField(
        label="Summary for the principal",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text="The audit's main points in a few sentences; it opens the report.",
    )


# --- The department's checklist -----------------------------------------------------------------


class ChecklistAreaForm(ModelForm):
    class Meta:
        model = ChecklistArea
        fields = ["name", "order", "source", "active"]
        help_texts = {
            "order": "Areas are walked from the lowest number up.",
            "active": "Untick to stop using the area in audits started from now on (audits "
            "already started keep their items).",
        }

    def __init__(self, *args: Any, agency_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.agency_id = agency_id


class ChecklistItemForm(ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["area", "prompt", "guidance", "order", "active"]
        widgets = {"guidance": TEXTAREA}
        help_texts = {
            "order": "Items are asked from the lowest number up within their area.",
            "active": "Untick to stop asking this item in audits started from now on (audits "
            "already started keep their words).",
        }

    def __init__(self, *args: Any, agency_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "area", ChecklistArea.objects.filter(agency_id=agency_id))
