"""Input validation for the agency, officers and assignments."""

from __future__ import annotations

from typing import Any

from django import forms

from sro.accounts.models import Role, User
from sro.contracts.models import Contract
from sro.core import clock
from sro.core.forms import DateInput, ModelForm, limit_choices
from sro.roster.models import Agency, Assignment, Officer
from sro.schools.models import School
from sro.training.marks import mark_restricted


class AgencyForm(ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "ori", "chief_name", "city", "website"]


class OfficerForm(ModelForm):
    class Meta:
        model = Officer
        fields = [
            "first_name",
            "last_name",
            "badge_number",
            "post_license_number",
            "email",
            "phone",
            "active",
            "supervisor",
        ]

    def __init__(self, *args: Any, agency_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.agency_id = agency_id
        limit_choices(
            self,
            "supervisor",
            User.objects.filter(
                membership__agency_id=agency_id,
                membership__role__in=[Role.SERGEANT, Role.CHIEF],
                is_active=True,
            ),
        )


class AssignmentForm(ModelForm):
    override_reason = forms.CharField(
        required=False,
        label="Supervisor override (only if the officer may not serve)",
        help_text="Needed only when the officer's training verdict says they may not serve on "
        "the start date; the reason is kept in the audit trail.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    double_booking_reason = forms.CharField(
        required=False,
        max_length=500,
        label="Supervisor override (only if the officer is booked elsewhere on these days)",
        help_text="Needed only when the officer is already expected at another school or on a "
        "duty on some of these school days; a sergeant or the chief gives the reason, which the "
        "audit trail keeps.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Assignment
        fields = [
            "officer",
            "school",
            "contract",
            "role",
            "start_date",
            "end_date",
            "employer_could_not_provide_training",
            "notes",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, agency_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        officers = Officer.objects.filter(agency_id=agency_id)
        if self.instance._state.adding:
            officers = officers.filter(active=True)
        limit_choices(self, "officer", officers)
        # The same list assigns substitute cover: a restricted officer is marked in both.
        mark_restricted(self.fields["officer"], as_of=clock.today())
        limit_choices(
            self,
            "school",
            School.objects.filter(education_agency__agency_id=agency_id).select_related(
                "education_agency"
            ),
        )
        limit_choices(self, "contract", Contract.objects.filter(agency_id=agency_id))
