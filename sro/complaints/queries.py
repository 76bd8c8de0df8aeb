"""Reading complaints: the counts for the public page (no complainant, no account of what
happened, no officer: only how many were received and closed and how they ended), the schools
the public form offers, and the chief's list."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sro.complaints.models import Complaint, Outcome, Status
from sro.core import clock
from sro.rules.dates import school_year_bounds


@dataclass(frozen=True)
class ComplaintCounts:
    """Complaints received in a period, how many of them are closed, and the closed ones by
    outcome (every outcome listed, in the order of ``Outcome``, zeros included)."""

    received: int
    closed: int
    outcomes: list[tuple[str, int]]  # (label, complaints)

    def outcome(self, label: str) -> int:
        return next((n for name, n in self.outcomes if name == label), 0)


@dataclass(frozen=True)
class PublicComplaintCounts(ComplaintCounts):
    school_year: str


def _received_between(
    agency_id: uuid.UUID, first: dt.date, last: dt.date, school_ids: Iterable[Any] | None
) -> QuerySet[Complaint]:
    zone = clock.agency_zone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    found = Complaint.objects.filter(
        agency_id=agency_id, received_at__gte=start, received_at__lt=end
    )
    if school_ids is not None:
        found = found.filter(school_id__in=list(school_ids))
    return found


def counts(
    agency_id: uuid.UUID,
    first: dt.date,
    last: dt.date,
    *,
    school_ids: Iterable[Any] | None = None,
) -> ComplaintCounts:
    """Complaints received from ``first`` to ``last`` (local days, both included), optionally
    only those at the given schools, with how many are closed and by which outcome."""
    rows = list(
        _received_between(agency_id, first, last, school_ids).values_list("status", "outcome")
    )
    by_outcome = Counter(outcome for status, outcome in rows if status == Status.CLOSED)
    return ComplaintCounts(
        received=len(rows),
        closed=sum(by_outcome.values()),
        outcomes=[(str(label), by_outcome[value]) for value, label in Outcome.choices],
    )


def public_counts(agency_id: uuid.UUID, school_year: str) -> PublicComplaintCounts:
    """For the public page: complaints received in the school year ("2026-27"), how many of
    them are closed, and the closed ones by outcome."""
    first, last = school_year_bounds(school_year)
    found = counts(agency_id, first, last)
    return PublicComplaintCounts(
        received=found.received,
        closed=found.closed,
        outcomes=found.outcomes,
        school_year=school_year,
    )


def served_schools(agency_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[Any]]:
    """Each agency's schools an SRO serves this school year (those the public form offers)."""
    from sro.contracts.notices import served_schools as served
    from sro.rules.dates import school_year_of

    school_year = school_year_of(clock.today())
    return {
        agency_id: [row.school for row in served(agency_id, school_year)]
        for agency_id in agency_ids
    }


@dataclass(frozen=True)
class ListRow:
    """One complaint in the chief's list: nothing about the complainant or what happened."""

    pk: uuid.UUID
    reference: str
    received: dt.date
    school: str
    status: str
    outcome: str
    days_open: int

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse("complaints:complaint", args=[self.pk])


def days_open(complaint: Complaint, today: dt.date) -> int:
    """Days from receipt to the outcome date (closed) or to today (still open)."""
    received = complaint.received_at.astimezone(clock.agency_zone()).date()
    end = (
        complaint.outcome_on
        if complaint.status == Status.CLOSED and complaint.outcome_on
        else today
    )
    return max((end - received).days, 0)


def list_rows(agency_id: uuid.UUID, status: str = "") -> list[ListRow]:
    found = Complaint.objects.filter(agency_id=agency_id).select_related("school")
    if status in Status.values:
        found = found.filter(status=status)
    today = clock.today()
    zone = clock.agency_zone()
    return [
        ListRow(
            pk=c.pk,
            reference=c.reference,
            received=c.received_at.astimezone(zone).date(),
            school=c.school.name if c.school else "",
            status=c.get_status_display(),
            outcome=c.get_outcome_display() if c.outcome else "",
            days_open=days_open(c, today),
        )
        for c in found.only(
            "pk",
            "reference",
            "received_at",
            "school",
            "school__name",
            "status",
            "outcome",
            "outcome_on",
        )[:500]
    ]
