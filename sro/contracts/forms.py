"""Input validation for contracts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from sro.contracts.models import Contract
from sro.core.forms import DateInput, ModelForm, limit_choices
from sro.schools.models import EducationAgency, School


class ContractForm(ModelForm):
    class Meta:
        model = Contract
        fields = [
            "title",
            "education_agency",
            "start_date",
            "end_date",
            "signed_on",
            "schools",
            "notes",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "signed_on": DateInput(),
            "schools": forms.CheckboxSelectMultiple(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, agency_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.agency_id = agency_id
        limit_choices(self, "education_agency", EducationAgency.objects.filter(agency_id=agency_id))
        limit_choices(self, "schools", School.objects.filter(education_agency__agency_id=agency_id))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lea, schools = data.get("education_agency"), data.get("schools")
        if lea is not None and schools:
            stray = [s.name for s in schools if s.education_agency_id != lea.id]
            if stray:
                self.add_error(
                    "schools",
                    ValidationError(
                        f"Not schools of {lea.name}: {', '.join(stray)}. A contract covers only "
                        "the schools of its own district or charter school; untick them."
                    ),
                )
        return data
