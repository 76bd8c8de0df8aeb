"""Access helpers for school calendars (in the district's scope), officers' schedules (in the
officer's scope) and school coverage (the agency, or the user's schools)."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404

from sro.accounts.permissions import ObjectScope, Reach, Role, list_reach
from sro.accounts.principal import principal_for
from sro.core.access import enforce, require_list
from sro.roster.access import officer_scope
from sro.roster.models import Assignment, Officer
from sro.scheduling.models import Absence, Duty, PatrolPull
from sro.schools.access import education_agency_scope
from sro.schools.models import EducationAgency


def get_calendar_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> EducationAgency:
    lea = EducationAgency.objects.filter(pk=pk).first()
    if lea is None:
        raise Http404("No such district or charter school.")
    enforce(user, "calendar", education_agency_scope(lea), write=write)
    return lea


def get_schedule_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> Officer:
    """An officer's schedule: the agency's supervisors and staff, or the officer themself."""
    officer = Officer.objects.filter(pk=pk).first()
    if officer is None:
        raise Http404("No such officer.")
    enforce(user, "schedule", officer_scope(officer), write=write)
    return officer


def get_feed_owner_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> Officer:
    officer = Officer.objects.filter(pk=pk).first()
    if officer is None:
        raise Http404("No such officer.")
    enforce(user, "calendar_feed", officer_scope(officer), write=write)
    return officer


def coverage_school_ids(user: Any) -> frozenset[uuid.UUID] | None:
    """The schools whose coverage the user may see: None for the whole agency."""
    require_list(user, "coverage")
    p = principal_for(user)
    if list_reach(p, "coverage") is Reach.AGENCY:
        return None
    ids = set(p.school_ids)
    if p.officer_id:
        ids |= set(
            Assignment.objects.filter(officer_id=p.officer_id).values_list("school_id", flat=True)
        )
    return frozenset(ids)


def sees_private_reasons(user: Any) -> bool:
    """Department staff see why an officer is away; school administrators see only that
    coverage changed, unless the sergeant marked the reason public."""
    return principal_for(user).role not in {None, Role.SCHOOL_ADMIN}


def sees_training(user: Any) -> bool:
    """Whether the user reads every officer's training verdict (the reason an officer may not
    serve); an SRO reads only their own, a school administrator none."""
    p = principal_for(user)
    return p.role is not None and list_reach(p, "training") is Reach.AGENCY


def _record_scope(record: Absence | Duty | PatrolPull) -> ObjectScope:
    return officer_scope(record.officer)


def get_entry_for_user(
    user: Any, model: type[Absence | Duty | PatrolPull], pk: uuid.UUID, *, write: bool = False
) -> Absence | Duty | PatrolPull:
    record = model.objects.select_related("officer").filter(pk=pk).first()
    if record is None:
        raise Http404("No such record.")
    enforce(user, "schedule", _record_scope(record), write=write)
    return record
