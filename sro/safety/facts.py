"""Where the safety rules are called: audit dates, drill counts and an officer's training
restriction, gathered from the database in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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


@dataclass(frozen=True)
class AuditDue:
    """When one audit is due and whether it is overdue on the as-of day."""

    due_on: dt.date
    overdue: bool
    days_overdue: int | None


def audit_dues(audits: Iterable[SecurityAudit], *, as_of: dt.date) -> dict[uuid.UUID, AuditDue]:
    """Each audit's due date and whether it is overdue, asked of its school's audit status (the
    rule that the school page and the home card ask too): an audit still to finish is due when
    the school's is and overdue when the school's is. The stored `due_on` of an audit opened
    after the school's due date is its opening day; it is shown only for a school never audited
    (the rule has no due date for it) and for a completed audit, which is never overdue."""
    rows = list(audits)
    unfinished = {a.school_id for a in rows if a.status != AuditStatus.COMPLETED}
    statuses = audit_statuses(unfinished, as_of=as_of)
    result = {}
    for audit in rows:
        if audit.status == AuditStatus.COMPLETED:
            result[audit.pk] = AuditDue(audit.due_on, False, None)
            continue
        status = statuses[audit.school_id]
        result[audit.pk] = AuditDue(
            status.due_on or audit.due_on, status.overdue, status.days_overdue
        )
    return result


def audit_due(audit: SecurityAudit, *, as_of: dt.date) -> AuditDue:
    return audit_dues([audit], as_of=as_of)[audit.pk]


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
