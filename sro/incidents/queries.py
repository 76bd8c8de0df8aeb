"""Read helpers shared by pages, the API and reports: open items and the referral and arrest
figures (counts only, never a person)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth

from sro.core import clock
from sro.incidents.models import FINAL_STATUSES, OPEN_STATUSES, Incident, IncidentPerson, PersonKind
from sro.rules.dates import school_year_bounds
from sro.rules.incidents import DISPOSITIONS


def open_items(incidents: QuerySet[Incident], officer_id: uuid.UUID | None) -> QuerySet[Incident]:
    """The officer's drafts and returned records, oldest first: what they still have to finish."""
    if officer_id is None:
        return incidents.none()
    return incidents.filter(officer_id=officer_id, status__in=OPEN_STATUSES).order_by("occurred_at")


def final_students() -> QuerySet[IncidentPerson]:
    """The students of incidents whose review is finished (approved). A draft, a record waiting
    for review or returned for changes can still change, so figures meant to stand (the public
    releases, sro.public.releases) count only these."""
    return IncidentPerson.objects.filter(
        kind=PersonKind.STUDENT, incident__status__in=FINAL_STATUSES
    )


@dataclass
class Figures:
    school_year: str
    dispositions: list[tuple[str, str]]
    by_school: list[tuple[str, list[int], int]] = field(default_factory=list)
    by_month: list[tuple[dt.date, int, int, int]] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    total: int = 0

    @property
    def referrals(self) -> int:
        return self.totals[_index("referred_to_school")] if self.totals else 0

    @property
    def arrests(self) -> int:
        return self.totals[_index("custodial_arrest")] if self.totals else 0


def _index(disposition: str) -> int:
    return [d.id for d in DISPOSITIONS].index(disposition)


def figures(agency_id: uuid.UUID, school_year: str) -> Figures:
    """Dispositions of students by school and by month in one school year."""
    start, end = school_year_bounds(school_year)
    zone = clock.agency_zone()
    rows = IncidentPerson.objects.filter(
        incident__agency_id=agency_id,
        kind="student",
        incident__occurred_at__gte=dt.datetime.combine(start, dt.time.min, zone),
        incident__occurred_at__lt=dt.datetime.combine(
            end + dt.timedelta(days=1), dt.time.min, zone
        ),
    ).exclude(disposition="")
    result = Figures(school_year, [(d.id, d.label) for d in DISPOSITIONS])
    ids = [d.id for d in DISPOSITIONS]
    per_school: dict[str, Counter[str]] = {}
    for school, disposition, n in rows.values_list(
        "incident__school__name", "disposition"
    ).annotate(n=Count("id")):
        per_school.setdefault(school, Counter())[disposition] += n
    for school in sorted(per_school):
        counts = [per_school[school][d] for d in ids]
        result.by_school.append((school, counts, sum(counts)))
    result.totals = [sum(row[1][i] for row in result.by_school) for i in range(len(ids))]
    result.total = sum(result.totals)
    months: dict[dt.date, Counter[str]] = {}
    monthly = (
        rows.annotate(month=TruncMonth("incident__occurred_at", tzinfo=zone))
        .values_list("month", "disposition")
        .annotate(n=Count("id"))
    )
    for month, disposition, n in monthly:
        day = month.date() if isinstance(month, dt.datetime) else month
        months.setdefault(day, Counter())[disposition] += n
    for month in sorted(months):
        c = months[month]
        result.by_month.append(
            (month, c["referred_to_school"], c["custodial_arrest"], sum(c.values()))
        )
    return result
