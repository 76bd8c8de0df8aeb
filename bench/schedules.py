"""Benchmark the duty schedule at statewide and national scale.

    .venv/bin/python bench/schedules.py [--scale statewide|national|both] [--repeat 5]

Builds a throw-away database (SQLite in a temporary folder, or DATABASE_URL) of synthetic
agencies, each with districts, schools, a full school-year calendar, officers, assignments,
absences and patrol pulls, then times what one agency's users open: the day's coverage, the
schedule problems for eight weeks, an officer's month, the training compliance page (which now
derives every officer's student contact days from the schedule) and a calendar feed. Each figure
is the median of `--repeat` runs; the national/statewide ratio shows whether the cost depends on
the size of the whole database (it should not: every query is scoped to one agency).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.database import setup  # noqa: E402

# Minnesota has about 330 school districts and 180 charter schools; about 400 police
# departments and sheriffs' offices. The national figures are of the same order as the United
# States' (about 13,000 districts); each synthetic agency is the size of a mid-sized city's.
SCALES = {"statewide": 400, "national": 4000}
SCHOOLS_PER_AGENCY = 6
OFFICERS_PER_AGENCY = 8
TODAY = dt.date(2026, 11, 30)


def _calendar() -> list[tuple[dt.date, str]]:
    from sro.core.demo_people import DISTRICT_CALENDAR_CSV
    from sro.scheduling.calendar_files import expand, parse_csv

    return [
        (day, kind) for day, (kind, _) in expand(parse_csv(DISTRICT_CALENDAR_CSV).entries).items()
    ]


def build(agencies: int, first: int = 0) -> Any:
    """Create the synthetic program in bulk (outside the audited services, which would write
    an audit event per row: this is a benchmark fixture, not program data)."""
    from sro.audittrail.guard import unaudited_writes
    from sro.contracts.models import Contract
    from sro.roster.models import Agency, Assignment, Officer
    from sro.scheduling.models import Absence, CalendarDay, PatrolPull
    from sro.schools.models import EducationAgency, School

    days = _calendar()
    with unaudited_writes("benchmark fixture"):
        agency_rows = Agency.objects.bulk_create(
            Agency(name=f"Agency {i}", chief_name="Chief") for i in range(first, first + agencies)
        )
        leas = EducationAgency.objects.bulk_create(
            EducationAgency(agency=a, name=f"District of {a.name}", kind="district")
            for a in agency_rows
        )
        schools = School.objects.bulk_create(
            School(education_agency=lea, name=f"School {j} of {lea.name}", level="secondary")
            for lea in leas
            for j in range(SCHOOLS_PER_AGENCY)
        )
        contracts = Contract.objects.bulk_create(
            Contract(
                agency=lea.agency,
                education_agency=lea,
                title=f"Agreement {i}",
                start_date=dt.date(2024, 7, 1),
                end_date=dt.date(2027, 6, 30),
            )
            for i, lea in enumerate(leas)
        )
        through = Contract.schools.through
        through.objects.bulk_create(
            through(contract_id=contracts[i // SCHOOLS_PER_AGENCY].pk, school_id=s.pk)
            for i, s in enumerate(schools)
        )
        CalendarDay.objects.bulk_create(
            (
                CalendarDay(education_agency=lea, day=day, kind=kind)
                for lea in leas
                for day, kind in days
            ),
            batch_size=5000,
        )
        officers = Officer.objects.bulk_create(
            Officer(
                agency=a,
                first_name="Officer",
                last_name=f"{i}-{k}",
                badge_number=str(k),
                post_license_number=f"B-{first + i}-{k}",
            )
            for i, a in enumerate(agency_rows)
            for k in range(OFFICERS_PER_AGENCY)
        )
        Assignment.objects.bulk_create(
            Assignment(
                officer=o,
                school=schools[
                    (i // OFFICERS_PER_AGENCY) * SCHOOLS_PER_AGENCY + i % SCHOOLS_PER_AGENCY
                ],
                contract=contracts[i // OFFICERS_PER_AGENCY],
                role="substitute" if i % OFFICERS_PER_AGENCY >= SCHOOLS_PER_AGENCY else "sro",
                start_date=dt.date(2025, 8, 25),
            )
            for i, o in enumerate(officers)
        )
        Absence.objects.bulk_create(
            Absence(
                officer=o,
                kind="leave",
                first_day=dt.date(2026, 12, 7),
                last_day=dt.date(2026, 12, 9),
            )
            for o in officers[::4]
        )
        PatrolPull.objects.bulk_create(
            PatrolPull(
                officer=o, day=TODAY, start_time=dt.time(9), end_time=dt.time(11), reason="Bench"
            )
            for o in officers[::3]
        )
    return agency_rows[agencies // 2]


def measure(agency: Any, repeat: int) -> dict[str, float]:
    from sro.roster.models import Officer
    from sro.scheduling.attention import problems
    from sro.scheduling.coverage import coverage_on, officer_days
    from sro.scheduling.feeds import officer_calendar
    from sro.training.queries import compliance

    officer = Officer.objects.filter(agency=agency).earliest("last_name")
    cases: dict[str, Callable[[], object]] = {
        "day coverage": lambda: coverage_on(agency.pk, TODAY),
        "problems, 8 weeks": lambda: problems(agency.pk, TODAY, 56),
        "officer month": lambda: officer_days(officer, dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
        "compliance with contact days": lambda: compliance(
            Officer.objects.filter(agency=agency), as_of=TODAY
        ),
        "calendar feed, 7 months": lambda: officer_calendar(
            officer,
            officer_days(officer, TODAY - dt.timedelta(days=31), TODAY + dt.timedelta(days=180)),
            stamp=dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
        ),
    }
    results = {}
    for name, case in cases.items():
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            case()
            timings.append(time.perf_counter() - start)
        results[name] = statistics.median(timings) * 1000
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=[*SCALES, "both"], default="both")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    scales = list(SCALES) if args.scale == "both" else [args.scale]
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp)
        from django.db import connection

        figures: dict[str, dict[str, float]] = {}
        built = 0
        for scale in scales:
            started = time.perf_counter()
            agency = build(SCALES[scale] - built, built)
            if connection.vendor == "postgresql":
                # What autovacuum does after a bulk load: fresh planner statistics.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            built = SCALES[scale]
            print(
                f"{scale}: {built} agencies, {built * SCHOOLS_PER_AGENCY} schools, "
                f"{built * OFFICERS_PER_AGENCY} officers, {built * 365} calendar days "
                f"(built in {time.perf_counter() - started:.0f} s, {connection.vendor})"
            )
            figures[scale] = measure(agency, args.repeat)
            for name, ms in figures[scale].items():
                print(f"  {name:<32} median {ms:8.1f} ms")
        if len(figures) == 2:
            print("national / statewide:")
            for name in figures["statewide"]:
                ratio = figures["national"][name] / figures["statewide"][name]
                print(f"  {name:<32} {ratio:5.2f}")


if __name__ == "__main__":
    main()
