"""Each school year's public figures are published once, after the year has ended and its
reports have been reviewed, and served as stored from then on (issue 23: figures counted afresh
on every visit could be fetched one day and again the next and subtracted; drafts counted, so the
figures moved as officers typed)."""

from __future__ import annotations

import csv
import io
import re
import threading
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import override_settings

from conftest import Demo
from sro.audittrail.models import AuditEvent
from sro.incidents.models import IncidentPerson
from sro.public import releases, transparency
from sro.public.models import PublicRelease, ReleaseChanged
from sro.public.tests.helpers import (
    AFTER,
    YEAR,
    approve_both_levels,
    force_report,
    incident,
    local,
)
from sro.use_of_force.models import ForceReport


def _csv(client: Any, demo: Demo, year: str = YEAR) -> bytes:
    response = client.get(f"/public/transparency/{demo.agency.pk}/{year}.csv")
    assert response.status_code == 200, response.content[:300]
    return response.content


def _value(text: bytes, table: str, row: str, column: str) -> str:
    for r in csv.DictReader(io.StringIO(text.decode())):
        if (r["table"], r["row"], r["column"]) == (table, row, column):
            return r["value"]
    raise AssertionError((table, row, column))


def _figures(html: str) -> list[str]:
    """The tables of a page (what a reader would copy), without the rest of the page."""
    return re.findall(r"<table.*?</table>", html, flags=re.DOTALL)


def _page(client: Any, url: str, **query: str) -> str:
    response = client.get(url, query)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


# --- Only reviewed records count ---------------------------------------------------------------


@override_settings(SRO_PUBLIC_MIN_COUNT=1)
def test_drafts_and_records_in_review_do_not_count(client: Any, demo: Demo) -> None:
    """The demo's 2026-27 has incidents and force reports in every review state; records added
    in each state change only what the approved ones give."""
    for status in ("draft", "submitted", "returned", "approved"):
        incident(demo, at=local(2026, 11, 2), status=status, summary=f"A {status} record")
    for status in ("draft", "submitted", "sergeant_reviewed", "approved"):
        force_report(demo, at=local(2026, 11, 3), status=status)
    students = IncidentPerson.objects.filter(
        kind="student", incident__occurred_at__gte=local(2026, 7, 1, 0)
    ).exclude(disposition="")
    reviewed = students.filter(incident__status="approved")
    assert students.count() > reviewed.count()  # drafts and records in review exist
    reports = ForceReport.objects.filter(incident__agency=demo.agency)
    assert reports.exclude(status="approved").exists()
    with time_machine.travel(AFTER):
        text = _csv(client, demo)
        index = _page(client, "/public/")
    total = _value(text, "by_school", "All students", "All outcomes")
    assert total == str(reviewed.count())
    handled = _value(text, "by_school", "All students", "Handled within the department")
    assert handled == str(reviewed.filter(disposition="handled_in_department").count())
    approved = reports.filter(status="approved").count()
    assert f'<th scope="row">All schools</th><td>{approved}</td>' in index


# --- Published once, never recounted ----------------------------------------------------------


@override_settings(SRO_PUBLIC_MIN_COUNT=1)
def test_a_record_added_or_changed_after_the_release_changes_nothing(
    client: Any, demo: Demo
) -> None:
    """The differencing attack: fetch the figures, record one more incident in the year (or
    finish a review, or edit a report), fetch again and subtract. The published year does not
    move: the CSV is the same bytes, the pages the same tables."""
    with time_machine.travel(AFTER):
        before_csv = _csv(client, demo)
        before_page = _figures(_page(client, "/public/transparency/", school_year=YEAR))
        before_index = _figures(_page(client, "/public/"))
        assert before_page
        assert before_index
        # One more reviewed incident in the year, and the review of a report in it finished.
        incident(demo, at=local(2027, 3, 1))
        waiting = ForceReport.objects.get(prone_start__isnull=False)  # the arrest's report
        assert waiting.status == "submitted"
        approve_both_levels(demo, waiting)
        assert _csv(client, demo) == before_csv
        assert _figures(_page(client, "/public/transparency/", school_year=YEAR)) == before_page
        assert _figures(_page(client, "/public/")) == before_index
    assert PublicRelease.objects.filter(agency=demo.agency, school_year=YEAR).count() == 1


