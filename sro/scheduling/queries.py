"""Read helpers for school calendars and calendar feeds."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.http import HttpRequest

from sro.accounts.backends import account_usable
from sro.roster.models import Officer
from sro.scheduling.calendar_files import KINDS
from sro.scheduling.models import CalendarDay, CalendarFeed, CalendarTitleChoice
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


@dataclass(frozen=True)
class DayChange:
    """A date an import changes: what the calendar says now (None: no entry) and after."""

    day: dt.date
    old: tuple[str, str] | None
    new: tuple[str, str]

    @property
    def now(self) -> str:
        if self.old is None:
            return "Not in the calendar"
        kind = KINDS.get(self.old[0], self.old[0])
        return f"{kind}: {self.old[1]}" if self.old[1] and self.old[1] != kind else kind

    @property
    def after(self) -> str:
        return KINDS[self.new[0]]


def changes(lea: EducationAgency, days: dict[dt.date, tuple[str, str]]) -> list[DayChange]:
    """Each date whose kind or label the import would change, or add, in date order."""
    existing = {
        d.day: (d.kind, d.label)
        for d in CalendarDay.objects.filter(education_agency=lea, day__in=list(days))
    }
    return [
        DayChange(day, existing.get(day), value)
        for day, value in sorted(days.items())
        if existing.get(day) != value
    ]


def title_choices(lea: EducationAgency) -> dict[str, str]:
    """The kinds chosen for this district's event titles: title key -> kind (or "ignore")."""
    return dict(
        CalendarTitleChoice.objects.filter(education_agency=lea).values_list("title_key", "kind")
    )


def feed_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def officer_for_feed(secret: str, request: HttpRequest | None = None) -> Officer | None:
    """The officer whose active feed this secret opens. Revoked feeds open nothing, nor does
    the feed of an officer no longer active or whose account is disabled or locked (the feed is
    a way in like an API token, and follows the same rule)."""
    if not secret or len(secret) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("officer__user")
        .filter(digest=feed_digest(secret), revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feed.officer.active:
        return None
    user = feed.officer.user
    if user is not None and not account_usable(user, request):
        return None
    return feed.officer
