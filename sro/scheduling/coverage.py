"""Which schools have an SRO on each day, and where every officer is expected: the rows the
day view, the month view, the list of days to assign and the problems list are built from."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from sro.contracts.models import Contract
from sro.roster.models import Assignment, Officer
from sro.rules import schedule as rule
from sro.scheduling.models import PatrolPull
from sro.scheduling.plans import calendars_for, count_unknown, officer_week, with_schedule_records
from sro.schools.models import School

KIND_LABELS = {
    "instructional": "School day",
    "late_start": "Late start",
    "early_release": "Early release",
    "no_school": "No school",
    "break": "Break",
    "summer": "Summer",
    None: "No calendar entry",
}


@dataclass
class OfficerOnDay:
    officer: Officer
    assignment: Assignment
    plan: rule.DayPlan
    pulls: list[PatrolPull] = field(default_factory=list)


@dataclass
class SchoolDay:
    school: School
    day: dt.date
    day_kind: str | None
    contract: Contract | None  # the contract that covers the school on this day, if any
    coverage: rule.Coverage
    officers: list[OfficerOnDay]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.day_kind, self.day_kind or "")

    @property
    def promised(self) -> bool:
        return self.contract is not None


@dataclass
class Window:
    """Everything needed to plan an agency's officers and schools over some days."""

    first: dt.date
    last: dt.date
    officers: dict[uuid.UUID, Officer]
    weeks: dict[uuid.UUID, rule.OfficerWeek]
    calendars: rule.Calendars
    pulls: dict[tuple[uuid.UUID, dt.date], list[PatrolPull]]

    def plan(self, officer_id: uuid.UUID, day: dt.date) -> rule.DayPlan:
        return rule.plan_day(
            self.weeks[officer_id], day, self.calendars, count_unknown=count_unknown()
        )


def window(agency_id: Any, first: dt.date, last: dt.date, *, officer_ids: Any = None) -> Window:
    officers_qs = Officer.objects.filter(agency_id=agency_id)
    if officer_ids is not None:
        officers_qs = officers_qs.filter(id__in=officer_ids)
    officers = {o.id: o for o in with_schedule_records(officers_qs)}
    weeks = {pk: officer_week(o) for pk, o in officers.items()}
    lea_ids = {a.school.education_agency_id for o in officers.values() for a in o.assignments.all()}
    lea_ids |= set(
        School.objects.filter(education_agency__agency_id=agency_id).values_list(
            "education_agency_id", flat=True
        )
    )
    pulls: dict[tuple[uuid.UUID, dt.date], list[PatrolPull]] = defaultdict(list)
    for o in officers.values():
        for p in o.patrol_pulls.all():
            if first <= p.day <= last:
                pulls[(o.id, p.day)].append(p)
    return Window(first, last, officers, weeks, calendars_for(lea_ids, first, last), pulls)


def coverage_range(
    agency_id: Any, first: dt.date, last: dt.date, *, school_ids: Any = None
) -> dict[dt.date, list[SchoolDay]]:
    """Each school's coverage on each day from `first` to `last`."""
    schools = list(
        School.objects.filter(education_agency__agency_id=agency_id, active=True)
        .select_related("education_agency")
        .order_by("education_agency__name", "name")
    )
    if school_ids is not None:
        schools = [s for s in schools if s.id in school_ids]
    w = window(agency_id, first, last)
    posts: dict[uuid.UUID, list[Assignment]] = defaultdict(list)
    for officer in w.officers.values():
        for a in officer.assignments.all():
            posts[a.school_id].append(a)
    contracts = list(
        Contract.objects.filter(agency_id=agency_id, start_date__lte=last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .prefetch_related("schools")
    )
    result: dict[dt.date, list[SchoolDay]] = {}
    for day in rule.days_between(first, last):
        rows = []
        for school in schools:
            here = [a for a in posts[school.id] if a.is_current(day)]
            on_day = [
                OfficerOnDay(
                    w.officers[a.officer_id],
                    a,
                    w.plan(a.officer_id, day),
                    w.pulls.get((a.officer_id, day), []),
                )
                for a in here
            ]
            kind = w.calendars.get(str(school.education_agency_id), {}).get(day)
            coverage = rule.school_coverage(
                str(school.id),
                kind,
                [rule.OfficerAtSchool(str(o.officer.id), o.plan) for o in on_day],
                weekday=day.weekday() < rule.SATURDAY,
            )
            contract = next(
                (
                    c
                    for c in contracts
                    if c.covers_date(day) and any(s.id == school.id for s in c.schools.all())
                ),
                None,
            )
            rows.append(SchoolDay(school, day, kind, contract, coverage, on_day))
        result[day] = rows
    return result


def coverage_on(agency_id: Any, day: dt.date, *, school_ids: Any = None) -> list[SchoolDay]:
    return coverage_range(agency_id, day, day, school_ids=school_ids)[day]


@dataclass
class MonthDay:
    plan: rule.DayPlan
    school_names: list[str]
    pulls: list[PatrolPull]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.plan.day_kind, "") if self.plan.day_kind else ""


def officer_days(officer: Officer, first: dt.date, last: dt.date) -> list[MonthDay]:
    """Where the officer is expected on each day, with school names and the pulls."""
    w = window(officer.agency_id, first, last, officer_ids=[officer.pk])
    names = {str(a.school_id): a.school.name for a in w.officers[officer.pk].assignments.all()}
    return [
        MonthDay(
            plan,
            [names[s] for s in plan.schools],
            w.pulls.get((officer.pk, plan.day), []),
        )
        for plan in (w.plan(officer.pk, day) for day in rule.days_between(first, last))
    ]


@dataclass
class ToAssign:
    officer: Officer
    first: dt.date
    last: dt.date
    status: str  # "awaiting_assignment" or "summer"
    day_kind: str | None
    days: int

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.day_kind, "")


def days_to_assign(agency_id: Any, first: dt.date, last: dt.date) -> list[ToAssign]:
    """Weekdays when an officer's schools are closed and no duty is assigned yet, as runs of
    consecutive weekdays per officer (policy 436.4.1)."""
    w = window(agency_id, first, last)
    runs: list[ToAssign] = []
    for officer in sorted(w.officers.values(), key=lambda o: (o.last_name, o.first_name)):
        current: ToAssign | None = None
        for day in rule.days_between(first, last):
            plan = w.plan(officer.pk, day)
            if plan.status == "off" and current is not None:
                continue  # a weekend does not break a run
            if plan.needs_assignment and current and current.status == plan.status:
                current.last, current.days = day, current.days + 1
                continue
            current = None
            if plan.needs_assignment:
                current = ToAssign(officer, day, day, plan.status, plan.day_kind, 1)
                runs.append(current)
    return sorted(runs, key=lambda r: (r.first, r.officer.last_name))
