"""Forms for force reports, their review, intervention reports, BCA months and alerts."""

from __future__ import annotations

from typing import Any

from django import forms

from sro.core.forms import DateInput, Form, ModelForm, limit_choices
from sro.incidents.forms import DateTimeInput, bool_initial, yes_no
from sro.incidents.forms import ReviewForm as IncidentReviewForm
from sro.incidents.models import Incident, IncidentPerson, PersonKind
from sro.rules.force import CONSIDERATIONS, DEESCALATION
from sro.use_of_force.models import BcaSubmission, ForceReport, ForceType, InterventionReport

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class ForceReportForm(ModelForm):
    force_used = forms.ModelMultipleChoiceField(
        queryset=ForceType.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Force used",
        help_text="Restraints Minn. Stat. 609.06, subd. 3 allows only where deadly force is "
        "authorized are marked “restricted”.",
    )
    deescalation = forms.MultipleChoiceField(
        choices=[(t.id, t.title) for t in DEESCALATION],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="De-escalation techniques used (model policy IV.D.2)",
    )
    applied = forms.MultipleChoiceField(
        choices=[(c.id, f"{c.number}. {c.title}") for c in CONSIDERATIONS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Considerations that applied (model policy IV.E.3)",
    )
    considerations_note = forms.CharField(
        required=False, widget=TEXTAREA, label="How the considerations weighed"
    )
    education_plan_known = yes_no("Was an education plan or accommodations known?")
    education_plan_considered = yes_no("Were they considered?")
    condition_assessed = yes_no("Was the student's condition assessed afterwards?")
    aid_rendered = yes_no("Was aid rendered?")

    class Meta:
        model = ForceReport
        fields = [
            "subject",
            "occurred_at",
            "force_used",
            "force_other",
            "deescalation",
            "deescalation_other",
            "education_plan_known",
            "education_plan_considered",
            "education_plan_note",
            "deadly_force_justification",
            "injury",
            "injury_description",
            "condition_assessed",
            "aid_rendered",
            "aid_by",
            "prone_start",
            "prone_end",
            "restored_at",
            "narrative",
        ]
        widgets = {
            "occurred_at": DateTimeInput(),
            "prone_start": DateTimeInput(),
            "prone_end": DateTimeInput(),
            "restored_at": DateTimeInput(),
            "deescalation_other": TEXTAREA,
            "education_plan_note": TEXTAREA,
            "deadly_force_justification": TEXTAREA,
            "injury_description": TEXTAREA,
            "narrative": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args: Any, incident: Incident, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.incident = incident
        limit_choices(
            self,
            "subject",
            IncidentPerson.objects.filter(incident=incident, kind=PersonKind.STUDENT),
        )
        self.fields["subject"].label_from_instance = lambda p: p.label  # type: ignore[attr-defined]
        self.fields["force_used"].label_from_instance = lambda t: (  # type: ignore[attr-defined]
            f"{t.label} (restricted)" if t.restricted else t.label
        )
        if not self.is_bound:
            saved = self.instance.considerations or {}
            self.initial["deescalation"] = list(self.instance.deescalation or [])
            self.initial["applied"] = list(saved.get("applied", []))
            self.initial["considerations_note"] = saved.get("note", "")
            for name in (
                "education_plan_known",
                "education_plan_considered",
                "condition_assessed",
                "aid_rendered",
            ):
                self.initial[name] = bool_initial(getattr(self.instance, name))
            if self.instance._state.adding:
                self.initial.setdefault("occurred_at", incident.occurred_at)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.instance.deescalation = list(data.get("deescalation") or [])
        self.instance.considerations = {
            "applied": list(data.get("applied") or []),
            "note": (data.get("considerations_note") or "").strip(),
        }
        return data


class ReviewForm(IncidentReviewForm):
    """The incident's review form; the sergeant's approval sends the report on to the chief."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "decision"
        ].help_text = "The sergeant's approval sends the report on to the chief."


class InterventionForm(ModelForm):
    class Meta:
        model = InterventionReport
        fields = ["observed_at", "observed_officer", "statement"]
        widgets = {"observed_at": DateTimeInput(), "statement": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "statement": "What you saw. Filing it sends it to the chief and stamps the time "
            "(due within 24 hours of seeing it, Minn. Stat. 626.8475)."
        }


class BcaSubmissionForm(ModelForm):
    """What went to the BCA for a month: the kind of report, the day it was sent and the
    state's reference (or a note). The page shows it back for confirmation before saving."""

    class Meta:
        model = BcaSubmission
        fields = ["month", "zero_report", "incidents_reported", "sent_on", "reference", "note"]
        widgets = {"month": forms.HiddenInput(), "sent_on": DateInput(), "note": TEXTAREA}


class AlertReviewForm(Form):
    outcome = forms.CharField(widget=TEXTAREA, label="Outcome of the review", max_length=4000)
