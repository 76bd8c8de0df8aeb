"""The audit's areas as the walk, the audit page and the report show them, and the report for
the principal as a PDF. Security information: not public (Minn. Stat. 13.37, subd. 1(a))."""

from __future__ import annotations

import base64
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from sro.core import clock
from sro.safety.models import AuditAnswer, AuditPhoto, Rating, Risk, SecurityAudit

NOT_PUBLIC = "Security information — not public (Minn. Stat. 13.37, subd. 1(a))"
RISK_ORDER = [Risk.CRITICAL, Risk.HIGH, Risk.MODERATE, Risk.LOW]
THUMBNAIL_PX = 480


@dataclass
class Area:
    """One area of an audit: its answers in order, numbered from 1 in the walk."""

    number: int
    name: str
    answers: list[AuditAnswer] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.answers)

    @property
    def answered(self) -> int:
        return sum(1 for a in self.answers if a.rating)

    @property
    def unrated(self) -> int:
        return self.total - self.answered

    @property
    def counts(self) -> dict[str, int]:
        ratings = Counter(a.rating for a in self.answers)
        return {value: ratings.get(value, 0) for value in [*Rating.values, ""]}


def areas_of(audit: SecurityAudit, *, with_related: bool = False) -> list[Area]:
    """The audit's answers grouped by area, in the order the checklist had when it started."""
    answers = audit.answers.all()
    if with_related:
        answers = answers.prefetch_related("photos", "findings")
    groups = groupby(answers, key=lambda a: (a.area_order, a.area))
    return [
        Area(number, name, list(rows))
        for number, ((_order, name), rows) in enumerate(groups, start=1)
    ]


def area_number_of(answer: AuditAnswer) -> int:
    """The number of the area an answer is walked in."""
    for area in areas_of(answer.audit):
        if any(a.pk == answer.pk for a in area.answers):
            return area.number
    return 1


def _thumbnail(photo: AuditPhoto) -> str | None:
    """A small JPEG of the photo as a data: URL, or None when the file cannot be read or has more
    pixels than an upload may (one stored before that check): decoding it could take gigabytes."""
    from PIL import Image, UnidentifiedImageError

    try:
        with photo.file.open("rb") as stored, Image.open(stored) as image:
            if image.width * image.height > settings.SRO_MAX_IMAGE_MEGAPIXELS * 1_000_000:
                return None
            image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
            out = io.BytesIO()
            image.convert("RGB").save(out, format="JPEG", quality=75)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")


@dataclass(frozen=True)
class ReportItem:
    answer: AuditAnswer
    photos: list[tuple[AuditPhoto, str | None]]


def report_context(audit: SecurityAudit) -> dict[str, Any]:
    areas = areas_of(audit, with_related=True)
    items = [
        (area, [ReportItem(a, [(p, _thumbnail(p)) for p in a.photos.all()]) for a in area.answers])
        for area in areas
    ]
    findings = list(
        audit.findings.select_related("answer").prefetch_related("recommendations").all()
    )
    findings.sort(key=lambda f: RISK_ORDER.index(Risk(f.risk)))
    return {
        "audit": audit,
        "school": audit.school,
        "agency": audit.school.education_agency.agency,
        "areas": items,
        "findings": findings,
        "ratings": Rating.choices,
        "not_public": NOT_PUBLIC,
        "printed_on": clock.today(),
    }


def audit_pdf(audit: SecurityAudit) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string("safety/audit_report_pdf.html", report_context(audit))
    # Photos are embedded as data: URLs; nothing else is ever fetched.
    fetcher = URLFetcher(allowed_protocols=frozenset({"data"}))
    pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf()
    return pdf


def pdf_filename(audit: SecurityAudit) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", audit.school.name.lower()).strip("-")[:60] or "school"
    return f"security-audit-{slug}-{audit.school_year}.pdf"
