"""Read helpers for school calendars."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sro.scheduling.models import CalendarDay
from sro.schools.models import EducationAgency


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int


def compare(lea: EducationAgency, days: dict[dt.date, tuple[str, str]]) -> ImportSummary:
    """What an import would do, without doing it (the preview)."""
    existing = {
        d.day: (d.kind, d.label)
        for d in CalendarDay.objects.filter(education_agency=lea, day__in=list(days))
    }
    created = sum(1 for day in days if day not in existing)
    unchanged = sum(1 for day, value in days.items() if existing.get(day) == value)
    return ImportSummary(created, len(days) - created - unchanged, unchanged)
