"""The annual program report: each figure computed again from the demo's known records, the
page and downloads for each role, and `sro report annual`."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from conftest import Demo
from sro.audittrail.models import AuditEvent
from sro.contracts.models import Notification
from sro.incidents.demo_incidents import DISPOSITION_OF
from sro.incidents.models import IncidentPerson
from sro.reports.annual import annual_report
from sro.reports.render import annual_csv
from sro.safety.models import Recommendation, SecurityAudit
from sro.use_of_force.models import ForceReport

YEAR = "2026-27"  # the demo's school year (its records are from September to November 2026)


def test_every_figure_matches_the_demo_records(demo: Demo) -> None:
    report = annual_report(demo.agency, YEAR)
    assert report.in_progress
    assert str(report.as_of) == "2026-11-28"
    students = [d for (_, first), d in DISPOSITION_OF.items() if first != "Carl"]  # Carl: adult
    assert report.students == len(students) == 7
    assert report.referrals == students.count("referred_to_school") == 1
    assert report.alternatives == 2  # Jonah restorative justice, Marcus diversion
    assert report.arrests == 1  # Leo
    assert report.total("citation") == 1
    assert report.total("referred_to_court") == 1
    assert report.total("handled_in_department") == 1
    assert report.force == ForceReport.objects.filter(incident__agency=demo.agency).count() == 4
    assert report.prone == 1
    audits = SecurityAudit.objects.filter(school_year=YEAR)
    assert report.audits_completed == audits.filter(status="completed").count() == 2
    recommendations = Recommendation.objects.filter(finding__audit__school_year=YEAR)
    assert report.recommendations == recommendations.count() == 6
    assert report.recommendations_closed == recommendations.exclude(closed_on=None).count() == 2
    assert report.schools_served == 6
    notified = set(Notification.objects.filter(school_year=YEAR).values_list("school", flat=True))
    assert report.schools_notified == len(notified) == 5
    assert len(report.contracts) == 2
    assert report.contracts_compliant == 0  # no demo contract has every clause confirmed
    names = {o.name for o in report.officers}
    assert {"Dana Lindqvist", "Marcus Okafor"} <= names
    okafor = next(o for o in report.officers if o.name == "Marcus Okafor")
    assert okafor.may_serve  # in the grace period: may serve, restricted
    # The table adds up: every school's dispositions make the totals.
    for i in range(len(report.dispositions)):
        assert sum(s.dispositions[i] for s in report.schools) == report.disposition_totals[i]
    assert sum(s.force for s in report.schools) == report.force


def test_a_year_without_records_is_all_zeros(demo: Demo) -> None:
    report = annual_report(demo.agency, "2019-20")
    assert not report.in_progress
    assert (report.students, report.force, report.audits_completed) == (0, 0, 0)
    assert report.officers == []
    assert report.schools == []


def test_no_student_is_named_in_any_format(demo: Demo) -> None:
    report = annual_report(demo.agency, YEAR)
    text = annual_csv(report)
    from sro.reports.render import annual_html

    html = annual_html(report)
    people = IncidentPerson.objects.exclude(kind="staff")
    assert people.count() >= 7
    for first, last in people.values_list("first_name", "last_name"):
        for document in (text, html):
            assert f"{first} {last}" not in document
            assert last not in document


def test_the_csv_holds_every_summary_figure(demo: Demo) -> None:
    rows = list(csv.DictReader(io.StringIO(annual_csv(annual_report(demo.agency, YEAR)))))
    summary = {r["measure"]: r["value"] for r in rows if r["section"] == "summary"}
    assert summary["students_with_disposition"] == "7"
    assert summary["custodial_arrests"] == "1"
    assert summary["prone_restraints"] == "1"
    assert summary["recommendations_closed"] == "2"
    central = [r for r in rows if r["school"] == "Central Lakes High School"]
    assert any(r["measure"] == "referred_to_school" and r["value"] == "1" for r in central)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("chief", 200),
        ("sergeant", 200),
        ("records", 200),
        ("auditor", 200),
        ("sro", 403),
        ("principal", 403),
        ("norole", 403),
    ],
)
def test_who_reads_the_annual_report(clients: dict[str, Client], persona: str, status: int) -> None:
    assert clients[persona].get("/reports/annual/").status_code == status


def test_the_page_shows_the_figures_charts_and_downloads(clients: dict[str, Client]) -> None:
    page = clients["chief"].get("/reports/annual/", {"school_year": YEAR})
    html = page.content.decode()
    assert "Annual program report 2026-27" in html
    assert "year to date" in html
    assert html.count('class="sro-chart__svg"') == 2  # two charts, each with a text alternative
    assert "Referred to school authorities: 1" in html  # the chart's text alternative
    assert f"/reports/annual/{YEAR}.pdf" in html
    bad = clients["chief"].get("/reports/annual/", {"school_year": "2026"})
    assert "is not a school year" in bad.content.decode()


def test_the_downloads(clients: dict[str, Client], demo: Demo) -> None:
    chief = clients["chief"]
    pdf = chief.get(f"/reports/annual/{YEAR}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "annual report" in text
    assert "Custodial arrests 1" in text
    assert chief.get(f"/reports/annual/{YEAR}.csv")["Content-Type"].startswith("text/csv")
    assert b"<!DOCTYPE html>" in chief.get(f"/reports/annual/{YEAR}.html").content
    assert chief.get("/reports/annual/2026.pdf").status_code == 404
    assert chief.get(f"/reports/annual/{YEAR}.docx").status_code == 404
    exports = AuditEvent.objects.filter(action="export.download", target_type="report.annual")
    assert exports.count() == 3
    assert clients["principal"].get(f"/reports/annual/{YEAR}.pdf").status_code == 403


def test_the_command_writes_each_format(
    demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.pdf"
    agency = demo.agency.name
    call_command(
        "report",
        "annual",
        "--school-year",
        YEAR,
        "--format",
        "pdf",
        "--output",
        str(out),
        "--agency",
        agency,
    )
    assert out.read_bytes().startswith(b"%PDF")
    call_command("report", "annual", "--school-year", YEAR, "--format", "csv", "--agency", agency)
    assert "custodial_arrests,1" in capsys.readouterr().out
    with pytest.raises(CommandError, match="--school-year"):
        call_command("report", "annual", "--school-year", "2026", "--agency", agency)
    with pytest.raises(CommandError, match="--output"):
        call_command(
            "report", "annual", "--school-year", YEAR, "--format", "pdf", "--agency", agency
        )
    with pytest.raises(CommandError, match="--agency"):
        call_command("report", "annual", "--school-year", YEAR)  # two agencies in the tests
    with pytest.raises(CommandError, match="no agency"):
        call_command("report", "annual", "--school-year", YEAR, "--agency", "Nowhere PD")


def test_the_console_script_knows_the_command() -> None:
    sro = str(Path(sys.executable).with_name("sro"))
    done = subprocess.run(  # noqa: S603 - our own console script
        [sro, "report", "annual", "--help"], capture_output=True, text=True, check=False
    )
    assert "--school-year" in done.stdout
