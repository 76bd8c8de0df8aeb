"""Every write to the agency, officers and assignments: one transaction, one audit event each."""

from __future__ import annotations

from typing import Any

from sro.audittrail.services import audited, save_audited
from sro.roster.models import Agency, Assignment, Officer


@audited
def save_agency(agency: Agency, *, actor: Any) -> Agency:
    action = "agency.create" if agency._state.adding else "agency.update"
    save_audited(agency, actor=actor, action=action)
    return agency


@audited
def save_officer(officer: Officer, *, actor: Any) -> Officer:
    action = "officer.create" if officer._state.adding else "officer.update"
    save_audited(officer, actor=actor, action=action)
    return officer


@audited
def save_assignment(assignment: Assignment, *, actor: Any, reason: str = "") -> Assignment:
    action = "assignment.create" if assignment._state.adding else "assignment.update"
    save_audited(assignment, actor=actor, action=action, reason=reason)
    return assignment
