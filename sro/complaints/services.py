"""Receiving, reviewing and closing complaints about an SRO. Every change is an audit event whose
old and new values leave out the complainant and the account of what happened."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Length

from sro.audittrail.services import audited, save_audited
from sro.complaints.models import NARRATIVE_MAX, PRIVATE_FIELDS, Complaint, Outcome, Status
from sro.core import clock


def _local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(clock.agency_zone()).date()


def _check_links(complaint: Complaint) -> None:
    """The school must be one the agency serves a district or charter school of; the officer
    one of the agency's."""
    errors: dict[str, str] = {}
    if complaint.school is not None and (
        complaint.school.education_agency.agency_id != complaint.agency_id
    ):
        errors["school"] = "Choose a school of a district or charter school this department serves."
    if complaint.officer is not None and complaint.officer.agency_id != complaint.agency_id:
        errors["officer"] = "Choose an officer of this department."
    if errors:
        raise ValidationError(errors)


def _check_submission(complaint: Complaint) -> None:
    errors: dict[str, str] = {}
    if not complaint.narrative.strip():
        errors["narrative"] = "Describe what happened."
    elif len(complaint.narrative) > NARRATIVE_MAX:
        errors["narrative"] = (
            f"Keep the account of what happened to {NARRATIVE_MAX} characters "
            f"(it has {len(complaint.narrative)})."
        )
    if complaint.occurred_on is not None and complaint.occurred_on > clock.today():
        errors["occurred_on"] = "The day it happened cannot be in the future."
    elif (
        complaint.occurred_on is not None
        and complaint.received_at is not None
        and complaint.occurred_on > _local_day(complaint.received_at)
    ):
        errors["occurred_on"] = (
            "The day it happened cannot be after the complaint was received "
            f"({_local_day(complaint.received_at)})."
        )
    if complaint.reply_wanted and not (
        complaint.complainant_email.strip() or complaint.complainant_phone.strip()
    ):
        errors["complainant_email"] = (
            "To get a reply, give an e-mail address or a phone number (or untick the reply box)."
        )
    if errors:
        raise ValidationError(errors)


def _next_reference(complaint: Complaint) -> str:
    """The agency's next reference of the year: `C-2026-0001`, ... (a longer number sorts
    after a shorter one, so the highest is found by length, then text)."""
    prefix = f"C-{_local_day(complaint.received_at).year}-"
    latest = (
        Complaint.objects.filter(agency_id=complaint.agency_id, reference__startswith=prefix)
        .annotate(size=Length("reference"))
        .order_by("-size", "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    tail = (latest or "").removeprefix(prefix)
    return f"{prefix}{(int(tail) if tail.isdigit() else 0) + 1:04d}"


def _save_with_next_reference(complaint: Complaint, *, actor: Any, tries: int = 5) -> None:
    """Two complaints sent at once may draw the same reference: the later takes the next."""
    for attempt in range(tries):
        complaint.reference = _next_reference(complaint)
        try:
            with transaction.atomic():
                save_audited(complaint, actor=actor, noun="complaint", private=PRIVATE_FIELDS)
            return
        except IntegrityError:
            if attempt == tries - 1:
                raise
            complaint._state.adding = True


@audited
def submit_complaint(
    complaint: Complaint, *, actor: Any, received_at: dt.datetime | None = None
) -> Complaint:
    """Receive a complaint (from the public form, `actor=None`) and give it the agency's next
    reference number. `received_at` is for complaints entered after the fact (the demo)."""
    complaint.received_at = received_at or clock.now()
    complaint.status = Status.RECEIVED
    complaint.recorded_by = actor if getattr(actor, "pk", None) else None
    complaint.narrative = complaint.narrative.strip()
    for name in ("officer_name_given", "complainant_name", "complainant_email"):
        setattr(complaint, name, getattr(complaint, name).strip())
    complaint.complainant_phone = complaint.complainant_phone.strip()
    _check_submission(complaint)
    _check_links(complaint)
    complaint.full_clean(exclude=["reference"])
    _save_with_next_reference(complaint, actor=actor)
    return complaint


@audited
def start_review(complaint: Complaint, *, actor: Any) -> Complaint:
    """The chief acknowledges the complaint and begins the review."""
    if complaint.status != Status.RECEIVED:
        raise ValidationError(f"{complaint} is already {complaint.get_status_display().lower()}.")
    complaint.status = Status.UNDER_REVIEW
    complaint.acknowledged_at, complaint.acknowledged_by = clock.now(), actor
    return save_audited(complaint, actor=actor, action="complaint.review", private=PRIVATE_FIELDS)


@audited
def close_complaint(
    complaint: Complaint,
    *,
    actor: Any,
    outcome: str,
    outcome_on: dt.date | None,
    note: str = "",
) -> Complaint:
    """Close a complaint under review with its outcome and the day it was reached."""
    if complaint.status != Status.UNDER_REVIEW:
        if complaint.status == Status.CLOSED:
            raise ValidationError(f"{complaint} is already closed.")
        raise ValidationError("Start the review before closing the complaint.")
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = "Choose the outcome."
    received = _local_day(complaint.received_at)
    if outcome_on is None:
        errors["outcome_on"] = "Give the date of the outcome."
    elif outcome_on < received:
        errors["outcome_on"] = (
            f"The outcome date cannot be before the complaint was received ({received})."
        )
    elif outcome_on > clock.today():
        errors["outcome_on"] = "The outcome date cannot be in the future."
    if errors:
        raise ValidationError(errors)
    complaint.status = Status.CLOSED
    complaint.outcome, complaint.outcome_on = outcome, outcome_on
    complaint.outcome_note = note.strip()
    complaint.closed_at, complaint.closed_by = clock.now(), actor
    complaint.full_clean()
    return save_audited(complaint, actor=actor, action="complaint.close", private=PRIVATE_FIELDS)


@audited
def assign_officer_and_school(
    complaint: Complaint, *, actor: Any, officer: Any, school: Any
) -> Complaint:
    """Record the officer and the school once the department has identified them (either may
    be left blank)."""
    if complaint.status == Status.CLOSED:
        raise ValidationError(f"{complaint} is closed: it is no longer changed.")
    complaint.officer, complaint.school = officer, school
    _check_links(complaint)
    return save_audited(complaint, actor=actor, action="complaint.identify", private=PRIVATE_FIELDS)
