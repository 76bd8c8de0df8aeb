"""Where the safety rules are called: audit dates, drill counts and an officer's training
restriction, gathered from the database in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Min

from sro.core import clock
from sro.roster.models import Officer
from sro.rules import safety as rule
from sro.safety.models import AuditStatus, Drill, SecurityAudit


def drill_minimums() -> Mapping[str, int]:
    """The yearly minimums the department keeps as settings (Minn. Stat. 121A.035, subd. 2)."""
    return {
        "lockdown": settings.SRO_DRILL_MINIMUM_LOCKDOWN,
        "fire": settings.SRO_DRILL_MINIMUM_FIRE,
        "tornado": settings.SRO_DRILL_MINIMUM_TORNADO,
    }


def audit_statuses(
    school_ids: Iterable[uuid.UUID], *, as_of: dt.date
) -> dict[Any, rule.AuditStatus]:
    """Each school's audit status on ``as_of``: two queries whatever the number of schools."""
    ids = list(school_ids)
    last = dict(
        SecurityAudit.objects.filter(school_id__in=ids, status=AuditStatus.COMPLETED)
        .values("school_id")
        .annotate(last=Max("completed_on"))
        .values_list("school_id", "last")
    )
    started = dict(
        SecurityAudit.objects.filter(school_id__in=ids, status=AuditStatus.IN_PROGRESS)
        .values("school_id")
        .annotate(since=Min("started_at"))
        .values_list("school_id", "since")
    )
    zone = clock.agency_zone()
    result = {}
    for school_id in ids:
        since = started.get(school_id)
        since_day = since.astimezone(zone).date() if since is not None else None
        if since_day is not None and since_day > as_of:
            since_day = as_of
        result[school_id] = rule.audit_status(
            last.get(school_id), in_progress_since=since_day, as_of=as_of
        )
    return result


def audit_status_for(school: Any, *, as_of: dt.date) -> rule.AuditStatus:
    return audit_statuses([school.pk], as_of=as_of)[school.pk]


def drill_statuses(
    school_ids: Iterable[uuid.UUID], *, school_year: str, as_of: dt.date
) -> dict[Any, rule.DrillStatus]:
    """Each school's drills in ``school_year`` against the minimums, in one query."""
    ids = list(school_ids)
    counts: dict[Any, dict[str, int]] = {i: {} for i in ids}
    rows = (
        Drill.objects.filter(school_id__in=ids, school_year=school_year)
        .values("school_id", "kind")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["school_id"]][row["kind"]] = row["n"]
    minimums = drill_minimums()
    return {
        i: rule.drill_status(counts[i], minimums=minimums, school_year=school_year, as_of=as_of)
        for i in ids
    }


def restriction(officer: Officer, *, as_of: dt.date) -> tuple[bool, str]:
    """Whether the training verdict restricts the officer from clauses (4) and (5), and why."""
    from sro.training.queries import compliance_for

    row = compliance_for(officer, as_of=as_of)
    first = row.verdict.reasons[0] if row.verdict.reasons else None
    why = f"{first.message} ({first.citation})" if first else ""
    return row.restricted, why


def assignment_verdict(
    officer: Officer, duty: rule.Duty, *, override_reason: str, as_of: dt.date
) -> rule.AssignmentVerdict:
    from sro.training.queries import compliance_for

    row = compliance_for(officer, as_of=as_of)
    return rule.may_assign(
        duty,
        restricted=row.restricted,
        override_reason=override_reason,
        not_serving=row.not_serving_why,
    )
