"""Read helpers shared by the safety pages: each school's audit, drills, plan, recommendations
and events, in a fixed number of queries whatever the number of schools."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sro.rules import safety as rule
from sro.rules.dates import school_year_of
from sro.safety import facts
from sro.safety.models import (
    CLOSED_STATUSES,
    AuditStatus,
    Recommendation,
    SafetyPlan,
    SecurityAudit,
    SecurityEvent,
)
from sro.schools.models import School


@dataclass(frozen=True)
class SchoolSafety:
    school: School
    audit: rule.AuditStatus
    unfinished: SecurityAudit | None  # the audit open or in progress, if any
    drills: rule.DrillStatus
    plan: SafetyPlan | None
    open_recommendations: int
    overdue_recommendations: int
    upcoming_events: int
    today: dt.date

    @property
    def plan_review_overdue(self) -> bool:
        return self.plan is not None and self.plan.next_review_on < self.today

    @property
    def drills_short(self) -> list[rule.DrillRow]:
        return [r for r in self.drills.rows if not r.met]


def school_rows(
    schools: QuerySet[School], *, as_of: dt.date, school_year: str | None = None
) -> list[SchoolSafety]:
    """Each school's safety at a glance (drills of ``school_year``, by default the current
    one); overdue audits first, then by name."""
    batch = list(schools.select_related("education_agency").order_by("name"))
    ids = [s.pk for s in batch]
    audits = facts.audit_statuses(ids, as_of=as_of)
    drills = facts.drill_statuses(
        ids, school_year=school_year or school_year_of(as_of), as_of=as_of
    )
    unfinished = {
        a.school_id: a
        for a in SecurityAudit.objects.filter(school_id__in=ids)
        .exclude(status=AuditStatus.COMPLETED)
        .select_related("officer")
    }
    plans = {p.school_id: p for p in SafetyPlan.objects.filter(school_id__in=ids)}
    open_recs = Counter[Any]()
    late_recs = Counter[Any]()
    for school_id, due_on in (
        Recommendation.objects.filter(finding__audit__school_id__in=ids)
        .exclude(status__in=CLOSED_STATUSES)
        .values_list("finding__audit__school_id", "due_on")
    ):
        open_recs[school_id] += 1
        late_recs[school_id] += due_on < as_of
    events = Counter(
        SecurityEvent.objects.filter(school_id__in=ids, ends_at__date__gte=as_of).values_list(
            "school_id", flat=True
        )
    )
    rows = [
        SchoolSafety(
            school=s,
            audit=audits[s.pk],
            unfinished=unfinished.get(s.pk),
            drills=drills[s.pk],
            plan=plans.get(s.pk),
            open_recommendations=open_recs[s.pk],
            overdue_recommendations=late_recs[s.pk],
            upcoming_events=events[s.pk],
            today=as_of,
        )
        for s in batch
    ]
    return sorted(rows, key=lambda r: (not r.audit.overdue, r.school.name))


def overdue_audits(schools: QuerySet[School], *, as_of: dt.date) -> list[SchoolSafety]:
    return [r for r in school_rows(schools, as_of=as_of) if r.audit.overdue]


def audit_in_progress(school: Any) -> SecurityAudit | None:
    """The school's audit being walked now, if any."""
    return SecurityAudit.objects.filter(school=school, status=AuditStatus.IN_PROGRESS).first()
