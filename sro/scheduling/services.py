"""Writes to school calendars: a whole import in one transaction with one audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sro.audittrail.services import audited, record_event
from sro.scheduling.models import CalendarDay
from sro.scheduling.queries import ImportSummary, compare
from sro.schools.models import EducationAgency


@audited
def import_calendar(
    lea: EducationAgency, days: dict[dt.date, tuple[str, str]], *, actor: Any, source: str
) -> ImportSummary:
    """Add or update each date; importing the same file again changes nothing."""
    summary = compare(lea, days)
    existing = {
        d.day: d for d in CalendarDay.objects.filter(education_agency=lea, day__in=list(days))
    }
    for day, (kind, label) in days.items():
        row = existing.get(day)
        if row is None:
            CalendarDay.objects.create(
                education_agency=lea, day=day, kind=kind, label=label, source=source
            )
        elif (row.kind, row.label) != (kind, label):
            row.kind, row.label, row.source = kind, label, source
            row.save(update_fields=["kind", "label", "source", "updated_at"])
    record_event(
        actor=actor,
        action="calendar.import",
        target=lea,
        new={
            "source": source,
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "from": min(days).isoformat() if days else None,
            "to": max(days).isoformat() if days else None,
        },
    )
    return summary
