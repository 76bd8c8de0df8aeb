"""Incident forms: quick entry on a phone, the details, a person, what was done with a person,
the review and the stated purpose for opening private data."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.db.models import Q

from sro.core import clock
from sro.core.forms import DateInput, Form, ModelForm, SchoolYearField, limit_choices
from sro.incidents.models import Incident, IncidentPerson, Offense, PersonKind
from sro.roster.models import Assignment, Officer
from sro.rules.dates import school_year_of
from sro.schools.models import School

YES_NO_UNKNOWN = [("", "Not answered"), ("true", "Yes"), ("false", "No")]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def yes_no(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO_UNKNOWN,
        coerce=lambda v: v == "true",
        empty_value=None,
        required=False,
        help_text=help_text,
    )


def bool_initial(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


class ComboSelect(forms.Select):
    """A select the design system's combo box turns into a type-to-search list."""

    template_name = "forms/combo_select.html"


class OffenseChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Offense) -> str:
        return f"{obj.citation} {obj.title}"


class IncidentForm(ModelForm):
    """The incident itself; quick entry shows the first few fields, the rest come later."""

    offense = OffenseChoice(
        queryset=Offense.objects.filter(active=True),
        required=False,
        widget=ComboSelect,
        label="Offense (Minnesota statute)",
        help_text="Type to search by number or name. Leave empty when no crime is alleged.",
    )
    violates_school_rules = yes_no("Does it also break school rules?")

    class Meta:
        model = Incident
        fields = [
            "school",
            "occurred_at",
            "summary",
            "initiated_by",
            "place",
            "offense",
            "violates_school_rules",
            "narrative",
            "investigation_active",
        ]
        widgets = {
            "occurred_at": DateTimeInput(),
            "narrative": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(
        self, *args: Any, agency_id: uuid.UUID, officer_id: uuid.UUID | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance.agency_id = agency_id
        schools = School.objects.filter(education_agency__agency_id=agency_id, active=True)
        if officer_id is not None and self.instance._state.adding:
            today = clock.today()
            mine = Assignment.objects.filter(officer_id=officer_id, start_date__lte=today).filter(
                Q(end_date__isnull=True) | Q(end_date__gte=today)
            )
            school_ids = list(mine.values_list("school_id", flat=True))
            if school_ids:
                self.fields["school"].initial = school_ids[0]
        limit_choices(self, "school", schools)
        if not self.is_bound:
            self.initial["violates_school_rules"] = bool_initial(
                self.instance.violates_school_rules
            )
            if self.instance._state.adding and "occurred_at" not in self.initial:
                self.initial["occurred_at"] = clock.now().astimezone(clock.agency_zone())


class QuickIncidentForm(IncidentForm):
    """A few taps on a phone: where, when, a one-line summary, who called the SRO in."""

    officer = forms.ModelChoiceField(
        queryset=Officer.objects.none(),
        required=False,
        label="Reporting officer",
        help_text="Whose incident this is (you, unless you record it for someone).",
    )

    class Meta(IncidentForm.Meta):
        fields = ["school", "occurred_at", "summary", "initiated_by", "place"]

    def __init__(
        self, *args: Any, agency_id: uuid.UUID, officer_id: uuid.UUID | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, agency_id=agency_id, officer_id=officer_id, **kwargs)
        self.officer_id = officer_id
        for name in ("offense", "violates_school_rules"):
            del self.fields[name]
        if officer_id is not None:
            del self.fields["officer"]
        else:
            self.fields["officer"].required = True
            limit_choices(self, "officer", Officer.objects.filter(agency_id=agency_id, active=True))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        officer = data.get("officer")
        self.instance.officer_id = officer.pk if officer else self.officer_id
        return data


class PersonForm(ModelForm):
    english_learner = yes_no("English learner")

    class Meta:
        model = IncidentPerson
        fields = [
            "kind",
            "role",
            "first_name",
            "last_name",
            "date_of_birth",
            "grade",
            "sex",
            "race_ethnicity",
            "disability",
            "english_learner",
            "education_plan",
            "guardian_of",
            "phone",
            "email",
            "address",
            "identity_protected",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "education_plan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, incident: Incident, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.incident = incident
        students = IncidentPerson.objects.filter(incident=incident, kind=PersonKind.STUDENT)
        if self.instance.pk:
            students = students.exclude(pk=self.instance.pk)
        limit_choices(self, "guardian_of", students)
        self.fields["guardian_of"].label_from_instance = lambda p: p.label  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial["english_learner"] = bool_initial(self.instance.english_learner)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("guardian_of") and data.get("kind") != PersonKind.PARENT:
            self.add_error(
                "guardian_of",
                "Only a parent or guardian is linked to a student. Choose “Parent or guardian” "
                "as the kind, or leave this empty.",
            )
        return data


class DispositionForm(ModelForm):
    """What was done with a person, and the questions policy 436.6 asks about it."""

    school_referral_considered = yes_no(
        "Was referral to school authorities considered?",
        "Asked when the incident is a crime that also breaks school rules (policy 436.6).",
    )
    alternatives_considered = yes_no(
        "Were diversion or restorative justice considered?",
        "Asked for a citation, a referral to court or prosecutor, or an arrest (model policy "
        "IV.F.1).",
    )
    arrest_out_of_view = yes_no(
        "Was the arrest made in a non-communal area, out of other students' view?",
        "Custodial arrest only (policy 436.6).",
    )

    class Meta:
        model = IncidentPerson
        fields = [
            "disposition",
            "program_run_by",
            "school_referral_considered",
            "school_referral_reason",
            "school_summary",
            "alternatives_considered",
            "alternatives_note",
            "arrest_reason",
            "arrest_out_of_view",
            "arrest_location_note",
            "staff_notice",
            "staff_names",
            "staff_not_practicable_reason",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "school_referral_reason",
                "school_summary",
                "alternatives_note",
                "arrest_reason",
                "arrest_location_note",
                "staff_not_practicable_reason",
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            for name in (
                "school_referral_considered",
                "alternatives_considered",
                "arrest_out_of_view",
            ):
                self.initial[name] = bool_initial(getattr(self.instance, name))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("disposition") == "referred_to_school"
            and not (data.get("school_summary") or "").strip()
        ):
            self.add_error(
                "school_summary",
                "Say what the school needs to know to act on the referral; the school "
                "administrator sees this text, not the police narrative.",
            )
        return data


class ReviewForm(Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("return", "Return for changes")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when returning: say what needs to change.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", "Say what needs to change before returning it.")
        return data


class PurposeForm(Form):
    """Why the reader opens a person's private data; one of the listed purposes."""

    purpose = forms.ChoiceField(
        label="Why are you opening this record?",
        widget=forms.RadioSelect,
        help_text="Your answer is written to the access log with your name and the time.",
    )

    def __init__(self, *args: Any, purposes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["purpose"])
        field.choices = [(p, p) for p in purposes]


class AcknowledgeForm(Form):
    note = forms.CharField(
        label="Note for the SRO (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FigureFilter(Form):
    school_year = SchoolYearField(required=False)

    @classmethod
    def chosen(cls, data: Any) -> tuple[FigureFilter, str]:
        """The filter bound to the query, and the school year it names (this one by default)."""
        year = school_year_of(clock.today())
        form = cls(data or None, initial={"school_year": year})
        if form.is_valid() and form.cleaned_data["school_year"]:
            year = form.cleaned_data["school_year"]
        return form, year
