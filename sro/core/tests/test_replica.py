"""Reports read from the replica when one is configured; everything else, and every write,
from the primary."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from sro.core.replica import ReplicaRouter, reading_from_replica, replica_reads
from sro.roster.models import Officer

ROOT = Path(__file__).resolve().parents[3]
ROUTER = ReplicaRouter()
WITH_REPLICA = {"default": {}, "replica": {}}


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")  # read by the router only
def test_reads_inside_a_report_go_to_the_replica_when_there_is_one() -> None:
    with override_settings(DATABASES=WITH_REPLICA):
        assert ROUTER.db_for_read(Officer) is None  # the primary
        with reading_from_replica():
            assert ROUTER.db_for_read(Officer) == "replica"
            assert ROUTER.db_for_write(Officer) == "default"
        assert ROUTER.db_for_read(Officer) is None
        assert replica_reads(lambda: ROUTER.db_for_read(Officer))() == "replica"
    with reading_from_replica():  # no replica configured: the primary
        assert ROUTER.db_for_read(Officer) is None


def test_only_the_primary_is_migrated() -> None:
    assert ROUTER.allow_migrate("default", "roster")
    assert not ROUTER.allow_migrate("replica", "roster")


@pytest.mark.once
def test_the_annual_report_command_reads_the_replica(tmp_path: Path) -> None:
    """A primary with the demo and an empty replica: the report's figures come from the
    replica, while finding the agency (not a report read) uses the primary."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env |= {"DEBUG": "true", "SRO_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    sro = str(Path(sys.executable).with_name("sro"))

    def run(*args: str, replica: bool = False) -> str:
        extra = {"DATABASE_REPLICA_URL": f"sqlite:///{tmp_path / 'replica.sqlite3'}"}
        done = subprocess.run(  # noqa: S603 - our own console script
            [sro, *args],
            env=env | (extra if replica else {}),
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    run("migrate", "--noinput")
    # The replica: the migrated database before the demo is loaded.
    shutil.copy(tmp_path / "sro.sqlite3", tmp_path / "replica.sqlite3")
    run("demo")
    args = ("report", "annual", "--school-year", "2026-27", "--format", "csv")
    from_primary = run(*args)
    from_replica = run(*args, replica=True)
    assert "2026-27,summary,,officers_served,9" in from_primary
    assert "2026-27,summary,,officers_served,0" in from_replica  # the empty replica answered
