"""Scheduled jobs run once across servers: a run while another process (another server) holds
the job's lock prints one line, exits 0 and does not run the job; a free lock runs it.
PostgreSQL: an advisory lock on a connection of its own; SQLite: a file lock in SRO_DATA_DIR.
The tests run on whichever database the suite runs on (CI runs both)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from sro.core import locks
from sro.core.locks import job_lock
from sro.core.management.commands import scheduled
from sro.core.management.commands.scheduled import JOBS
from sro.core.models import ScheduledRun
from sro.safety.models import SecurityAudit

ROOT = Path(__file__).resolve().parents[3]

# Another server: a separate process that takes the job's lock (by the same key or file the
# command uses) and keeps it until its standard input is closed.
HOLDER = """
import fcntl, sys
import psycopg
from sro.core.locks import _key
kind, name, where = sys.argv[1:4]
if kind == "postgresql":
    own = psycopg.connect(where, autocommit=True)
    held = own.execute("SELECT pg_try_advisory_lock(%s)", (_key(name),)).fetchone()[0]
else:
    own = open(where, "a")
    fcntl.flock(own, fcntl.LOCK_EX | fcntl.LOCK_NB)
    held = True
print("held" if held else "busy", flush=True)
sys.stdin.read()
"""


def _lock_target(name: str, data_dir: Path) -> tuple[str, str]:
    if connection.vendor == "postgresql":
        params = connection.settings_dict
        dsn = (
            f"dbname={params['NAME']} host={params['HOST'] or 'localhost'} "
            f"port={params['PORT'] or 5432} user={params['USER']}"
        )
        if params["PASSWORD"]:
            dsn += f" password={params['PASSWORD']}"
        return "postgresql", dsn
    (data_dir / "locks").mkdir(parents=True, exist_ok=True)
    return "file", str(data_dir / "locks" / f"{name}.lock")


@contextmanager
def held_elsewhere(name: str, data_dir: Path | None = None) -> Iterator[None]:
    kind, where = _lock_target(name, data_dir or Path(settings.DATA_DIR))
    holder = subprocess.Popen(  # noqa: S603 - this interpreter, our own script
        [sys.executable, "-c", HOLDER, kind, name, where],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


def _run(job: str) -> str:
    out = StringIO()
    call_command("scheduled", job, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """The commands `sro scheduled` started (instead of running them)."""
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(scheduled, "call_command", lambda *a, **k: calls.append(a))
    return calls


def test_a_free_lock_runs_the_job(demo: object) -> None:
    before = SecurityAudit.objects.count()
    out = _run("open-audits")
    assert "already running" not in out
    # The job itself ran: it printed its own summary of what it opened.
    opened = SecurityAudit.objects.count() - before
    assert out.splitlines()[-1].endswith("opened for 2026-11-28.")
    assert out.splitlines()[-1].startswith(f"{opened} audit")


def test_a_lock_held_by_another_server_skips_the_job(db: None, ran: list[tuple[Any, ...]]) -> None:
    with held_elsewhere("open-audits"):
        assert _run("open-audits") == (
            "open-audits is already running on another server; skipped.\n"
        )
        assert ran == []  # the job did not run
        # Each job has its own lock: another job still runs.
        assert "already running" not in _run("reminders")
        assert ran == [("remind",)]
    # Released when the other server is done: the next run goes ahead.
    assert "already running" not in _run("open-audits")
    assert ran == [("remind",), ("safety_open_audits",)]


@pytest.mark.parametrize("job", sorted(JOBS))
def test_every_job_runs_its_command_under_its_lock(
    db: None, ran: list[tuple[Any, ...]], job: str
) -> None:
    assert _run(job) == ""
    assert ran == [tuple(JOBS[job][0])]


def test_a_job_finished_today_by_another_server_is_not_run_again(
    db: None, ran: list[tuple[Any, ...]]
) -> None:
    """Timers on several servers fire minutes apart (RandomizedDelaySec, clocks): the lock
    stops two runs at the same moment, the day's record a second run after the first ended."""
    assert _run("force-check") == ""
    assert _run("force-check") == "force-check already ran today (2026-11-28); skipped.\n"
    assert ran == [("force_check",)]
    assert ScheduledRun.objects.get(job="force-check").day == dt.date(2026, 11, 28)
    with time_machine.travel(dt.datetime(2026, 11, 29, 15, 0, tzinfo=dt.UTC)):
        assert _run("force-check") == ""  # the next day it runs again
    assert ran == [("force_check",), ("force_check",)]


def test_a_failed_run_is_not_recorded_so_the_next_timer_retries(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the mail server is down")

    monkeypatch.setattr(scheduled, "call_command", fail)
    with pytest.raises(RuntimeError):
        _run("reminders")
    assert not ScheduledRun.objects.filter(job="reminders").exists()
    with job_lock("reminders") as held:
        assert held  # and the lock was released


def test_every_job_names_a_command_that_exists() -> None:
    from django.core.management import get_commands

    for command, when in JOBS.values():
        assert command[0] in get_commands()
        assert when


def test_jobs_have_distinct_lock_keys() -> None:
    keys = {locks._key(name) for name in JOBS}
    assert len(keys) == len(JOBS)
    assert all(-(2**63) <= key < 2**63 for key in keys)  # PostgreSQL's bigint


def _fail_holding(name: str) -> None:
    with job_lock(name) as held:
        assert held
        raise RuntimeError("the job failed")


def test_a_lock_is_released_when_the_job_fails(db: None) -> None:
    with pytest.raises(RuntimeError):
        _fail_holding("retention")
    with job_lock("retention") as held:
        assert held


@pytest.mark.once
def test_the_command_line_skips_with_exit_status_0(tmp_path: Path) -> None:
    """`sro scheduled` as a timer runs it, on SQLite (the lock needs no database)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.pop("DATABASE_URL", None)
    env |= {"DEBUG": "true", "SRO_DATA_DIR": str(tmp_path)}
    lock = tmp_path / "locks" / "retention.lock"
    lock.parent.mkdir()
    holder = subprocess.Popen(  # noqa: S603 - this interpreter, our own script
        [sys.executable, "-c", HOLDER, "file", "retention", str(lock)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        done = subprocess.run(  # noqa: S603 - our own console script
            [str(Path(sys.executable).with_name("sro")), "scheduled", "retention"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "retention is already running on another server; skipped.\n"
