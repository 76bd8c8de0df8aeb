"""Benchmark the import of 100,000 course records (`sro training_import`, the import page).

    .venv/bin/python bench/imports.py [--rows 100000] [--repeat 3]

Builds a throw-away database (SQLite in a temporary folder, or DATABASE_URL) with one large
agency of 5,000 officers, then times `import_completions` on a file of `--rows` new records
(each run's file has new dates, so every row is added, with its audit event) against a
10,000-row baseline measured the same way, and a file whose last row is bad: every row is
checked, the import is refused and nothing is written (checked by counting). Target: under
30 seconds for 100,000 rows, all or nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.database import setup  # noqa: E402

OFFICERS = 5_000
TODAY = dt.date(2026, 11, 30)
BASELINE_ROWS = 10_000
TARGET_S = 30.0


def _agency() -> Any:
    """One large agency (a benchmark fixture, written outside the audited services)."""
    from sro.audittrail.guard import unaudited_writes
    from sro.roster.models import Agency, Officer

    with unaudited_writes("benchmark fixture"):
        agency = Agency.objects.create(name="Large County Sheriff", chief_name="Sheriff")
        Officer.objects.bulk_create(
            (
                Officer(
                    agency=agency,
                    first_name="Officer",
                    last_name=str(k),
                    badge_number=str(k),
                    post_license_number=f"MN-{k:06d}",
                )
                for k in range(OFFICERS)
            ),
            batch_size=2000,
        )
    return agency


def _file(rows: int, first_day: dt.date, bad_last: bool = False) -> bytes:
    lines = ["post_license_number,course,completed_on,hours,provider,course_title"]
    per_officer = -(-rows // OFFICERS)
    for i in range(rows):
        day = first_day + dt.timedelta(days=i // OFFICERS)
        lines.append(f"MN-{i % OFFICERS:06d},supplemental,{day},4,Academy,Course {i}")
    if bad_last:
        lines[-1] = lines[-1].replace(",supplemental,", ",basic,")
    assert per_officer * OFFICERS >= rows  # noqa: S101 - a self-check of the fixture
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp)
        from django.db import connection

        from sro.training import services
        from sro.training.models import Completion

        agency = _agency()
        day = dt.date(1990, 1, 1)

        def run(rows: int) -> float:
            nonlocal day
            data = _file(rows, day)
            day += dt.timedelta(days=-(-rows // OFFICERS) + 1)
            before = Completion.objects.count()
            started = time.perf_counter()
            parsed = services.import_completions(
                agency, data, actor=None, source="bench.csv", today=TODAY
            )
            elapsed = time.perf_counter() - started
            if len(parsed.rows) != rows or Completion.objects.count() != before + rows:
                raise SystemExit(f"expected {rows} rows added, got {len(parsed.rows)}")
            return elapsed

        baseline = statistics.median(run(BASELINE_ROWS) for _ in range(args.repeat))
        full = statistics.median(run(args.rows) for _ in range(args.repeat))
        refused_times = []
        for _ in range(args.repeat):
            before = Completion.objects.count()
            data = _file(args.rows, day, bad_last=True)
            started = time.perf_counter()
            try:
                services.import_completions(agency, data, actor=None, source="bad", today=TODAY)
            except services.ImportRefused as exc:
                if len(exc.errors) != 1:
                    raise SystemExit(f"expected 1 problem, got {len(exc.errors)}") from None
            else:
                raise SystemExit("the bad file was imported")
            refused_times.append(time.perf_counter() - started)
            if Completion.objects.count() != before:
                raise SystemExit("a refused import wrote records")
        refused = statistics.median(refused_times)
        per_row = (full / args.rows) / (baseline / BASELINE_ROWS)
        verdict = "met" if full < TARGET_S else "MISSED"
        print(
            f"| {connection.vendor} | {args.rows:,} rows added, each with its audit event | "
            f"{full:.1f} s | {BASELINE_ROWS:,} rows: {baseline:.2f} s; per-row ratio "
            f"{per_row:.2f} | {verdict} (< {TARGET_S:.0f} s) |"
        )
        print(
            f"| {connection.vendor} | {args.rows:,} rows, the last one bad: refused, "
            f"nothing written | {refused:.1f} s | | all or nothing: met |"
        )


if __name__ == "__main__":
    main()
