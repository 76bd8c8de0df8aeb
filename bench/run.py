"""`make bench`: run the benchmarks and write bench/RESULTS.md with the machine they ran on.

    .venv/bin/python bench/run.py [--repeat 5] [--quick] [--only SECTION ...]

Runs, each in its own process: the training rule over 25,000 officers (in process and through
`sro rules training`); the duty schedule at statewide and national scale; the main pages and
API lists at demo, state and national scale with their raw SQL (the state and national
datasets are generated into throw-away databases, about 1 and 15 minutes, unless
SRO_BENCH_NATIONAL_URL names a national one); the annual report for a 100-school agency; a
100,000-row import; and the load test. PostgreSQL figures come from throw-away databases on
DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432). `--quick` runs the
statewide schedules and a 30-second load test. Each section's text is kept in bench/results/
and RESULTS.md is assembled from them.
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
RESULTS_DIR = BENCH / "results"
SQLITE = {"DATABASE_URL": ""}  # an empty DATABASE_URL means the SQLite file
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


SECTIONS = [
    "training",
    "schedules-sqlite",
    "schedules-postgres",
    "pages",
    "annual-report",
    "imports",
    "load",
]
TITLES = {
    "training": "1. The training rule over every officer",
    "schedules-sqlite": "2a. The duty schedule pages, SQLite (statewide and national agencies)",
    "schedules-postgres": "2b. The duty schedule pages, PostgreSQL",
    "pages": "2c and 3. The main pages and API lists at demo, state and national scale; raw SQL",
    "annual-report": "4. The annual report for a 100-school agency",
    "imports": "5. A 100,000-row import of course records",
    "load": "6. Load: Locust against gunicorn, 50 users for 120 s",
}
TABLE = {
    "annual-report": "| Database | Agency | Report | Against the demo |\n| --- | --- | --- | --- |",
    "imports": "| Database | Import | Time | Baseline | Verdict |\n| --- | --- | --- | --- | --- |",
}


def _section(name: str, repeat: list[str], quick: bool) -> str:
    """Run one section's benchmark and return its text (markdown)."""
    scale = ["--scale", "statewide" if quick else "both"]
    if name == "training":
        return _run([str(BENCH / "training_rules.py"), *repeat]).strip()
    if name == "schedules-sqlite":
        out = _run([str(BENCH / "schedules.py"), *scale, *repeat], env=SQLITE)
        return f"```\n{out.strip()}\n```"
    if name in {"schedules-postgres", "annual-report", "imports"}:
        outputs = []
        if name != "schedules-postgres":
            script = "annual_report.py" if name == "annual-report" else "imports.py"
            outputs.append(_run([str(BENCH / script)], env=SQLITE).strip())
        postgres = _postgres()
        if postgres is None:
            return "\n".join([*outputs, "", "PostgreSQL: no server answered; left out."])
        database, version = postgres
        env = {"DATABASE_URL": f"{PG_SERVER}/{database}"}
        try:
            if name == "schedules-postgres":
                out = _run([str(BENCH / "schedules.py"), *scale, *repeat], env=env)
                return f"PostgreSQL {version}.\n\n```\n{out.strip()}\n```"
            outputs.append(_run([str(BENCH / script)], env=env).strip())
        finally:
            _drop(database)
        return TABLE[name] + "\n" + "\n".join(outputs)
    if name == "pages":
        national = os.environ.get("SRO_BENCH_NATIONAL_URL", "")
        extra = ["--national-url", national] if national else []
        return _run([str(BENCH / "pages.py"), *extra]).strip()
    if name == "load":
        seconds = ["--seconds", "30" if quick else "120"]
        return _run([str(BENCH / "load.py"), *seconds]).strip()
    raise SystemExit(f"unknown section {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--only",
        nargs="*",
        choices=SECTIONS,
        help="Run these sections; keep the others' last results.",
    )
    args = parser.parse_args()
    repeat = ["--repeat", str(args.repeat)]
    RESULTS_DIR.mkdir(exist_ok=True)
    for name in args.only or SECTIONS:
        started = dt.datetime.now(dt.UTC)
        body = _section(name, repeat, args.quick)
        (RESULTS_DIR / f"{name}.md").write_text(
            f"## {TITLES[name]}\n\nRun {started:%Y-%m-%d %H:%M} UTC on: {_machine()}.\n\n{body}\n"
        )
        print(f"{name}: done", flush=True)
    parts = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`bench/run.py`; `--only SECTION …` reruns some sections and "
        "keeps the others' last results, in `bench/results/`). Each figure is a median of "
        "several runs; ratios compare with a baseline measured in the same run. Query counts "
        "per page do not grow with the data: `tests/test_query_counts.py` checks the main "
        "pages and API lists in the test suite.",
        "",
    ]
    for name in SECTIONS:
        path = RESULTS_DIR / f"{name}.md"
        parts.append(path.read_text() if path.exists() else f"## {TITLES[name]}\n\nNot run yet.\n")
    (BENCH / "RESULTS.md").write_text("\n".join(parts))
    print((BENCH / "RESULTS.md").read_text())


if __name__ == "__main__":
    main()
