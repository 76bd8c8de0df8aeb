"""API for duty schedules and school coverage (read-only; writes go through the pages)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema

from sro.accounts.principal import agency_id_of, principal_for
from sro.core import clock
from sro.core.api import Day, ErrorOut, ValidationOut
from sro.scheduling import access, coverage

router = Router(tags=["schedules"])
ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ValidationOut}
MAX_DAYS = 92


class DayOut(Schema):
    day: dt.date
    status: str
    explanation: str
    citation: str
    calendar: str
    schools: list[str]
    contact_day: bool
    duty: str
    patrol_pulls: list[str]
    may_serve: bool | None  # the training verdict on the day; null with no assignment
    training_status: str  # the verdict's status on the day ("not_assigned" without one)
    barred_from: list[str]  # schools the schedule books them at where they may not serve


class CoverageOut(Schema):
    school_id: uuid.UUID
    school: str
    calendar: str
    contract_covers: bool
    status: str
    reason: str
    explanation: str
    gaps: list[str]
    officers_on_duty: list[str]
    officers_who_may_not_serve: list[str]  # posted here; given to those who read training


@router.get("/schedule/officers/{officer_id}", response={200: list[DayOut], **ERRORS})
def officer_schedule(
    request: HttpRequest,
    officer_id: uuid.UUID,
    first: Day | None = None,
    last: Day | None = None,
) -> object:
    """Where the officer is expected each day (policy 436.4.1); at most 92 days at a time."""
    officer = access.get_schedule_for_user(request.user, officer_id)
    first = first or clock.today()
    last = last or first + dt.timedelta(days=30)
    if last < first or (last - first).days >= MAX_DAYS:
        raise ValidationError(
            {"last": f"Give a last day on or after the first, at most {MAX_DAYS} days in all."}
        )
    return [
        {
            "day": d.plan.day,
            "status": d.plan.status,
            "explanation": d.plan.explanation,
            "citation": d.plan.citation,
            "calendar": d.kind_label,
            "schools": d.school_names,
            "contact_day": d.plan.contact_day,
            "duty": d.plan.duty.label if d.plan.duty else "",
            "patrol_pulls": [p.hours_label for p in d.pulls],
            "may_serve": None
            if d.verdict is None or d.verdict.status == "not_assigned"
            else d.verdict.may_serve,
            "training_status": d.verdict.status if d.verdict else "not_assigned",
            "barred_from": d.barred_names,
        }
        for d in coverage.officer_days(officer, first, last)
    ]


@router.get("/coverage", response={200: list[CoverageOut], **ERRORS})
def school_coverage(request: HttpRequest, day: Day | None = None) -> object:
    """Which schools have an SRO on the day: an officer the training rule does not allow to serve
    is not on duty (reason "training"). School administrators get their schools, and the
    reason only as "changed"."""
    school_ids = access.coverage_school_ids(request.user)
    reasons = access.sees_private_reasons(request.user)
    training = access.sees_training(request.user)
    own = principal_for(request.user).officer_id
    rows = coverage.coverage_on(
        agency_id_of(request.user), day or clock.today(), school_ids=school_ids
    )
    return [
        {
            "school_id": r.school.pk,
            "school": r.school.name,
            "calendar": r.kind_label,
            "contract_covers": r.promised,
            "status": r.coverage.status,
            "reason": r.coverage.reason if reasons else ("changed" if r.coverage.changed else ""),
            "explanation": r.coverage.explanation if reasons else "",
            "gaps": [f"{a:%H:%M}-{b:%H:%M}" for a, b in r.coverage.gaps],
            "officers_on_duty": [
                o.officer.full_name for o in r.officers if str(r.school.pk) in o.plan.schools
            ],
            "officers_who_may_not_serve": [
                o.officer.full_name
                for o in r.officers
                if o.plan.status == "may_not_serve" and (training or o.officer.pk == own)
            ],
        }
        for r in rows
    ]
