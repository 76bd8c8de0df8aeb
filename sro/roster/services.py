"""Every write to the agency, officers and assignments: one transaction, one audit event each."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from sro.audittrail.services import audited, record_event, save_audited
from sro.core import clock
from sro.roster.gate import gate
from sro.roster.models import Agency, Assignment, Officer
from sro.scheduling.conflicts import Conflict, describe, is_supervisor


@audited
def save_agency(agency: Agency, *, actor: Any) -> Agency:
    save_audited(agency, actor=actor, noun="agency")
    return agency


@audited
def save_officer(officer: Officer, *, actor: Any) -> Officer:
    save_audited(officer, actor=actor, noun="officer")
    return officer


@audited
def save_assignment(
    assignment: Assignment,
    *,
    actor: Any,
    reason: str = "",
    override_reason: str = "",
    double_booking_reason: str = "",
) -> Assignment:
    """Save an assignment. If the officer's training verdict says they may not serve
    (Minn. Stat. 626.8482 subd. 3; policy 436.8, 436.9), a supervisor's override with a reason
    is required and recorded. An assignment that has already ended is a historical record and
    is not gated on training. If it would put the officer in two places at once (another school
    in session, or a duty, on the same day), a sergeant or the chief must give the reason,
    which its own audit event keeps. Every problem is reported at once, each on its field."""
    errors: dict[str, str] = {}
    found = gate(assignment, today=clock.today())
    if found.verdict is not None:
        if not override_reason.strip() or not getattr(actor, "pk", None):
            errors["override_reason"] = _override_needed_message(found.verdict)
        else:
            assignment.override_reason = override_reason.strip()
            assignment.override_by = actor
            assignment.override_at = clock.now()
            reason = reason or f"Supervisor override: {assignment.override_reason}"
    conflicts = found.conflicts
    booking = double_booking_reason.strip()
    if conflicts and not booking:
        errors["double_booking_reason"] = _double_booking_message(assignment, conflicts)
    elif conflicts and not is_supervisor(actor):
        errors["double_booking_reason"] = (
            "Only a sergeant or the chief may book an officer in two places at once."
        )
    if errors:
        raise ValidationError(errors)
    if conflicts:
        reason = reason or f"Booked in two places at once by a supervisor: {booking}"
    save_audited(assignment, actor=actor, noun="assignment", reason=reason)
    if conflicts:
        record_event(
            actor=actor,
            action="assignment.double_booking_override",
            target=assignment,
            reason=booking,
            new={"conflicts": [str(c) for c in conflicts]},
        )
    return assignment


def _double_booking_message(assignment: Assignment, conflicts: list[Conflict]) -> str:
    return (
        f"Two places at once: {describe(assignment.officer, conflicts)} Choose other dates or "
        "another officer; or, to book them anyway, a sergeant or the chief gives the reason "
        "here."
    )


def _override_needed_message(verdict: Any) -> str:
    reasons = " ".join(
        f"{r.message} ({r.citation})"
        for r in verdict.reasons
        if not r.code.endswith("_ok") and not r.code.startswith("certificate")
    )
    return (
        f"This officer may not serve on the assignment's start "
        f"({verdict.status.replace('_', ' ')}). "
        f"{reasons} To assign them anyway, a supervisor gives the reason here."
    )
