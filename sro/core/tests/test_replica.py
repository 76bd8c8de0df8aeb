"""Reports read from the replica when one is configured; everything else, and every write,
from the primary."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections, router
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from sro.core.replica import (
    ReplicaRouter,
    reading_from_primary,
    reading_from_replica,
    replica_reads,
)
from sro.roster.models import Officer

ROOT = Path(__file__).resolve().parents[3]
ROUTER = ReplicaRouter()
# The test settings' `replica` alias is a test mirror of the primary; reports use it only with
# SRO_REPORTS_READ_REPLICA on, and a test that reads through it must list both databases.
BOTH = pytest.mark.django_db(databases=["default", "replica"])
REPORTS_ON_REPLICA = override_settings(SRO_REPORTS_READ_REPLICA=True)


@pytest.fixture(autouse=True)
def _close_the_mirror() -> Iterator[None]:
    """The mirror's connection is closed after each test (once its transaction is rolled
    back), so that the test database can be dropped at the end."""
    yield
    connections["replica"].close()


def test_the_test_settings_have_a_replica_that_mirrors_the_primary() -> None:
    assert settings.DATABASES["replica"]["TEST"]["MIRROR"] == "default"


@REPORTS_ON_REPLICA
def test_reads_inside_a_report_go_to_the_replica_and_nothing_else_does() -> None:
    assert router.db_for_read(Officer) == "default"
    assert Officer.objects.all().db == "default"
    with reading_from_replica():
        assert router.db_for_read(Officer) == "replica"
        assert Officer.objects.all().db == "replica"
        # Writes, and reads made for a write (select_for_update), stay on the primary.
        assert router.db_for_write(Officer) == "default"
        assert Officer.objects.select_for_update().db == "default"
    assert router.db_for_read(Officer) == "default"
    assert replica_reads(lambda: Officer.objects.all().db)() == "replica"
    assert Officer.objects.all().db == "default"  # the decorator resets it, too


@REPORTS_ON_REPLICA
def test_figures_kept_for_good_are_read_from_the_primary_even_inside_a_report() -> None:
    with reading_from_replica(), reading_from_primary():
        assert router.db_for_read(Officer) == "default"
        assert replica_reads(lambda: Officer.objects.all().db)() == "default"
    assert replica_reads(lambda: Officer.objects.all().db)() == "replica"


@REPORTS_ON_REPLICA
def test_the_choice_does_not_leak_out_of_a_failed_report() -> None:
    @replica_reads
    def failing() -> None:
        assert router.db_for_read(Officer) == "replica"
        raise ValueError("the report failed")

    with pytest.raises(ValueError, match="the report failed"):
        failing()
    assert router.db_for_read(Officer) == "default"


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")  # read by the router only
@REPORTS_ON_REPLICA
def test_without_a_replica_reports_read_the_primary() -> None:
    only_the_primary = override_settings(DATABASES={"default": settings.DATABASES["default"]})
    with only_the_primary, reading_from_replica():
        assert ROUTER.db_for_read(Officer) is None  # the default database


def test_reports_read_the_primary_when_turned_off() -> None:
    with override_settings(SRO_REPORTS_READ_REPLICA=False), reading_from_replica():
        assert ROUTER.db_for_read(Officer) is None


def test_only_the_primary_is_migrated() -> None:
    assert ROUTER.allow_migrate("default", "roster")
    assert not ROUTER.allow_migrate("replica", "roster")


@BOTH
@REPORTS_ON_REPLICA
def test_the_annual_report_page_renders_with_its_figures_read_from_the_replica(
    clients: dict[str, Client],
) -> None:
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = clients["chief"].get("/reports/annual/", {"school_year": "2026-27"})
    assert response.status_code == 200
    assert b"Annual program report" in response.content
    report = response.context["report"]
    assert report.school_year == "2026-27"
    assert report.schools_served == 6  # the demo's figures, read through the mirror
    assert len(on_replica.captured_queries) > 5


@BOTH
@REPORTS_ON_REPLICA
def test_the_dashboards_and_the_public_page_render_with_the_replica(
    clients: dict[str, Client],
) -> None:
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert clients["chief"].get("/home/").status_code == 200
    assert on_replica.captured_queries, "the chief's dashboard read the replica"
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert clients["anonymous"].get("/public/transparency/").status_code == 200
        # Another agency's year is published at this first request: its figures are kept for
        # good, so they are read from the primary, not from a copy that may lag.
        other = clients["anonymous"].get("/public/transparency/", {"school_year": "2024-25"})
        assert other.status_code == 200
    assert on_replica.captured_queries == [], "a public release was read from the replica"


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
