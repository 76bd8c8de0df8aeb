"""Benchmarks 2 and 3: the main pages and API lists at demo and national scale, and the same
queries as raw SQL.

    .venv/bin/python bench/pages.py [--repeat 30] [--national-url postgres://…/sro_national]

Each case is one signed-in request through Django's test client (the whole stack but the
network: middleware, sessions, the second factor, permissions, the view, the template): the
training compliance dashboard, the incident list unfiltered and filtered, the day's coverage,
the access-log search by student and by date, and the API lists of incidents, officers and
activities. Each is timed `--repeat` times after three warm-ups (median and p95). Then every
SQL statement the request ran is run again through a bare cursor and timed the same way: the
ratio page/raw SQL is the framework's overhead (target under 3x for list pages).

Scales: the demo program (`sro demo`) on SQLite and on a throw-away PostgreSQL database, and
the national dataset (`sro demo --scale national`) on PostgreSQL — in the database named by
`--national-url`, or generated into a throw-away one (about 15 minutes). National/demo ratio
target under 1.5: the cost of a page must not depend on the size of the whole database.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x").rsplit("/", 1)[0]
DAY = "2026-11-24"  # a Tuesday: school is in session in both datasets
TARGET_P95_MS, TARGET_RATIO, TARGET_RAW = 150.0, 1.5, 3.0


def _cases(student: str) -> list[tuple[str, str, str]]:
    """(name, who, path); who is "chief" or "records"."""
    return [
        ("compliance dashboard", "chief", "/training/"),
        ("incident list", "chief", "/incidents/"),
        ("incident list, filtered", "chief", "/incidents/?status=draft"),
        ("coverage for a day", "chief", f"/schedule/?day={DAY}"),
        ("access log by student", "records", f"/audit/access/?student={student}"),
        ("access log by date", "records", "/audit/access/?since=2026-11-01&until=2026-11-20"),
        ("API incidents", "chief", "/api/v1/incidents"),
        ("API officers", "chief", "/api/v1/officers"),
        ("API activities", "chief", "/api/v1/activities"),
    ]


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
    from sro.incidents.models import IncidentPerson

    clients = {}
    for who in ("chief", "records"):
        user = User.objects.get(username=f"{prefix}{who}")
        client = Client()
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
        session.save()
        clients[who] = client
    agency_id = User.objects.get(username=f"{prefix}chief").membership.agency_id
    student = (
        IncidentPerson.objects.filter(incident__agency_id=agency_id)
        .values_list("last_name", flat=True)
        .first()
        or "Smith"
    )
    results: dict[str, Any] = {}
    for name, who, path in _cases(student):
        client = clients[who]
        for _ in range(3):
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path)
            timings.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        statements = [q["sql"] for q in captured.captured_queries]
        raw = []
        with connection.cursor() as cursor:
            for _ in range(repeat):
                started = time.perf_counter()
                for sql in statements:
                    if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                        cursor.execute(sql)
                        cursor.fetchall()
                raw.append(time.perf_counter() - started)
        results[name] = {
            "median": statistics.median(timings) * 1000,
            "p95": statistics.quantiles(timings, n=20)[18] * 1000,
            "raw": statistics.median(raw) * 1000,
            "queries": len(statements),
        }
    return results


def _measure(env: dict[str, str], repeat: int, prefix: str) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 - this script
        [sys.executable, __file__, "--worker", "--repeat", str(repeat), "--prefix", prefix],
        env={**os.environ, **env, "DEBUG": "true", "ALLOWED_HOSTS": "testserver"},
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
    subprocess.run(  # noqa: S603
        [str(Path(sys.executable).with_name("sro")), *args],
        env={**os.environ, **env, "DEBUG": "true"},
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


def _demo(env: dict[str, str], repeat: int) -> dict[str, Any]:
    _sro(env, "migrate", "--noinput")
    _sro(env, "demo")
    return _measure(env, repeat, "")


def _table(title: str, base: dict[str, Any], big: dict[str, Any] | None) -> str:
    lines = [
        f"**{title}** (milliseconds; median and p95 of the requests, raw SQL median)",
        "",
        "| Page or list | Demo median | Demo p95 | National median | National p95 | "
        "National/demo | Queries | Raw SQL | Page/raw SQL | Targets |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, demo in base.items():
        row = big[name] if big else demo
        ratio = row["median"] / demo["median"] if big else 1.0
        overhead = row["median"] / row["raw"] if row["raw"] else float("inf")
        verdicts = [
            "p95 ok" if row["p95"] < TARGET_P95_MS else "p95 MISSED",
            ("ratio ok" if ratio < TARGET_RATIO else "ratio MISSED") if big else "",
            "raw ok" if overhead < TARGET_RAW else "raw MISSED",
        ]
        national = f"{row['median']:.1f} | {row['p95']:.1f} | {ratio:.2f}" if big else "— | — | —"
        lines.append(
            f"| {name} | {demo['median']:.1f} | {demo['p95']:.1f} | {national} | "
            f"{row['queries']} | {row['raw']:.1f} | {overhead:.1f}x | "
            f"{', '.join(v for v in verdicts if v)} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prefix", default="", help=argparse.SUPPRESS)
    parser.add_argument("--national-url", default="")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.repeat, args.prefix)))
        return
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = _demo({"SRO_DATA_DIR": tmp, "DATABASE_URL": ""}, args.repeat)
    out.append(_table("SQLite, demo scale", sqlite, None))
    name = _pg_database()
    try:
        pg_demo = _demo({"DATABASE_URL": f"{PG_SERVER}/{name}"}, args.repeat)
    finally:
        _drop(name)
    national_url, made = args.national_url, ""
    if not national_url:
        made = _pg_database()
        national_url = f"{PG_SERVER}/{made}"
        started = time.monotonic()
        _sro({"DATABASE_URL": national_url}, "migrate", "--noinput")
        _sro({"DATABASE_URL": national_url}, "demo", "--scale", "national")
        out.append(f"National dataset generated in {time.monotonic() - started:.0f} s.")
    try:
        national = _measure({"DATABASE_URL": national_url}, args.repeat, "scale-")
    finally:
        if made:
            _drop(made)
    out.append(_table("PostgreSQL, demo scale and national scale", pg_demo, national))
    print("\n\n".join(out))


if __name__ == "__main__":
    main()
