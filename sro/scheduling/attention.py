"""What sergeants must look at: officers in two places at once, assignments outside their
contract, promised school days without an SRO, and substitutes nearing 60 contact days."""

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
from sro.scheduling.coverage import coverage_range, window
from sro.training.facts import officer_facts, with_training_records
from sro.training.queries import compliance


@dataclass
class Problem:
    kind: str  # "double_booked", "outside_contract", "no_sro"
    title: str
    detail: str
    first: dt.date | None = None
    last: dt.date | None = None
    days: int = 0
    link: str = ""


def _runs(days: list[dt.date]) -> list[tuple[dt.date, dt.date, int]]:
    """Consecutive dates (weekends between school days do not break a run)."""
    runs: list[tuple[dt.date, dt.date, int]] = []
    for day in sorted(days):
        if runs and (day - runs[-1][1]).days <= 3:
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


def double_booked(agency_id: Any, first: dt.date, last: dt.date) -> list[Problem]:
    w = window(agency_id, first, last)
    problems = []
    for officer in w.officers.values():
        if len(officer.assignments.all()) < 2:
            continue
        by_schools: dict[tuple[str, ...], list[dt.date]] = {}
        for day in rule.days_between(first, last):
            plan = w.plan(officer.pk, day)
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
}


def school_days_without_sro(agency_id: Any, first: dt.date, last: dt.date) -> list[Problem]:
    """Runs of consecutive school days (days without school between them do not break a run)
    on which a school the contract covers has no SRO, by reason."""
    missing: dict[tuple[Any, str], list[int]] = {}
    session: dict[Any, list[dt.date]] = {}
    schools = {}
    for day, rows in coverage_range(agency_id, first, last).items():
        for row in rows:
            if row.coverage.status == "not_in_session":
                continue
            session.setdefault(row.school.id, []).append(day)
            if row.promised and row.coverage.status == "gap":
                schools[row.school.id] = row.school
                key = (row.school.id, row.coverage.reason)
                missing.setdefault(key, []).append(len(session[row.school.id]) - 1)
    problems = []
    for (school_id, reason), indexes in missing.items():
        days = session[school_id]
        for start, end, count in _index_runs(indexes, days):
            problems.append(
                Problem(
                    "no_sro",
                    f"{schools[school_id].name}: no SRO on a school day the contract covers",
                    f"Why: {REASON_LABELS.get(reason, reason)}.",
                    start,
                    end,
                    count,
                )
            )
    return problems


def problems(agency_id: Any, as_of: dt.date, horizon_days: int) -> list[Problem]:
    last = as_of + dt.timedelta(days=horizon_days)
    found = (
        double_booked(agency_id, as_of, last)
        + outside_contract(agency_id, as_of)
        + school_days_without_sro(agency_id, as_of, last)
    )
    return sorted(found, key=lambda p: (p.first or as_of, p.kind, p.title))


@dataclass
class SubstituteFlag:
    officer: Officer
    days: int
    school_year: str
    limit: int


def substitutes_nearing_limit(officers: Any, as_of: dt.date) -> list[SubstituteFlag]:
    """Substitutes exempt only because they have served fewer than 60 student contact days this
    school year, who have reached the warning figure (a setting, 50 by default)."""
    warn_at = int(settings.SRO_SUBSTITUTE_WARNING_DAYS)
    limit = RULES.substitute_contact_day_limit.value
    year = school_year_of(as_of)
    flags = []
    for row in compliance(officers, as_of=as_of):
        if row.verdict.status != "substitute_exempt" or not row.restricted:
            continue
        facts = officer_facts(
            with_training_records(Officer.objects.filter(pk=row.officer.pk)).get(), as_of=as_of
        )
        days = facts.student_contact_days.get(year, 0)
        if days >= warn_at:
            flags.append(SubstituteFlag(row.officer, days, year, limit))
    return flags
