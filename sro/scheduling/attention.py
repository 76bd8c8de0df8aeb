"""What sergeants must look at: officers in two places at once, assignments outside their
contract, promised school days without an SRO, officers booked at school on days the training
rule does not allow them to serve, and substitutes nearing or past 60 contact days.

Everything here reads the one answer of `sro.scheduling.coverage`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q

from sro.roster.models import Assignment, Officer
from sro.rules import schedule as rule
from sro.rules.dates import school_year_of
from sro.rules.params import RULES
from sro.rules.training import blocking_reasons
from sro.scheduling.coverage import Window, coverage_range, window
from sro.training.queries import STATUS_LABELS

HORIZON_DAYS = 56  # how far ahead the problems page and the supervisors' homes look


@dataclass
class Problem:
    kind: str  # "double_booked", "outside_contract", "no_sro", "may_not_serve"
    title: str
    detail: str
    first: dt.date | None = None
    last: dt.date | None = None
    days: int = 0
    link: str = ""
    subject: str = ""  # the school or officer it is about
    why: str = ""  # the reason alone, for the home pages


def _runs(days: list[dt.date]) -> list[tuple[dt.date, dt.date, int]]:
    """Consecutive dates (weekends between school days do not break a run)."""
    runs: list[tuple[dt.date, dt.date, int]] = []
    for day in sorted(days):
        if runs and (day - runs[-1][1]).days <= 3:
            runs[-1] = (runs[-1][0], day, runs[-1][2] + 1)
        else:
            runs.append((day, day, 1))
    return runs


def _weekday_runs(days: list[dt.date]) -> list[tuple[dt.date, dt.date, int]]:
    """Consecutive dates, a weekend between them not breaking a run (a weekday missing does:
    an officer absent or on duty that day is not booked at school)."""
    runs: list[tuple[dt.date, dt.date, int]] = []
    for day in sorted(days):
        between = rule.days_between(runs[-1][1] + dt.timedelta(days=1), day) if runs else ()
        if runs and all(d.weekday() >= rule.SATURDAY for d in between if d != day):
            runs[-1] = (runs[-1][0], day, runs[-1][2] + 1)
        else:
            runs.append((day, day, 1))
    return runs


def _index_runs(indexes: list[int], days: list[dt.date]) -> list[tuple[dt.date, dt.date, int]]:
    """Runs of consecutive positions in a list of school days."""
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return [(days[a], days[b], b - a + 1) for a, b in runs]


def double_booked(
    agency_id: Any, first: dt.date, last: dt.date, *, w: Window | None = None
) -> list[Problem]:
    """Officers the schedule books at two schools in session on the same day (whatever the
    training rule says: the booking itself is the problem)."""
    w = w or window(agency_id, first, last)
    problems = []
    for officer in w.officers.values():
        if len(officer.assignments.all()) < 2:
            continue
        by_schools: dict[tuple[str, ...], list[dt.date]] = {}
        for day in rule.days_between(first, last):
            plan = w.scheduled(officer.pk, day)
            if plan.status in {"school", "no_calendar"} and len(plan.schools) > 1:
                by_schools.setdefault(plan.schools, []).append(day)
        names = {str(a.school_id): a.school.name for a in officer.assignments.all()}
        for schools, days in by_schools.items():
            for start, end, count in _runs(days):
                problems.append(
                    Problem(
                        "double_booked",
                        f"{officer.full_name} is expected at two schools at once",
                        " and ".join(names[s] for s in schools),
                        start,
                        end,
                        count,
                        officer.get_absolute_url(),
                    )
                )
    return problems


def outside_contract(agency_id: Any, as_of: dt.date) -> list[Problem]:
    """Current and future assignments that their contract (as amended since) does not cover."""
    rows = (
        Assignment.objects.filter(officer__agency_id=agency_id)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=as_of))
        .select_related("officer", "school", "contract")
        .prefetch_related("contract__schools")
    )
    problems = []
    for a in rows:
        contract = a.contract
        reasons = []
        if all(s.id != a.school_id for s in contract.schools.all()):
            reasons.append(f"{a.school.name} is not among the contract's schools")
        if a.start_date < contract.start_date:
            reasons.append(f"it starts {a.start_date}, before the term starts")
        if contract.end_date and a.end_date and a.end_date > contract.end_date:
            reasons.append(f"it ends {a.end_date}, after the term ends")
        if contract.end_date and a.end_date is None and contract.end_date < as_of:
            reasons.append("it is open-ended but the term has ended")
        if reasons:
            problems.append(
                Problem(
                    "outside_contract",
                    f"{a.officer.full_name} at {a.school.name}: outside "
                    f"\u201c{contract.title}\u201d ({contract.term_label})",
                    "; ".join(reasons) + ".",
                    link=a.get_absolute_url(),
                )
            )
    return problems


REASON_LABELS = {
    "vacancy": "no SRO assigned",
    "absence": "the SRO is absent",
    "patrol_pull": "the SRO is pulled to patrol",
    "duty": "the SRO is on another assigned duty",
    "training": "the SRO posted here may not serve under the training rule",
}


def _who_may_not_serve(row: Any) -> tuple[tuple[str, str, str], ...]:
    """The officers posted at the school who may not serve that day: name, status, citation."""
    return tuple(
        (o.officer.full_name, o.training_label.lower(), o.bars[0].citation if o.bars else "")
        for o in row.officers
        if o.plan.status == "may_not_serve"
    )


def school_days_without_sro(
    agency_id: Any, first: dt.date, last: dt.date, *, w: Window | None = None
) -> list[Problem]:
    """Runs of consecutive school days (days without school between them do not break a run)
    on which a school the contract covers has no SRO, by reason (and, for the training rule,
    by who may not serve)."""
    missing: dict[tuple[Any, str, tuple[tuple[str, str, str], ...]], list[int]] = {}
    session: dict[Any, list[dt.date]] = {}
    schools = {}
    for day, rows in coverage_range(agency_id, first, last, w=w).items():
        for row in rows:
            if row.coverage.status == "not_in_session":
                continue
            session.setdefault(row.school.id, []).append(day)
            if row.promised and row.coverage.status == "gap":
                schools[row.school.id] = row.school
                who = _who_may_not_serve(row) if row.coverage.reason == "training" else ()
                key = (row.school.id, row.coverage.reason, who)
                missing.setdefault(key, []).append(len(session[row.school.id]) - 1)
    problems = []
    for (school_id, reason, who), indexes in missing.items():
        days = session[school_id]
        named = "; ".join(f"{name} ({status}, {citation})" for name, status, citation in who)
        why = REASON_LABELS.get(reason, reason) + (f": {named}" if who else "")
        for start, end, count in _index_runs(indexes, days):
            problems.append(
                Problem(
                    "no_sro",
                    f"{schools[school_id].name}: no SRO on a school day the contract covers",
                    f"Why: {why}.",
                    start,
                    end,
                    count,
                    subject=schools[school_id].name,
                    why=why,
                )
            )
    return problems


def booked_but_may_not_serve(
    agency_id: Any, first: dt.date, last: dt.date, *, w: Window | None = None
) -> list[Problem]:
    """Runs of days the schedule books an officer at a school while the training rule does not
    allow them to serve (Minn. Stat. 626.8482, subd. 3): a substitute past the contact-day
    limit without the course, an officer whose course or refresher is overdue, and the like."""
    w = w or window(agency_id, first, last)
    problems = []
    for officer in sorted(w.officers.values(), key=lambda o: (o.last_name, o.first_name)):
        if not officer.assignments.all():
            continue
        barred: dict[tuple[tuple[str, ...], str], list[dt.date]] = {}
        for day in rule.days_between(first, last):
            plan = w.plan(officer.pk, day)
            if plan.status == "may_not_serve":
                key = (plan.barred_from, w.verdict(officer.pk, day).status)
                barred.setdefault(key, []).append(day)
        names = {str(a.school_id): a.school.name for a in officer.assignments.all()}
        for (schools, status), days in barred.items():
            for start, end, count in _weekday_runs(days):
                bars = blocking_reasons(w.verdict(officer.pk, start))
                problems.append(
                    Problem(
                        "may_not_serve",
                        f"{officer.full_name} is booked at "
                        f"{' and '.join(names[s] for s in schools)} but may not serve "
                        f"({STATUS_LABELS[status].lower()})",
                        f"On {start:%a %b} {start.day}: "
                        + " ".join(f"{r.message} ({r.citation})" for r in bars),
                        start,
                        end,
                        count,
                        officer.get_absolute_url(),
                    )
                )
    return problems


def problems(
    agency_id: Any, as_of: dt.date, horizon_days: int, *, w: Window | None = None
) -> list[Problem]:
    last = as_of + dt.timedelta(days=horizon_days)
    w = w or window(agency_id, as_of, last)
    found = (
        double_booked(agency_id, as_of, last, w=w)
        + outside_contract(agency_id, as_of)
        + school_days_without_sro(agency_id, as_of, last, w=w)
        + booked_but_may_not_serve(agency_id, as_of, last, w=w)
    )
    return sorted(found, key=lambda p: (p.first or as_of, p.kind, p.title))


@dataclass
class SubstituteFlag:
    officer: Officer
    days: int  # student contact days this school year, through `as_of`
    school_year: str
    limit: int
    may_serve: bool  # on `as_of`, under the training rule
    reaches_limit_on: dt.date | None = None  # within the horizon, if the schedule holds

    @property
    def over(self) -> bool:
        return self.days >= self.limit


UNTRAINED_OVER_LIMIT = frozenset(
    {"transition", "grace_period", "training_required", "training_overdue"}
)


def substitutes_nearing_limit(
    agency_id: Any, as_of: dt.date, *, horizon_days: int = HORIZON_DAYS, w: Window | None = None
) -> list[SubstituteFlag]:
    """Substitutes without the required course who have reached the warning figure (a setting,
    50 by default) of student contact days this school year: those still exempt because they
    have served fewer than 60, and those past the limit, whom the rule now judges as SROs
    (Minn. Stat. 626.8482, subd. 3; model policy G.4). The day a substitute will reach the
    limit, if the schedule holds, is given from the next `horizon_days`."""
    warn_at = int(settings.SRO_SUBSTITUTE_WARNING_DAYS)
    limit = RULES.substitute_contact_day_limit.value
    year = school_year_of(as_of)
    w = w or window(agency_id, as_of, as_of + dt.timedelta(days=horizon_days))
    flags = []
    for officer in sorted(w.officers.values(), key=lambda o: (o.last_name, o.first_name)):
        if not officer.assignments.all():
            continue
        today = w.day_verdict(officer.pk, as_of)
        codes = {r.code for r in today.verdict.reasons}
        exempt = "substitute_exempt" in codes and bool(today.verdict.restricted_clauses)
        over = "substitute_over_limit" in codes and today.verdict.status in UNTRAINED_OVER_LIMIT
        if not (exempt or over) or today.contact_days < warn_at:
            continue
        reaches = None
        if exempt:
            ahead = (d for d in rule.days_between(as_of, w.last) if school_year_of(d) == year)
            reaches = next(
                (d for d in ahead if w.day_verdict(officer.pk, d).contact_days >= limit), None
            )
        flags.append(
            SubstituteFlag(
                officer, today.contact_days, year, limit, today.verdict.may_serve, reaches
            )
        )
    return flags
