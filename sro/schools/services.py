"""Every write to districts and schools: one transaction, one audit event each."""

from __future__ import annotations

from typing import Any

from sro.audittrail.services import audited, save_audited
from sro.schools.models import EducationAgency, School


@audited
def save_education_agency(lea: EducationAgency, *, actor: Any) -> EducationAgency:
    save_audited(lea, actor=actor, noun="education_agency")
    return lea


@audited
def save_school(school: School, *, actor: Any) -> School:
    save_audited(school, actor=actor, noun="school")
    return school
