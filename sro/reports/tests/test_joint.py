"""The joint annual report of a contract: each figure computed again from the demo's records,
who may read it, and the downloads."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pypdf
from django.test import Client

from conftest import Demo
from sro.activity.models import Activity
from sro.audittrail.models import AuditEvent
from sro.contracts.models import Contract
from sro.incidents.models import Incident
from sro.reports.joint import joint_report
from sro.reports.render import joint_csv
from sro.training.models import Completion

YEAR = "2026-27"


def _district(demo: Demo) -> Contract:
    return Contract.objects.get(education_agency__kind="district", agency=demo.agency)


def test_every_figure_matches_the_demo_records(demo: Demo) -> None:
    contract = _district(demo)
    report = joint_report(contract, YEAR)
    schools = list(contract.schools.all())
    # The demo year's incidents (the demo's 2025-26 has some too).
    incidents = Incident.objects.filter(school__in=schools, occurred_at__date__gte="2026-07-01")
    assert report.incidents == incidents.count() == 6
    assert sum(n for _, n in report.initiated) == report.incidents
    assert (
        dict(report.initiated)["School staff request"]
        == incidents.filter(initiated_by="school_staff").count()
    )
    assert report.outcome("referred_to_court") == 1  # the pills in a backpack
    assert report.outcome("custodial_arrest") == 0  # the arrest was at the charter school
    # Training: courses completed in the year by officers assigned under the contract.
    officers = set(contract.assignments.values_list("officer_id", flat=True))
    done = Completion.objects.filter(officer_id__in=officers, completed_on__gte="2026-07-01")
    assert report.training_hours == sum((c.hours or Decimal(0) for c in done), Decimal(0))
    assert report.training_hours == Decimal("40.0")
    assert {t.name for t in report.training} >= {"Dana Lindqvist", "Marcus Okafor"}
    # Time by duty at the contract's schools.
    minutes = sum(
        Activity.objects.filter(school__in=schools, on__gte="2026-07-01").values_list(
            "minutes", flat=True
        )
    )
    assert report.activity is not None
    assert report.activity.total.minutes == minutes
    # The demo's complaints: one closed (not sustained) at Central Lakes High, one under review
    # at Runestone Middle, one received with no school named (not counted here).
    assert report.complaints is not None
    assert (report.complaints.received, report.complaints.closed) == (2, 1)
    assert dict(report.complaints.outcomes)["Not sustained"] == 1


def test_the_charter_contract_has_its_own_figures(demo: Demo) -> None:
    charter = Contract.objects.get(education_agency__kind="charter")
    report = joint_report(charter, YEAR)
    assert report.incidents == 1
    assert report.outcome("custodial_arrest") == 1
    assert [t.name for t in report.training] == ["Erik Solberg"]
    assert report.complaints is not None
    assert report.complaints.received == 0


def test_the_csv_and_the_pdf(clients: dict[str, Client], demo: Demo) -> None:
    contract = _district(demo)
    rows = list(csv.DictReader(io.StringIO(joint_csv(joint_report(contract, YEAR)))))
    assert {"section": "incidents", "item": "all", "value": "6", "school_year": YEAR} in rows
    chief = clients["chief"]
    pdf = chief.get(f"/reports/contracts/{contract.pk}/{YEAR}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Who initiated the SRO's involvement" in text
    assert "For Alexandria Area Schools" in text  # both parties sign
    assert AuditEvent.objects.filter(action="export.download", target_type="report.joint").exists()


def test_the_principal_reads_their_districts_report_only(
    clients: dict[str, Client], demo: Demo
) -> None:
    principal = clients["principal"]
    page = principal.get(f"/reports/contracts/{_district(demo).pk}/")
    assert page.status_code == 200
    assert "Joint annual report 2026-27" in page.content.decode()
    charter = Contract.objects.get(education_agency__kind="charter")
    assert principal.get(f"/reports/contracts/{charter.pk}/").status_code == 404
    # The SRO reads no reports: 403 on the contract of the school they serve, and 404 on one
    # outside their scope (its existence does not leak; issue 23, finding 14).
    assert clients["sro"].get(f"/reports/contracts/{_district(demo).pk}/").status_code == 403
    assert clients["sro"].get(f"/reports/contracts/{charter.pk}/").status_code == 404


def test_the_contract_page_links_to_its_report(clients: dict[str, Client], demo: Demo) -> None:
    contract = _district(demo)
    link = f"/reports/contracts/{contract.pk}/"
    assert link in clients["chief"].get(f"/contracts/{contract.pk}/").content.decode()
    sro_page = clients["sro"].get(f"/contracts/{contract.pk}/")
    assert sro_page.status_code == 200
    assert link not in sro_page.content.decode()
