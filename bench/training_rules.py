"""Benchmark the training rule over every officer: in process and through `sro rules training`.

    .venv/bin/python bench/training_rules.py [--officers 25000] [--repeat 5] [--seed 7]

Writes a synthetic file of officers (deterministic from the seed: SROs and substitutes with
assignments, courses, certificates, policy reviews and student contact days, in the shapes the
command documents), then times

1. in process: `sro.rules.training_cli.main` over the whole file (reading, checking every field,
   deciding, writing the JSON answer), against a baseline of 1,000 officers: the ratio per
   officer shows whether the cost grows linearly;
2. the command `sro rules training --as-of DATE FILE` as a new process (what another system
   calls), against a baseline of the same command on a file with no officers (the start-up).

Target (issue 12): the command under 2 seconds for 25,000 officers. Medians of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sro.rules.training_cli import main  # noqa: E402

AS_OF = "2026-11-28"
COURSES = ("required", "supplemental", "refresher", "ssc_basic", "nasro_basic")


def _day(rng: random.Random, first: dt.date, last: dt.date) -> str:
    return (first + dt.timedelta(days=rng.randint(0, (last - first).days))).isoformat()


def officer(i: int, rng: random.Random) -> dict[str, Any]:
    """One synthetic officer: mostly SROs, some substitutes, with a spread of histories."""
    role = "substitute" if rng.random() < 0.2 else "sro"
    start = _day(rng, dt.date(2018, 8, 1), dt.date(2026, 11, 1))
    record: dict[str, Any] = {
        "id": f"O{i:06d}",
        "assignments": [{"role": role, "start": start}],
        "completions": [
            {
                "course": rng.choice(COURSES),
                "completed_on": _day(rng, dt.date(2015, 1, 1), dt.date(2026, 11, 1)),
                "certificate_on_file": rng.random() < 0.8,
            }
            for _ in range(rng.choice((0, 1, 1, 2, 3)))
        ],
        "policy_reviews": [
            {
                "reviewed_on": _day(rng, dt.date(2024, 11, 1), dt.date(2026, 11, 1)),
                "policy_version": "2024-11",
            }
        ]
        if rng.random() < 0.9
        else [],
    }
    if rng.random() < 0.1:
        record["assignments"][0]["end"] = _day(rng, dt.date(2026, 11, 2), dt.date(2027, 6, 30))
    if role == "substitute":
        record["student_contact_days"] = {"2026-27": rng.randint(0, 90)}
    return record


def write_file(folder: Path, count: int, seed: int) -> Path:
    rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible from the seed
    path = folder / f"officers-{count}.json"
    path.write_text(json.dumps({"officers": [officer(i, rng) for i in range(count)]}))
    return path


def median_seconds(run: Callable[[], None], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def in_process(path: Path) -> Callable[[], None]:
    def run() -> None:
        out, err = io.StringIO(), io.StringIO()
        code = main(["--as-of", AS_OF, str(path)], io.StringIO(), out, err)
        if code != 0:
            raise SystemExit(f"sro rules training refused {path}: {err.getvalue()[:500]}")

    return run


def command(path: Path) -> Callable[[], None]:
    sro = str(Path(sys.executable).with_name("sro"))

    def run() -> None:
        done = subprocess.run(  # noqa: S603 - our own console script
            [sro, "rules", "training", "--as-of", AS_OF, str(path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"sro rules training failed: {done.stderr[:500]!r}")

    return run


def main_bench(argv: list[str] | None = None) -> list[tuple[str, str, str, str]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--officers", type=int, default=25_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="sro-bench-") as tmp:
        big = write_file(Path(tmp), args.officers, args.seed)
        small = write_file(Path(tmp), 1_000, args.seed)
        empty = write_file(Path(tmp), 0, args.seed)
        big_in = median_seconds(in_process(big), args.repeat)
        small_in = median_seconds(in_process(small), args.repeat)
        per_officer_ratio = (big_in / args.officers) / (small_in / 1_000)
        rows.append(
            (
                f"training rule in process, {args.officers:,} officers",
                f"{big_in:.3f} s",
                f"1,000 officers: {small_in:.3f} s",
                f"{per_officer_ratio:.2f}x per officer",
            )
        )
        big_cmd = median_seconds(command(big), args.repeat)
        empty_cmd = median_seconds(command(empty), args.repeat)
        rows.append(
            (
                f"`sro rules training`, {args.officers:,} officers (target < 2 s)",
                f"{big_cmd:.3f} s",
                f"no officers (start-up): {empty_cmd:.3f} s",
                f"{big_cmd / empty_cmd:.1f}x",
            )
        )
    print("| measure | median | baseline | ratio |")
    print("| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return rows


if __name__ == "__main__":
    main_bench()
