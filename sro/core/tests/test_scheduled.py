"""Scheduled jobs run once across servers: a second run while the first holds the job's lock
skips (PostgreSQL advisory lock, or a file lock on SQLite)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from sro.core.locks import job_lock
from sro.core.management.commands.scheduled import JOBS


def _run(job: str) -> str:
    out = StringIO()
    call_command("scheduled", job, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_free_lock_runs_the_job(db: None) -> None:
    assert "already running" not in _run("open-audits")


def test_a_held_lock_skips_the_job(db: None) -> None:
    with job_lock("open-audits") as held:
        assert held
        assert _run("open-audits") == (
            "open-audits is already running on another server; skipped.\n"
        )
    # Released: the next run goes ahead, and another job was never blocked.
    with job_lock("reminders") as held:
        assert held
        assert "already running" not in _run("open-audits")


def test_every_job_names_a_command_that_exists() -> None:
    from django.core.management import get_commands

    for command, when in JOBS.values():
        assert command[0] in get_commands()
        assert when


def _fail_holding(name: str) -> None:
    with job_lock(name) as held:
        assert held
        raise RuntimeError("the job failed")


def test_a_lock_is_released_when_the_job_fails(db: None) -> None:
    with pytest.raises(RuntimeError):
        _fail_holding("retention")
    with job_lock("retention") as held:
        assert held
