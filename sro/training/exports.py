"""The compliance list as CSV and as PDF (WeasyPrint), for a licensing-board audit."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from django.template.loader import render_to_string

from sro.core import csvcells
from sro.rules.params import RULES_VERSION
from sro.training.queries import OfficerCompliance

CSV_COLUMNS = [
    "officer",
    "badge_number",
    "post_license_number",
    "status",
    "may_serve",
    "restricted_clauses",
    "training_due",
    "refresher_due",
    "policy_review",
    "reviewed_current_policy",
    "certificate",
    "reasons",
    "as_of",
    "rules_version",
]


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def compliance_csv(rows: Sequence[OfficerCompliance], *, as_of: dt.date) -> str:
    out = io.StringIO()
    writer = csvcells.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        v = row.verdict
        writer.writerow(
            [
                row.officer.full_name,
                row.officer.badge_number,
                row.officer.post_license_number,
                v.status,
                "yes" if v.may_serve else "no",
                " ".join(str(c) for c in v.restricted_clauses),
                _iso(v.training_due),
                _iso(v.refresher_due),
                v.policy_review,
                ""
                if row.reviewed_current_policy is None
                else ("yes" if row.reviewed_current_policy else "no"),
                v.certificate,
                " | ".join(f"{r.message} ({r.citation})" for r in v.reasons),
                as_of.isoformat(),
                RULES_VERSION,
            ]
        )
    return out.getvalue()


def compliance_pdf(rows: Sequence[OfficerCompliance], *, as_of: dt.date, agency_name: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "training/compliance_pdf.html",
        {"rows": rows, "as_of": as_of, "agency_name": agency_name, "rules_version": RULES_VERSION},
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
