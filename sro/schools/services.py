"""Every write to districts and schools: one transaction, one audit event each."""

from __future__ import annotations

from typing import Any

from sro.audittrail.services import audited, save_audited
from sro.schools.models import EducationAgency, School


@audited
def save_education_agency(lea: EducationAgency, *, actor: Any) -> EducationAgency:
    action = "education_agency.create" if lea._state.adding else "education_agency.update"
    save_audited(lea, actor=actor, action=action)
    return lea


@audited
def save_school(school: School, *, actor: Any) -> School:
    action = "school.create" if school._state.adding else "school.update"
    save_audited(school, actor=actor, action=action)
    return school
