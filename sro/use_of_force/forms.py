"""Forms for force reports, their review, intervention reports, BCA months and alerts."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from sro.core.forms import DateInput, Form, ModelForm, limit_choices
from sro.incidents.forms import DateTimeInput, bool_initial, yes_no
from sro.incidents.models import Incident, IncidentPerson, PersonKind
from sro.rules.force import CONSIDERATIONS, DEESCALATION
from sro.rules.force_review import ReviewOption
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


class ReviewForm(Form):
    """One level's review. Each level has its own wording; the decision's values are the same
    ("approve" forwards a sergeant's review, completes a chief's). The chief's review as
    supervisor and the single-level review add their explicit choice and its reason."""

    heading = ""
    intro = ""
    approve_label = ""
    button = ""

    decision = forms.ChoiceField(widget=forms.RadioSelect)
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text="Required when returning: say what needs to change.",
    )

    def __init__(self, *args: Any, option: ReviewOption | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision = cast(forms.ChoiceField, self.fields["decision"])
        decision.choices = [
            ("approve", self.approve_label),
            ("return", "Return it to the officer for changes"),
        ]
        self.option = option

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", "Say what needs to change before returning it.")
        return data


class SergeantReviewForm(ReviewForm):
    heading = "Sergeant's review"
    intro = (
        "The first of two reviews. Forwarding sends the report to the chief for the second; "
        "returning sends it back to the officer."
    )
    approve_label = "Forward it to the chief"
    button = "Record the sergeant's review"

    def __init__(self, *args: Any, option: ReviewOption | None = None, **kwargs: Any) -> None:
        super().__init__(*args, option=option, **kwargs)
        self.fields["decision"].label = "The sergeant's decision"
        self.fields["comment"].label = "Sergeant's comment"
        if option is not None and option.as_supervisor:
            self.heading = "Sergeant's review, as supervisor"
            self.intro = (
                "This report waits for a sergeant's review. As chief you may give it in the "
                "sergeant's place only as supervisor, with the reason: the history will say "
                "“chief, reviewing as supervisor”. The chief's review then needs another "
                "chief-level reviewer, or you record it as a single-level review with its reason."
            )
            self.button = "Record the review as supervisor"
            self.fields["as_supervisor"] = forms.BooleanField(
                required=True,
                label="I give the sergeant's review as supervisor, in the sergeant's place",
                error_messages={"required": "Tick this to give the sergeant's review as chief."},
            )
            self.fields["reason"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
                label="Why you review as supervisor",
                help_text="For example: the sergeant submitted the report for the officer.",
                error_messages={"required": "Write why you give the sergeant's review."},
            )
            self.order_fields(["as_supervisor", "reason", "decision", "comment"])


class ChiefReviewForm(ReviewForm):
    heading = "Chief's review"
    intro = (
        "The second review, after the sergeant's. Approving completes the review; returning "
        "sends the report back to the officer, and it starts again with a sergeant."
    )
    approve_label = "Approve the report"
    button = "Record the chief's review"

    def __init__(self, *args: Any, option: ReviewOption | None = None, **kwargs: Any) -> None:
        super().__init__(*args, option=option, **kwargs)
        self.fields["decision"].label = "The chief's decision"
        self.fields["comment"].label = "Chief's comment"
        if option is not None and option.single_level:
            self.heading = "Chief's review, single-level"
            self.intro = (
                "You gave the sergeant's review of this report as supervisor, so your review "
                "here would make one person both levels. Another chief-level reviewer may give "
                "the chief's review instead; if you give it, it is recorded as a single-level "
                "review with your reason."
            )
            self.button = "Record the single-level review"
            self.fields["single_level"] = forms.BooleanField(
                required=True,
                label="Record this as a single-level review",
                error_messages={"required": "Tick this to give the chief's review yourself."},
            )
            self.fields["reason"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
                label="Why no other chief-level reviewer gives it",
                error_messages={"required": "Write why the review is single-level."},
            )
            self.order_fields(["single_level", "reason", "decision", "comment"])


def review_form_class(level: str | None) -> type[ReviewForm]:
    return ChiefReviewForm if level == "chief" else SergeantReviewForm


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
