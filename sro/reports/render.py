"""The annual report as a standalone HTML document, a PDF (WeasyPrint) and a CSV of every figure."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from django.template.loader import render_to_string

from sro.core import clock, csvcells
from sro.reports.annual import AnnualReport
from sro.reports.joint import JointReport


def annual_html(report: AnnualReport) -> str:
    """A standalone document with its own print styles; it loads nothing from anywhere."""
    return render_to_string(
        "reports/annual_document.html", {"report": report, "generated_on": clock.today()}
    )


def annual_document(report: AnnualReport, fmt: str) -> bytes | str:
    """The report as "pdf" (bytes), "csv" or "html" (text)."""
    if fmt == "pdf":
        return annual_pdf(report)
    return annual_csv(report) if fmt == "csv" else annual_html(report)


def annual_pdf(report: AnnualReport) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # The charts are inline SVG and the styles inline: no URL is ever fetched.
    fetcher = URLFetcher(allowed_protocols=frozenset())
    pdf: bytes = HTML(string=annual_html(report), url_fetcher=fetcher).write_pdf()
    return pdf


CSV_HEADER = ("school_year", "section", "school", "measure", "value")


def annual_rows(report: AnnualReport) -> list[tuple[str, str, str, str, str | int]]:
    """Every figure in the report, one per row (a long table that any spreadsheet can pivot)."""
    year = report.school_year
    rows: list[tuple[str, str, str, str, str | int]] = [
        (year, "summary", "", "as_of", report.as_of.isoformat()),
        (year, "summary", "", "officers_served", len(report.officers)),
        (year, "summary", "", "officers_cleared_to_serve", report.officers_may_serve),
        (year, "summary", "", "schools_served", report.schools_served),
        (year, "summary", "", "schools_notified", report.schools_notified),
        (year, "summary", "", "contracts_in_force", len(report.contracts)),
        (year, "summary", "", "contracts_compliant", report.contracts_compliant),
        (year, "summary", "", "students_with_disposition", report.students),
        (year, "summary", "", "referred_to_school", report.referrals),
        (year, "summary", "", "diversion_or_restorative_justice", report.alternatives),
        (year, "summary", "", "custodial_arrests", report.arrests),
        (year, "summary", "", "force_reports", report.force),
        (year, "summary", "", "prone_restraints", report.prone),
        (year, "summary", "", "audits_completed", report.audits_completed),
        (year, "summary", "", "recommendations", report.recommendations),
        (year, "summary", "", "recommendations_closed", report.recommendations_closed),
    ]
    ids = [d for d, _ in report.dispositions]
    for school in report.schools:
        for disposition, n in zip(ids, school.dispositions, strict=True):
            rows.append((year, "dispositions", school.name, disposition, n))
        rows += [
            (year, "schools", school.name, "district", school.district),
            (year, "schools", school.name, "officers", school.officers),
            (year, "schools", school.name, "notices_given", school.notices),
            (year, "schools", school.name, "force_reports", school.force),
            (year, "schools", school.name, "prone_restraints", school.prone),
            (year, "schools", school.name, "security_audit", school.audit),
            (year, "schools", school.name, "recommendations", school.recommendations),
            (year, "schools", school.name, "recommendations_closed", school.recommendations_closed),
        ]
    for officer in report.officers:
        rows.append((year, "officers", officer.schools, officer.name, officer.status))
    for contract in report.contracts:
        verdict = "compliant" if contract.compliant else contract.summary
        rows.append((year, "contracts", contract.district, contract.title, verdict))
    return rows


def annual_csv(report: AnnualReport) -> str:
    out = io.StringIO()
    writer = csvcells.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(annual_rows(report))
    return out.getvalue()


def filename(report: AnnualReport, extension: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", report.agency.lower()).strip("-")[:60] or "agency"
    return f"sro-annual-report-{slug}-{report.school_year}.{extension}"


def joint_html(report: JointReport) -> str:
    return render_to_string("reports/joint_document.html", {"report": report})


def joint_pdf(report: JointReport) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=frozenset())
    pdf: bytes = HTML(string=joint_html(report), url_fetcher=fetcher).write_pdf()
    return pdf


def joint_csv(report: JointReport) -> str:
    year = report.school_year
    rows: list[tuple[str, str, str, str | int | float | Decimal]] = [
        (year, "incidents", "all", report.incidents)
    ]
    rows += [(year, "initiated_by", label, n) for label, n in report.initiated]
    rows += [(year, "student_outcome", d, n) for d, _, n in report.outcomes]
    if report.complaints is not None:
        rows += [
            (year, "complaints", "received", report.complaints.received),
            (year, "complaints", "closed", report.complaints.closed),
        ]
        rows += [(year, "complaint_outcome", label, n) for label, n in report.complaints.outcomes]
    for t in report.training:
        rows += [
            (year, "training_hours", t.name, t.hours),
            (year, "training_courses", t.name, t.courses),
        ]
    if report.activity is not None:
        rows += [
            (year, "duty_clause_hours", str(line.key), line.hours)
            for line in report.activity.by_clause
        ]
    out = io.StringIO()
    writer = csvcells.writer(out, lineterminator="\n")
    writer.writerow(("school_year", "section", "item", "value"))
    writer.writerows(rows)
    return out.getvalue()


def joint_filename(report: JointReport, extension: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", report.contract.lower()).strip("-")[:60] or "contract"
    return f"sro-joint-report-{slug}-{report.school_year}.{extension}"
