"""`make bench`: run the benchmarks and write bench/RESULTS.md with the machine they ran on.

    .venv/bin/python bench/run.py [--repeat 5] [--quick]

Runs, each in its own process: the training rule over 25,000 officers (in process and through
`sro rules training`), and the duty schedule at statewide and national scale on SQLite and,
when one answers at DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432), on a
throw-away PostgreSQL database. `--quick` runs the statewide scale only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PG_SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x").rsplit("/", 1)[0]


def _run(args: list[str], env: dict[str, str] | None = None) -> str:
    done = subprocess.run(  # noqa: S603 - the project's own scripts
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _postgres() -> tuple[str, str] | None:
    """A new database on the PostgreSQL server, or None when none answers."""
    try:
        import psycopg

        name = f"sro_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5) as db:
            db.execute(f'CREATE DATABASE "{name}"')
            version = db.execute("SHOW server_version").fetchone()
        return name, str(version[0] if version else "")
    except Exception:  # no server: the PostgreSQL figures are left out
        return None


def _drop(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB memory"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}){memory}, "
        f"Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    repeat = ["--repeat", str(args.repeat)]
    scale = ["--scale", "statewide" if args.quick else "both"]
    sections = [
        "# Benchmark results",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC by `make bench` on: {_machine()}.",
        "Each figure is a median of the runs; the ratios compare with a baseline measured in "
        "the same run. Rerun with `make bench` (it rewrites this file).",
        "",
        "## 1. The training rule over every officer",
        "",
        _run([str(BENCH / "training_rules.py"), *repeat]).strip(),
        "",
        "## 2. The duty schedule pages, SQLite",
        "",
        "```",
        _run([str(BENCH / "schedules.py"), *scale, *repeat]).strip(),
        "```",
    ]
    postgres = _postgres()
    if postgres is None:
        sections += ["", "PostgreSQL: no server answered; its figures are left out."]
    else:
        name, version = postgres
        try:
            out = _run(
                [str(BENCH / "schedules.py"), *scale, *repeat],
                env={"DATABASE_URL": f"{PG_SERVER}/{name}"},
            )
        finally:
            _drop(name)
        sections += [
            "",
            f"## 3. The duty schedule pages, PostgreSQL {version}",
            "",
            "```",
            out.strip(),
            "```",
        ]
    sections += [
        "",
        "Query counts per page do not grow with the data: `tests/test_query_counts.py` checks "
        "the main pages and API lists in the test suite.",
        "",
    ]
    (BENCH / "RESULTS.md").write_text("\n".join(sections))
    print("\n".join(sections))


if __name__ == "__main__":
    main()
