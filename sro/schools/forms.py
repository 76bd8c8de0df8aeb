"""Input validation for districts and schools."""

from __future__ import annotations

from typing import Any

from sro.core.forms import ModelForm, limit_choices
from sro.schools.models import EducationAgency, School


class EducationAgencyForm(ModelForm):
    class Meta:
        model = EducationAgency
        fields = ["name", "kind", "number", "contact_name", "contact_email"]


class SchoolForm(ModelForm):
    class Meta:
        model = School
        fields = ["name", "level", "education_agency", "address", "principal_name", "active"]

    def __init__(self, *args: Any, agency_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "education_agency", EducationAgency.objects.filter(agency_id=agency_id))