def test_a_published_year_is_served_without_counting_again(
    client: Any, demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    with time_machine.travel(AFTER):
        first = _csv(client, demo)
        _page(client, "/public/transparency/", school_year=YEAR)  # every agency's release

        def counted(*args: Any, **kwargs: Any) -> Any:
            raise AssertionError("a published year was counted again")

        monkeypatch.setattr(transparency, "public_figures", counted)
        assert _csv(client, demo) == first
        assert "Published on September 1, 2027" in _page(
            client, "/public/transparency/", school_year=YEAR
        )
        assert _page(client, "/public/")


def test_the_stored_release_has_its_hash_and_never_changes(client: Any, demo: Demo) -> None:
    with time_machine.travel(AFTER):
        response = client.get(f"/public/transparency/{demo.agency.pk}/{YEAR}.csv")
    release = PublicRelease.objects.get(agency=demo.agency, school_year=YEAR)
    assert release.content_hash == releases.content_hash(release.content)
    assert response["ETag"] == f'"{release.content_hash}"'
    assert response.content.decode() == release.content["csv"]
    release.content["csv"] = "agency\nchanged\n"
    with pytest.raises(ReleaseChanged):
        release.save()


# --- Not before the release day ----------------------------------------------------------------


def test_the_current_year_says_when_it_will_be_published_and_shows_no_figures(
    client: Any, demo: Demo
) -> None:
    page = _page(client, "/public/transparency/", school_year=YEAR)
    assert "The figures for 2026-27 will be published on August 29, 2027." in page
    assert _figures(page) == []
    assert "withheld</td>" not in page
    assert not PublicRelease.objects.filter(school_year=YEAR).exists()
    missing = client.get(f"/public/transparency/{demo.agency.pk}/{YEAR}.csv")
    assert missing.status_code == 404
    index = _page(client, "/public/")
    assert "The figures for 2026-27 will be published on August 29, 2027." in index
    assert "Use of force on students, 2026-27" not in index
    # The year before is published: the demo published it when it was loaded (2026-11-28).
    assert "Use of force on students, 2025-26" in index
    assert "published on November 28, 2026" in index
    with time_machine.travel(local(2027, 8, 28, 23)):  # the evening before the release day
        assert client.get(f"/public/transparency/{demo.agency.pk}/{YEAR}.csv").status_code == 404
    assert not PublicRelease.objects.filter(school_year=YEAR).exists()


@override_settings(SRO_PUBLIC_RELEASE_DAYS=10)
def test_the_release_day_follows_the_setting(client: Any, demo: Demo) -> None:
    assert releases.release_on(YEAR).isoformat() == "2027-07-10"
    page = _page(client, "/public/transparency/", school_year=YEAR)
    assert "will be published on July 10, 2027" in page
    assert "10 days after the school year ends" in page
    with time_machine.travel(local(2027, 7, 10, 12)):
        assert _csv(client, demo)


def test_a_published_year_says_when_it_was_published(client: Any, demo: Demo) -> None:
    page = _page(client, "/public/transparency/")  # the latest published year by default
    assert "students SROs dealt with, 2025-26" in page
    assert "Published on November 28, 2026." in page
    assert _figures(page)


# --- Published once, by the job or by the first request -----------------------------------------


def test_the_first_request_after_the_release_day_publishes_once(client: Any, demo: Demo) -> None:
    with time_machine.travel(AFTER):
        for _ in range(3):
            _csv(client, demo)
            _page(client, "/public/transparency/", school_year=YEAR)
            _page(client, "/public/")
        again, created = releases.release_of(demo.agency, YEAR, why="test")
    release = PublicRelease.objects.get(agency=demo.agency, school_year=YEAR)
    assert (again, created) == (release, False)
    events = AuditEvent.objects.filter(action="public_release.publish", target_id=str(release.pk))
    assert events.count() == 1
    event = events.get()
    assert event.reason == releases.ON_REQUEST
    assert event.new_values["content_hash"] == release.content_hash
    assert event.agency_id == demo.agency.pk


def test_the_scheduled_job_publishes_the_years_due(demo: Demo) -> None:
    out = StringIO()
    call_command("scheduled", "public-releases", stdout=out)  # 2026-11-28: 2026-27 not yet
    assert not PublicRelease.objects.filter(school_year=YEAR).exists()
    # The demo published its agency's years when it was loaded; the other agency's now.
    assert set(
        PublicRelease.objects.filter(agency=demo.other_agency).values_list("school_year", flat=True)
    ) == {"2025-26", "2024-25", "2023-24", "2022-23"}
    with time_machine.travel(AFTER):
        out = StringIO()
        call_command("scheduled", "public-releases", stdout=out)
        assert f"{demo.agency.name}: published the 2026-27 figures" in out.getvalue()
        release = PublicRelease.objects.get(agency=demo.agency, school_year=YEAR)
        event = AuditEvent.objects.get(action="public_release.publish", target_id=str(release.pk))
        assert event.reason == releases.BY_THE_JOB
        assert event.actor_username == "system"
        out = StringIO()
        call_command("public_releases", stdout=out)
        assert out.getvalue() == "0 releases published.\n"
    assert PublicRelease.objects.filter(school_year=YEAR).count() == 2  # both agencies


def test_an_older_year_is_published_only_when_asked_for_by_name(client: Any, demo: Demo) -> None:
    page = _page(client, "/public/transparency/", school_year="2019-20")
    assert "No figures were published for 2019-20." in page
    assert client.get(f"/public/transparency/{demo.agency.pk}/2019-20.csv").status_code == 404
    assert not PublicRelease.objects.filter(school_year="2019-20").exists()
    out = StringIO()
    call_command("public_releases", "--school-year", "2019-20", stdout=out)
    assert "2 releases published." in out.getvalue()
    assert _csv(client, demo, "2019-20")
    with pytest.raises(CommandError, match="published on 2027-08-29, not before"):
        call_command("public_releases", "--school-year", YEAR)
    with pytest.raises(CommandError, match="Two consecutive years"):
        call_command("public_releases", "--school-year", "2026")
    with pytest.raises(CommandError, match="No agency"):
        call_command("public_releases", "--agency", "Nobody")


def test_a_second_publication_returns_the_first(demo: Demo) -> None:
    with time_machine.travel(AFTER):
        first, created = releases.release_of(demo.agency, YEAR, why="test")
        second, created_again = releases.release_of(demo.agency, YEAR, why="test")
        assert releases.publish_due(agencies=[demo.agency]) == []
    assert created
    assert not created_again
    assert first == second
    assert PublicRelease.objects.filter(agency=demo.agency, school_year=YEAR).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_servers_publishing_at_once_keep_one_release(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Server B finds no release and counts; meanwhile server A publishes and commits; B's
    insert then meets the unique constraint, is rolled back, and B serves A's release. Made
    deterministic by running A inside B's count (no timing)."""
    original = releases.release_content
    results: dict[str, Any] = {}

    def run(name: str) -> None:
        try:
            results[name] = releases.release_of(demo.agency, YEAR, why=name)
        except Exception as failed:  # reported by the assertions below
            results[name] = failed
        finally:
            connections.close_all()

    def counting(*args: Any) -> Any:
        if threading.current_thread().name == "B":
            other = threading.Thread(target=run, args=("A",), name="A")
            other.start()
            other.join()
        return original(*args)

    monkeypatch.setattr(releases, "release_content", counting)
    with time_machine.travel(AFTER):
        server_b = threading.Thread(target=run, args=("B",), name="B")
        server_b.start()
        server_b.join()
    release_a, created_a = results["A"]
    release_b, created_b = results["B"]
    assert (created_a, created_b) == (True, False)
    assert release_a.pk == release_b.pk
    assert PublicRelease.objects.filter(agency=demo.agency, school_year=YEAR).count() == 1
    assert AuditEvent.objects.filter(action="public_release.publish", reason="B").count() == 0
    assert AuditEvent.objects.filter(action="public_release.publish", reason="A").count() == 1
