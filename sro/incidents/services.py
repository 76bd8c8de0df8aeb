"""Every write to incidents: one transaction each, with its audit events. Private values (names,
the narrative) are recorded in the audit trail as changed, never copied into it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Length

from sro.audittrail.services import audited, record_event, save_audited
from sro.core import clock
from sro.incidents.facts import finding_for
from sro.incidents.models import (
    PRIVATE_PERSON_FIELDS,
    Incident,
    IncidentPerson,
    NarrativeVersion,
    Offense,
    ReviewAction,
    ReviewStep,
    Status,
)

PRIVATE_INCIDENT_FIELDS = frozenset({"narrative"})


def _locked(incident: Incident) -> None:
    if not incident.editable:
        raise ValidationError(
            f"{incident} is {incident.get_status_display().lower()}: it can be changed only "
            "while it is a draft or after it is returned for changes."
        )


def _next_number(incident: Incident) -> str:
    """The year's next case number: `2026-0001`, ... (longer numbers sort after shorter ones,
    so the highest is found with the index, not by reading the year's every number)."""
    year = incident.occurred_at.astimezone(clock.agency_zone()).year
    prefix = f"{year}-"
    latest = (
        Incident.objects.filter(agency_id=incident.agency_id, number__startswith=prefix)
        .annotate(size=Length("number"))
        .order_by("-size", "-number")
        .values_list("number", flat=True)
        .first()
    )
    tail = (latest or "").removeprefix(prefix)
    return f"{prefix}{(int(tail) if tail.isdigit() else 0) + 1:04d}"


def _keep_narrative(incident: Incident, *, actor: Any) -> None:
    latest = incident.narratives.order_by("-version").first()
    if incident.narrative and (latest is None or latest.text != incident.narrative):
        save_audited(
            NarrativeVersion(
                incident=incident,
                version=(latest.version if latest else 0) + 1,
                text=incident.narrative,
                written_by=actor,
                written_at=clock.now(),
            ),
            actor=actor,
            noun="narrative",
            private={"text"},
        )


@audited
def create_incident(incident: Incident, *, actor: Any) -> Incident:
    """Record a new incident as a draft, with the department's next case number."""
    incident.clean()
    incident.status = Status.DRAFT
    incident.created_by = actor
    if incident.number:
        save_audited(incident, actor=actor, noun="incident", private=PRIVATE_INCIDENT_FIELDS)
    else:
        _save_with_next_number(incident, actor=actor)
    _keep_narrative(incident, actor=actor)
    return incident


def _save_with_next_number(incident: Incident, *, actor: Any, tries: int = 5) -> None:
    """Two officers saving at once may draw the same number: the loser takes the next one."""
    for attempt in range(tries):
        incident.number = _next_number(incident)
        try:
            with transaction.atomic():
                save_audited(
                    incident, actor=actor, noun="incident", private=PRIVATE_INCIDENT_FIELDS
                )
            return
        except IntegrityError:
            if attempt == tries - 1:
                raise
            incident._state.adding = True


@audited
def update_incident(incident: Incident, *, actor: Any) -> Incident:
    """Save changes to a draft or returned incident; a changed narrative becomes a new version."""
    _locked(Incident.objects.get(pk=incident.pk))
    incident.clean()
    save_audited(incident, actor=actor, noun="incident", private=PRIVATE_INCIDENT_FIELDS)
    _keep_narrative(incident, actor=actor)
    return incident


@audited
def save_person(person: IncidentPerson, *, actor: Any, action: str = "") -> IncidentPerson:
    """Add or change a person in an incident, or what was done with them."""
    _locked(person.incident)
    person.clean()
    if person._state.adding:
        top = IncidentPerson.objects.filter(incident=person.incident).aggregate(m=Max("position"))
        person.position = (top["m"] or 0) + 1
    save_audited(
        person, actor=actor, noun="incident_person", action=action, private=PRIVATE_PERSON_FIELDS
    )
    return person


@audited
def submit_incident(incident: Incident, *, actor: Any) -> Incident:
    """Send the record to a sergeant; refused while the policy's questions are unanswered."""
    _locked(incident)
    problems: dict[str, list[str]] = {}
    if not incident.narrative.strip():
        problems.setdefault("narrative", []).append("Write what happened before submitting.")
    for reason in finding_for(incident).missing:
        problems.setdefault("__all__", []).append(f"{reason.message} ({reason.citation})")
    if problems:
        raise ValidationError(problems)
    old = incident.status
    incident.status = Status.SUBMITTED
    incident.submitted_by, incident.submitted_at = actor, clock.now()
    incident.reviewed_by, incident.reviewed_at = None, None
    incident.save()
    _step(incident, ReviewAction.SUBMITTED, actor=actor, comment="", old=old)
    return incident


@audited
def review_incident(incident: Incident, *, actor: Any, approve: bool, comment: str) -> Incident:
    """A sergeant or the chief approves the record or returns it with what to change."""
    if incident.status != Status.SUBMITTED:
        raise ValidationError("Only a submitted incident can be reviewed.")
    if not approve and not comment.strip():
        raise ValidationError({"comment": "Say what needs to change before returning it."})
    if incident.submitted_by_id == getattr(actor, "pk", None):
        raise ValidationError("Someone other than the person who submitted it reviews it.")
    old = incident.status
    incident.status = Status.APPROVED if approve else Status.RETURNED
    incident.reviewed_by, incident.reviewed_at = actor, clock.now()
    incident.review_comment = comment.strip()
    incident.save()
    action = ReviewAction.APPROVED if approve else ReviewAction.RETURNED
    _step(incident, action, actor=actor, comment=comment.strip(), old=old)
    return incident


def _step(incident: Incident, action: str, *, actor: Any, comment: str, old: str) -> None:
    ReviewStep.objects.create(
        incident=incident, action=action, by=actor, at=clock.now(), comment=comment
    )
    record_event(
        actor=actor,
        action=f"incident.{action}",
        target=incident,
        old={"status": old},
        new={"status": incident.status},
        reason=comment,
    )


@audited
def acknowledge_referral(person: IncidentPerson, *, actor: Any, note: str) -> IncidentPerson:
    """The school records that it received a referral to school authorities."""
    if person.disposition != "referred_to_school":
        raise ValidationError("Only a referral to school authorities is acknowledged.")
    if person.acknowledged_at is not None:
        raise ValidationError("This referral is already acknowledged.")
    person.acknowledged_by, person.acknowledged_at = actor, clock.now()
    person.acknowledgement_note = note.strip()
    save_audited(
        person,
        actor=actor,
        action="incident_person.acknowledge",
        private=PRIVATE_PERSON_FIELDS,
    )
    return person


@audited
def save_offense(offense: Offense, *, actor: Any) -> Offense:
    save_audited(offense, actor=actor, noun="offense")
    return offense
