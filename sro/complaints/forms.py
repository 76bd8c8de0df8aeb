"""The public complaint form and the chief's forms to identify, review and close a complaint."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from sro.complaints.models import NARRATIVE_MAX, OUTCOME_HELP, Complaint, Outcome
from sro.core.forms import DateInput, Form, ModelForm, limit_choices
from sro.roster.models import Agency, Officer
from sro.schools.models import School


class PublicComplaintForm(ModelForm):
    """What a member of the public tells the department. Everything about themselves is
    optional; only the department and what happened are required."""

    agency = forms.ModelChoiceField(
        label="Police department",
        queryset=Agency.objects.none(),
        empty_label="Choose the department",
        error_messages={
            "required": "Choose the police department the officer works for.",
            "invalid_choice": "Choose one of the police departments listed.",
        },
    )
    school = forms.ChoiceField(
        label="School",
        required=False,
        help_text="Where it happened, if it was at or about a school.",
        error_messages={"invalid_choice": "Choose one of the schools listed, or leave it blank."},
    )

    class Meta:
        model = Complaint
        fields = [
            "agency",
            "school",
            "officer_name_given",
            "occurred_on",
            "narrative",
            "complainant_name",
            "complainant_email",
            "complainant_phone",
            "reply_wanted",
        ]
        labels = {
            "officer_name_given": "The officer's name or badge number",
            "occurred_on": "When it happened",
            "narrative": "What happened",
            "complainant_name": "Your name",
            "complainant_email": "Your e-mail address",
            "complainant_phone": "Your phone number",
            "reply_wanted": "I would like a reply",
        }
        help_texts = {
            "officer_name_given": "If you know it. Leave it blank if you do not.",
            "occurred_on": "If you know the day. Leave it blank if you do not.",
            "narrative": (
                f"Tell us what the officer did, where, and who was there (up to {NARRATIVE_MAX} "
                "characters)."
            ),
            "complainant_name": "Optional: you may complain without giving your name.",
            "complainant_email": "Optional. Give an e-mail address or a phone number for a reply.",
            "complainant_phone": "Optional.",
            "reply_wanted": "Then give an e-mail address or a phone number above.",
        }
        widgets = {
            "occurred_on": DateInput(),
            "narrative": forms.Textarea(attrs={"rows": 8, "maxlength": NARRATIVE_MAX}),
            "complainant_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "complainant_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "complainant_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }
        error_messages = {
            "narrative": {
                "required": "Describe what happened.",
                "max_length": f"Keep the account of what happened to {NARRATIVE_MAX} characters.",
            },
            "occurred_on": {"invalid": "Enter the day it happened as a date, such as 2026-11-20."},
            "complainant_email": {
                "invalid": "Enter an e-mail address such as name@example.com, or leave it blank."
            },
        }

    def __init__(
        self, *args: Any, agencies: Any, schools: dict[uuid.UUID, list[School]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "agency", agencies)
        agency_field = self.fields["agency"]
        names = {a.pk: a.name for a in agencies}
        if len(names) == 1:
            (only,) = names
            agency_field.widget = forms.HiddenInput()
            agency_field.initial = only
        self._schools = {s.pk: s for rows in schools.values() for s in rows}
        choices: list[Any] = [("", "Not at a school, or I do not know")]
        for agency_id, rows in schools.items():
            group = [(str(s.pk), s.name) for s in rows]
            if group and len(names) > 1:  # grouped under each department's name
                choices.append((names.get(agency_id, ""), group))
            else:
                choices.extend(group)
        self.fields["school"].choices = choices  # type: ignore[attr-defined]
        self.fields["narrative"].required = True

    def clean_school(self) -> School | None:
        value = self.cleaned_data.get("school") or ""
        if not value:
            return None
        return self._schools[uuid.UUID(value)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        school, agency = data.get("school"), data.get("agency")
        if (
            school is not None
            and agency is not None
            and school.education_agency.agency_id != agency.pk
        ):
            self.add_error("school", f"{school.name} is not served by {agency.name}.")
        if data.get("reply_wanted") and not (
            data.get("complainant_email") or data.get("complainant_phone")
        ):
            self.add_error(
                "complainant_email",
                "To get a reply, give an e-mail address or a phone number "
                "(or untick “I would like a reply”).",
            )
        return data


class AssignForm(Form):
    officer = forms.ModelChoiceField(
        label="Officer complained about",
        queryset=Officer.objects.none(),
        required=False,
        empty_label="Not identified",
    )
    school = forms.ModelChoiceField(
        label="School", queryset=School.objects.none(), required=False, empty_label="No school"
    )

    def __init__(self, *args: Any, agency_id: uuid.UUID, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "officer", Officer.objects.filter(agency_id=agency_id))
        limit_choices(
            self,
            "school",
            School.objects.filter(education_agency__agency_id=agency_id).order_by("name"),
        )


class CloseForm(Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[
            (value, f"{label}: {OUTCOME_HELP[Outcome(value)]}") for value, label in Outcome.choices
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome."},
    )
    outcome_on = forms.DateField(
        label="Outcome date",
        widget=DateInput(),
        help_text="The day the outcome was reached.",
        error_messages={
            "required": "Give the date of the outcome.",
            "invalid": "Enter the outcome date as a date, such as 2026-11-20.",
        },
    )
    note = forms.CharField(
        label="Note on the outcome",
        required=False,
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was done, for the file (private: not shown on any public page).",
    )
