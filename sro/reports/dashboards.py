"""The charts and due dates on the home pages: for the chief, training standing, referrals against
arrests by month and the force trend; for a sergeant, what comes due in the next weeks; for a
school administrator, referrals made to their schools and the audit recommendations."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.db.models.functions import TruncMonth
from django.urls import reverse

from sro.accounts.permissions import Principal, Role
from sro.core import clock
from sro.core.charts import bar_chart, grouped_bar_chart
from sro.core.replica import replica_reads
from sro.incidents.access import VISIBLE_TO_SCHOOL
from sro.incidents.models import IncidentPerson
from sro.incidents.queries import figures
from sro.roster.models import Assignment, Officer
from sro.rules.dates import school_year_bounds, school_year_of
from sro.safety.models import CLOSED_STATUSES, Recommendation
from sro.training.queries import STATUS_LABELS, compliance
from sro.use_of_force.models import ForceReport
from sro.use_of_force.oversight import bca_status

DUE_WITHIN_DAYS = 30


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def _label(month: dt.date) -> str:
    return month.strftime("%b %Y")


def _month_of(value: Any) -> dt.date:
    day = value.date() if isinstance(value, dt.datetime) else value
    return day.replace(day=1)


def training_chart(agency_id: uuid.UUID, today: dt.date) -> Any:
    """Officers on assignment today by their training standing (Minn. Stat. 626.8482, subd. 3)."""
    on_assignment = (
        Assignment.objects.filter(officer__agency_id=agency_id, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values("officer_id")
    )
    rows = compliance(Officer.objects.filter(pk__in=on_assignment), as_of=today)
    counts = Counter(r.status_label for r in rows)
    order = [label for label in dict.fromkeys(STATUS_LABELS.values()) if counts[label]]
    return bar_chart(
        "Officers on assignment by training standing",
        [(label, float(counts[label])) for label in order],
        digits=0,
    )


def referrals_chart(agency_id: uuid.UUID, today: dt.date) -> Any:
    """Students referred to school authorities against custodial arrests, month by month in the
    school year so far."""
    school_year = school_year_of(today)
    by_month = {m: (r, a) for m, r, a, _ in figures(agency_id, school_year).by_month}
    first, _ = school_year_bounds(school_year)
    months = _months(first, today)
    return grouped_bar_chart(
        f"Referrals to school authorities and arrests by month, {school_year}",
        [_label(m) for m in months],
        [
            ("Referrals", "referral", [float(by_month.get(m, (0, 0))[0]) for m in months]),
            ("Arrests", "arrest", [float(by_month.get(m, (0, 0))[1]) for m in months]),
        ],
    )


def force_chart(agency_id: uuid.UUID, today: dt.date) -> Any:
    """Uses of force on students and prone restraints, month by month in the school year so
    far (the annual report has the whole years)."""
    school_year = school_year_of(today)
    first, _ = school_year_bounds(school_year)
    zone = clock.agency_zone()
    reports = ForceReport.objects.filter(
        incident__agency_id=agency_id,
        occurred_at__gte=dt.datetime.combine(first, dt.time.min, zone),
    ).annotate(month=TruncMonth("occurred_at", tzinfo=zone))
    force = Counter(_month_of(m) for m in reports.values_list("month", flat=True))
    prone = Counter(
        _month_of(m)
        for m in reports.filter(prone_start__isnull=False).values_list("month", flat=True)
    )
    months = _months(first, today)
    return grouped_bar_chart(
        f"Force used on students by month, {school_year}",
        [_label(m) for m in months],
        [
            ("Uses of force", "use of force", [float(force[m]) for m in months]),
            ("Prone restraints", "prone restraint", [float(prone[m]) for m in months]),
        ],
    )


@dataclass(frozen=True)
class DueItem:
    due_on: dt.date | None  # None: already owed
    what: str
    url: str

    @property
    def overdue(self) -> bool:
        return self.due_on is None or self.due_on < clock.today()


def due_items(agency_id: uuid.UUID, today: dt.date, safety: dict[str, Any]) -> list[DueItem]:
    """What comes due in the next DUE_WITHIN_DAYS days, or is already overdue: security audits,
    audit recommendations and the monthly state use-of-force report."""
    items: list[DueItem] = []
    safety_url = reverse("safety:overview")
    for a in [*safety.get("safety_overdue", []), *safety.get("safety_due_soon", [])]:
        items.append(DueItem(a.status.due_on, f"Security audit, {a.school.name}", safety_url))
    horizon = today + dt.timedelta(days=DUE_WITHIN_DAYS)
    recommendations = (
        Recommendation.objects.filter(
            finding__audit__school__education_agency__agency_id=agency_id, due_on__lte=horizon
        )
        .exclude(status__in=CLOSED_STATUSES)
        .select_related("finding__audit__school")
        .order_by("due_on")[:10]
    )
    for r in recommendations:
        items.append(
            DueItem(
                r.due_on,
                f"Audit recommendation, {r.finding.audit.school.name}: {r.action[:60]}",
                reverse("safety:recommendation_list"),
            )
        )
    for month in bca_status(agency_id, today):
        if month.state in {"missing", "remind", "due"} and month.month.due_on <= horizon:
            items.append(
                DueItem(
                    month.month.due_on,
                    f"State use-of-force report for {month.month.month:%B %Y}",
                    reverse("use_of_force:report_list"),
                )
            )
    return sorted(items, key=lambda i: (i.due_on or dt.date.min, i.what))


def school_referrals_chart(principal: Principal, agency_id: uuid.UUID, today: dt.date) -> Any:
    """Students the SRO referred to the administrator's schools, month by month this school
    year (counts only)."""
    school_year = school_year_of(today)
    first, _ = school_year_bounds(school_year)
    zone = clock.agency_zone()
    referrals = (
        IncidentPerson.objects.filter(
            incident__agency_id=agency_id,
            incident__school_id__in=principal.school_ids,
            incident__status__in=VISIBLE_TO_SCHOOL,
            disposition="referred_to_school",
            incident__occurred_at__gte=dt.datetime.combine(first, dt.time.min, zone),
        )
        .annotate(month=TruncMonth("incident__occurred_at", tzinfo=zone))
        .values_list("month", flat=True)
    )
    counts = Counter(_month_of(m) for m in referrals)
    months = _months(first, today)
    return bar_chart(
        f"Students referred to your schools by month, {school_year}",
        [(_label(m), float(counts[m])) for m in months],
        digits=0,
    )


def recommendations_chart(principal: Principal) -> Any:
    """Audit recommendations at the administrator's schools: open against closed, by school."""
    rows = Recommendation.objects.filter(
        finding__audit__school_id__in=principal.school_ids
    ).values_list("finding__audit__school__name", "status")
    open_, closed = Counter[str](), Counter[str]()
    for school, status in rows:
        (closed if status in CLOSED_STATUSES else open_)[school] += 1
    schools = sorted(set(open_) | set(closed))
    return grouped_bar_chart(
        "Security audit recommendations at your schools",
        schools,
        [
            ("Open", "open", [float(open_[s]) for s in schools]),
            ("Closed", "closed", [float(closed[s]) for s in schools]),
        ],
    )


@replica_reads
def dashboard(principal: Principal, agency_id: uuid.UUID, safety: dict[str, Any]) -> dict[str, Any]:
    today = clock.today()
    if principal.role is Role.CHIEF:
        from sro.complaints.models import Complaint, Status

        return {
            "complaints_open": Complaint.objects.filter(agency_id=agency_id)
            .exclude(status=Status.CLOSED)
            .count(),
            "training_chart": training_chart(agency_id, today),
            "referrals_chart": referrals_chart(agency_id, today),
            "force_chart": force_chart(agency_id, today),
        }
    if principal.role is Role.SERGEANT:
        return {
            "due_items": due_items(agency_id, today, safety),
            "referrals_chart": referrals_chart(agency_id, today),
        }
    if principal.role is Role.SCHOOL_ADMIN:
        return {
            "school_referrals_chart": school_referrals_chart(principal, agency_id, today),
            "recommendations_chart": recommendations_chart(principal),
        }
    return {}
