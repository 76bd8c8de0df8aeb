"""Which schools have an SRO on each day, and where every officer is expected: the one answer
that the day view, the month view, the home pages, the API, the calendar feed and the problems
list are built from.

The answer is the schedule (policy 436.4.1) as the training rule lets it stand: an officer whom
the rule does not allow to serve on a day (Minn. Stat. 626.8482, subd. 3, decided by
`sro.training` and never recomputed here) is not on duty at the schools the schedule expects
them at, so a school with no one else is a gap, with the reason and its citation.
"""

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
from sro.rules.training import Reason, Verdict, blocking_reasons
from sro.scheduling.models import PatrolPull
from sro.scheduling.plans import calendars_for, count_unknown, officer_week, school_year_start
from sro.schools.models import School
from sro.training.facts import DayVerdict, verdicts_between, with_training_records
from sro.training.queries import STATUS_LABELS

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
    plan: rule.DayPlan  # the answer: the schedule as the training rule lets it stand
    pulls: list[PatrolPull] = field(default_factory=list)
    verdict: Verdict | None = None  # the training verdict on the day

    @property
    def bars(self) -> tuple[Reason, ...]:
        """Why the officer may not serve at the school on the day (empty when they may)."""
        if self.plan.status != "may_not_serve" or self.verdict is None:
            return ()
        return blocking_reasons(self.verdict)

    @property
    def training_label(self) -> str:
        return STATUS_LABELS[self.verdict.status] if self.verdict else ""


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
    calendars: rule.Calendars  # from the start of `first`'s school year (for contact days)
    pulls: dict[tuple[uuid.UUID, dt.date], list[PatrolPull]]
    verdicts: dict[uuid.UUID, dict[dt.date, DayVerdict]] = field(default_factory=dict)

    def scheduled(self, officer_id: uuid.UUID, day: dt.date) -> rule.DayPlan:
        """Where the duty schedule alone expects the officer (for double bookings, for the
        days sergeants must assign, and for counting contact days)."""
        return rule.plan_day(
            self.weeks[officer_id], day, self.calendars, count_unknown=count_unknown()
        )

    def day_verdict(self, officer_id: uuid.UUID, day: dt.date) -> DayVerdict:
        """The training verdict on the day, as the training module decides it."""
        if officer_id not in self.verdicts:
            self.verdicts[officer_id] = verdicts_between(
                self.officers[officer_id], self.first, self.last, calendars=self.calendars
            )
        return self.verdicts[officer_id][day]

    def verdict(self, officer_id: uuid.UUID, day: dt.date) -> Verdict:
        return self.day_verdict(officer_id, day).verdict

    def plan(self, officer_id: uuid.UUID, day: dt.date) -> rule.DayPlan:
        """The answer: where the officer is on duty, with the training rule applied."""
        plan = self.scheduled(officer_id, day)
        if plan.status not in rule.AT_SCHOOL:
            return plan
        verdict = self.verdict(officer_id, day)
        bars = blocking_reasons(verdict)
        return rule.serving(
            plan,
            may_serve=verdict.may_serve,
            why=f"{STATUS_LABELS[verdict.status]}: "
            + " ".join(f"{r.message} ({r.citation})" for r in bars),
            citation=bars[0].citation if bars else rule.TRAINING_CITATION,
        )


def window(agency_id: Any, first: dt.date, last: dt.date, *, officer_ids: Any = None) -> Window:
    officers_qs = Officer.objects.filter(agency_id=agency_id)
    if officer_ids is not None:
        officers_qs = officers_qs.filter(id__in=officer_ids)
    officers = {o.id: o for o in with_training_records(officers_qs)}
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
    calendars = calendars_for(lea_ids, school_year_start(first), last)
    return Window(first, last, officers, weeks, calendars, pulls)


def coverage_range(
    agency_id: Any,
    first: dt.date,
    last: dt.date,
    *,
    school_ids: Any = None,
    w: Window | None = None,
) -> dict[dt.date, list[SchoolDay]]:
    """Each school's coverage on each day from `first` to `last` (`w`: a window of the agency
    already built for those days)."""
    schools = list(
        School.objects.filter(education_agency__agency_id=agency_id, active=True)
        .select_related("education_agency")
        .order_by("education_agency__name", "name")
    )
    if school_ids is not None:
        schools = [s for s in schools if s.id in school_ids]
    w = w or window(agency_id, first, last)
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
            # One line per officer: a cover at their own school does not make them two people
            # (the SRO post is named before a substitute's, then the earlier one).
            here: list[Assignment] = []
            for a in sorted(
                (a for a in posts[school.id] if a.is_current(day)),
                key=lambda a: (a.role != Assignment.Role.SRO, a.start_date),
            ):
                if all(a.officer_id != other.officer_id for other in here):
                    here.append(a)
            on_day = [
                OfficerOnDay(
                    w.officers[a.officer_id],
                    a,
                    w.plan(a.officer_id, day),
                    w.pulls.get((a.officer_id, day), []),
                    w.verdict(a.officer_id, day),
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
    plan: rule.DayPlan  # the answer: the schedule as the training rule lets it stand
    school_names: list[str]  # where the officer is on duty
    pulls: list[PatrolPull]
    scheduled: rule.DayPlan  # the duty schedule alone (what the officer was booked for)
    barred_names: list[str] = field(default_factory=list)  # booked there, may not serve
    verdict: Verdict | None = None
    contact_days: int = 0  # in the day's school year, through the day

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.plan.day_kind, "") if self.plan.day_kind else ""

    @property
    def bars(self) -> tuple[Reason, ...]:
        if self.plan.status != "may_not_serve" or self.verdict is None:
            return ()
        return blocking_reasons(self.verdict)

    @property
    def training_label(self) -> str:
        return STATUS_LABELS[self.verdict.status] if self.verdict else ""


def officer_days(officer: Officer, first: dt.date, last: dt.date) -> list[MonthDay]:
    """Where the officer is on duty each day, with school names, the pulls and the verdict."""
    w = window(officer.agency_id, first, last, officer_ids=[officer.pk])
    names = {str(a.school_id): a.school.name for a in w.officers[officer.pk].assignments.all()}
    days = []
    for day in rule.days_between(first, last):
        plan, verdict = w.plan(officer.pk, day), w.day_verdict(officer.pk, day)
        days.append(
            MonthDay(
                plan,
                [names[s] for s in plan.schools],
                w.pulls.get((officer.pk, day), []),
                w.scheduled(officer.pk, day),
                [names[s] for s in plan.barred_from],
                verdict.verdict,
                verdict.contact_days,
            )
        )
    return days


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
            plan = w.scheduled(officer.pk, day)
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
