"""Benchmarks 2 and 3: the main pages and API lists at demo, state and national scale, and the
same queries as raw SQL.

    .venv/bin/python bench/pages.py [--repeat 30] [--database sqlite|postgres|both]
        [--scale demo|state|national|all ...] [--national-url postgres://…/sro_national]

Each case is one signed-in request (second factor verified, as tests/conftest.py does) through
Django's test client — the whole stack but the network: middleware, sessions, permissions, the
view, the template or the API's schema — in production settings (DEBUG off, cached templates,
manifest static files, a random SECRET_KEY): the training compliance dashboard, the incident
list unfiltered and filtered, the day's coverage, the access-log search by student and by date,
and the API lists of incidents (unfiltered and filtered), the day's coverage, officers and
activities. Each is timed `--repeat` times after three warm-ups: median and p95.

Raw SQL: the statements the request ran (captured with CaptureQueriesContext) are run again
through a bare cursor and timed the same way — the list's own statements ("main": those reading
the list's tables) and all of them. Page / main SQL is the framework's overhead (target under
3x for list pages).

Scales: the demo program (`sro demo`: a small department) on SQLite and PostgreSQL; on
PostgreSQL also the state and national datasets (`sro demo --scale`), measured as their
benchmark agency 0, which is the same mid-sized department at both scales (24 schools, 600
incidents) — so national/state shows what the size of the whole database costs, with the same
rows on the page, while national/demo (the issue's target, under 1.5) also counts the bigger
department's fuller pages. Target: p95 under 150 ms. The national dataset comes from
`--national-url`, or is generated into a throw-away database (see RESULTS.md for the time);
PostgreSQL databases are made on DATABASE_URL's server (default
postgres://postgres@127.0.0.1:5432) and dropped at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x").rsplit("/", 1)[0]
DAY = "2026-11-24"  # a Tuesday: school is in session in both datasets
TARGET_P95_MS, TARGET_RATIO, TARGET_RAW = 150.0, 1.5, 3.0
# Production settings for the measuring process (static files are collected into the folder).
PRODUCTION = {"DEBUG": "false", "ALLOWED_HOSTS": "testserver", "SECURE_SSL_REDIRECT": "false"}


def _cases(
    student: str, school: str, since: dt.date, until: dt.date
) -> list[tuple[str, str, str, list[str]]]:
    """(name, who, path, the list's tables); who is "chief" or "records"."""
    incidents, coverage = ["incidents_incident"], ["roster_assignment", "scheduling_calendarday"]
    access = ["audittrail_accesslogentry"]
    return [
        ("compliance dashboard", "chief", "/training/", ["roster_officer", "training_completion"]),
        ("incident list", "chief", "/incidents/", incidents),
        ("incident list, by status", "chief", "/incidents/?status=draft", incidents),
        (
            "incident list, by status and school",
            "chief",
            f"/incidents/?status=submitted&school={school}",
            incidents,
        ),
        ("coverage for a day", "chief", f"/schedule/?day={DAY}", coverage),
        ("access log by student", "records", f"/audit/access/?{student}", access),
        (
            "access log by date",
            "records",
            f"/audit/access/?since={since}&until={until}",
            access,
        ),
        ("API incidents", "chief", "/api/v1/incidents", incidents),
        ("API incidents, by status", "chief", "/api/v1/incidents?status=draft", incidents),
        ("API coverage for a day", "chief", f"/api/v1/coverage?day={DAY}", coverage),
        ("API officers", "chief", "/api/v1/officers", ["roster_officer"]),
        ("API activities", "chief", "/api/v1/activities", ["activity_activity"]),
    ]


def _time(fn: Any, repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _p95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20, method="inclusive")[18]


def worker(repeat: int, prefix: str) -> dict[str, Any]:
    """In a process whose settings name the database: measure every case."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sro.accounts.models import User
    from sro.audittrail.models import AccessLogEntry
    from sro.incidents.models import Incident, IncidentPerson

    clients = {}
    for who in ("chief", "records"):
        user = User.objects.get(username=f"{prefix}{who}")
        client = Client()
        client.force_login(user)
        session = client.session  # the second factor passed, as conftest.verify_second_factor
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
        session.save()
        clients[who] = client
    agency_id = User.objects.get(username=f"{prefix}chief").membership.agency_id
    people = IncidentPerson.objects.filter(incident__agency_id=agency_id)
    first, last = people.order_by("last_name").values_list("first_name", "last_name").first() or (
        "Alex",
        "Smith",
    )
    # A search by a full name with a purpose, as the chief and records staff make it (it writes
    # an access-log entry, as in use).
    student = urlencode(
        {"student_first": first, "student_last": last, "purpose": "Responding to a data request"}
    )
    school = (
        Incident.objects.filter(agency_id=agency_id, status="submitted")
        .values_list("school_id", flat=True)
        .first()
    )
    # Three weeks of the access log up to its latest entry (the demo's are from the day it
    # was loaded, the national dataset's before 27 November 2026).
    latest = AccessLogEntry.objects.filter(agency_id=agency_id).order_by("-at").first()
    until = latest.at.date() if latest else dt.date(2026, 11, 20)
    since = until - dt.timedelta(days=20)
    results: dict[str, Any] = {}
    for name, who, path, tables in _cases(student, str(school or ""), since, until):
        client = clients[who]

        def get(client: Client = client, path: str = path) -> Any:
            response = client.get(path, secure=True)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            return response

        _time(get, 3)
        timings = _time(get, repeat)
        with CaptureQueriesContext(connection) as captured:
            get()
        reads = [
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
        ]
        pattern = re.compile("|".join(rf'FROM "{t}"' for t in tables))
        main = [sql for sql in reads if pattern.search(sql)]

        def run(statements: list[str]) -> None:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()

        main_ms = _time(lambda main=main: run(main), repeat)
        all_ms = _time(lambda reads=reads: run(reads), repeat)
        results[name] = {
            "path": path,
            "median": statistics.median(timings),
            "p95": _p95(timings),
            "main": statistics.median(main_ms),
            "main_queries": len(main),
            "all": statistics.median(all_ms),
            "queries": len(captured.captured_queries),
        }
    return results


def _measure(env: dict[str, str], repeat: int, prefix: str) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 - this script
        [sys.executable, __file__, "--worker", "--repeat", str(repeat), "--prefix", prefix],
        env={**os.environ, **env, **PRODUCTION},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"measuring failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _sro(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 - the project's own command
        [str(Path(sys.executable).with_name("sro")), *args],
        env={**os.environ, **env, **PRODUCTION},
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def _pg_database() -> str:
    import psycopg

    name = f"sro_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    return name


def _drop(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _table(title: str, runs: dict[str, dict[str, Any]], repeat: int) -> str:
    """One markdown table: each case at each scale measured, the ratios, its raw SQL at the
    largest scale and the verdicts."""
    scales = [s for s in SCALES if s in runs]
    largest = scales[-1]
    lines = [
        f"**{title}** (milliseconds: median and p95 of {repeat} requests after 3 warm-ups; raw "
        "SQL medians; targets: "
        f"p95 < {TARGET_P95_MS:.0f} ms, national/demo < {TARGET_RATIO}, page/main SQL < "
        f"{TARGET_RAW:.0f}x)",
        "",
        "| Page or list | "
        + " | ".join(f"{s.capitalize()} median | {s.capitalize()} p95" for s in scales)
        + "".join(f" | National/{b}" for b in ("demo", "state") if b in runs and "national" in runs)
        + " | Queries | Main SQL | Page/main SQL | All SQL | Targets |",
    ]
    columns = lines[-1].count("|") - 1
    lines.append("| --- |" + " ---: |" * (columns - 2) + " --- |")
    for name in runs[largest]:
        big = runs[largest][name]
        cells = [name]
        for s in scales:
            cells += [f"{runs[s][name]['median']:.1f}", f"{runs[s][name]['p95']:.1f}"]
        verdicts = [
            "p95 met"
            if all(runs[s][name]["p95"] < TARGET_P95_MS for s in scales)
            else "p95 MISSED at "
            + ", ".join(s for s in scales if runs[s][name]["p95"] >= TARGET_P95_MS)
        ]
        for base in ("demo", "state"):
            if base in runs and "national" in runs:
                ratio = runs["national"][name]["median"] / runs[base][name]["median"]
                cells.append(f"{ratio:.2f}")
                met = "met" if ratio < TARGET_RATIO else "MISSED"
                verdicts.append(f"national/{base} {met}")
        overhead = big["median"] / big["main"] if big["main"] else float("inf")
        cells += [
            "/".join(str(runs[s][name]["queries"]) for s in scales),
            f"{big['main']:.2f} ({big['main_queries']})",
            f"{overhead:.1f}x",
            f"{big['all']:.2f}",
        ]
        verdicts.append("SQL met" if overhead < TARGET_RAW else "SQL MISSED")
        lines.append("| " + " | ".join([*cells, ", ".join(verdicts)]) + " |")
    lines += [
        "",
        f"Queries: statements per request ({'/'.join(scales)}). Main SQL: the list's own "
        "statements (their number in brackets) run again through a bare cursor; all SQL: every "
        f"statement the request ran, likewise; both at the {largest} scale, as page/main SQL.",
    ]
    return "\n".join(lines)


SCALES = ["demo", "state", "national"]


def _generated(env: dict[str, str], scale: str, out: list[str]) -> None:
    started = time.monotonic()
    _sro(env, "migrate", "--noinput")
    _sro(env, "demo", "--scale", scale)
    out.append(f"The {scale} dataset generated in {(time.monotonic() - started) / 60:.1f} minutes.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--scale",
        nargs="+",
        choices=[*SCALES, "all"],
        default=["all"],
        help="demo: `sro demo`; state and national: `sro demo --scale` (PostgreSQL only).",
    )
    parser.add_argument("--national-url", default="", help="An existing national dataset.")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prefix", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.repeat, args.prefix)))
        return
    scales = SCALES if "all" in args.scale else [s for s in SCALES if s in args.scale]
    out: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        # One data folder: the SQLite file, and the static files production settings serve.
        base = {"SRO_DATA_DIR": tmp, "SECRET_KEY": secrets.token_urlsafe(64)}
        _sro({**base, "DATABASE_URL": ""}, "collectstatic", "--noinput")
        if args.database in {"sqlite", "both"} and "demo" in scales:
            env = {**base, "DATABASE_URL": ""}
            _sro(env, "migrate", "--noinput")
            _sro(env, "demo")
            runs = {"demo": _measure(env, args.repeat, "")}
            out.append(_table("SQLite, demo scale", runs, args.repeat))
        if args.database in {"postgres", "both"}:
            runs = {}
            for scale in scales:
                url, made = (args.national_url if scale == "national" else ""), ""
                if not url:
                    made = _pg_database()
                    url = f"{PG_SERVER}/{made}"
                env = {**base, "DATABASE_URL": url}
                try:
                    if scale == "demo":
                        _sro(env, "migrate", "--noinput")
                        _sro(env, "demo")
                    elif made:
                        _generated(env, scale, out)
                    runs[scale] = _measure(env, args.repeat, "" if scale == "demo" else "scale-")
                finally:
                    if made:
                        _drop(made)
            out.append(_table(f"PostgreSQL, {', '.join(runs)} scale", runs, args.repeat))
    print("\n\n".join(out))


if __name__ == "__main__":
    main()
