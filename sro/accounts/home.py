"""What each role's home page shows: today's coverage with training standing, and for an SRO
their own training and any policy version still to review."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Q

from sro.accounts.permissions import Principal, Role, can_list
from sro.activity.home_cards import activity_home
from sro.contracts.notices import schools_needing_notice
from sro.core import clock
from sro.incidents.access import VISIBLE_TO_SCHOOL
from sro.incidents.models import Incident, IncidentPerson, Status
from sro.incidents.queries import figures, open_items
from sro.reports.dashboards import dashboard
from sro.roster.models import Assignment, Officer
from sro.rules.dates import school_year_of
from sro.safety.home_cards import safety_home
from sro.scheduling.attention import (
    HORIZON_DAYS,
    school_days_without_sro,
    substitutes_nearing_limit,
)
from sro.scheduling.coverage import coverage_range, officer_days, window
from sro.training.queries import compliance, current_policy
from sro.use_of_force.models import EarlyInterventionAlert, ForceReport
from sro.use_of_force.oversight import bca_status
from sro.use_of_force.review import pending_for

GAP_DAYS = 6  # the week the supervisors' home pages show coverage gaps for


def coverage_cards(principal: Principal, agency_id: uuid.UUID, today: dt.date) -> dict[str, Any]:
    """Who serves today, as the schedule with the training rule applied says it: the lines of
    "Serving today", the officers who may not serve, a school administrator's schools, and for
    supervisors the week's school days without an SRO and the substitutes near the limit."""
    current = (
        Assignment.objects.filter(officer__agency_id=agency_id, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("officer", "school")
        .order_by("school__name", "officer__last_name")
    )
    if principal.role is Role.SRO:
        current = (
            current.filter(officer_id=principal.officer_id)
            if principal.officer_id
            else current.none()
        )
    elif principal.role is Role.SCHOOL_ADMIN:
        current = current.filter(school_id__in=principal.school_ids)
    assignments = list(current)
    officer_ids = {a.officer_id for a in assignments}
    rows = {
        r.officer.pk: r for r in compliance(Officer.objects.filter(id__in=officer_ids), as_of=today)
    }
    shows_status = can_list(principal, "training")
    supervisor = principal.role in {Role.CHIEF, Role.SERGEANT}
    # The one answer of where officers are on duty today (and, for supervisors, the weeks
    # ahead): the same as the schedule's, the training rule applied.
    ahead = window(agency_id, today, today + dt.timedelta(days=HORIZON_DAYS if supervisor else 0))
    coverage_today = coverage_range(agency_id, today, today, w=ahead)[today]
    on_day = {(o.officer.pk, row.school.pk): o for row in coverage_today for o in row.officers}
    cards: dict[str, Any] = {
        "today": today,
        "lines": [
            {
                "assignment": a,
                "row": rows[a.officer_id] if shows_status else None,
                "restricted": rows[a.officer_id].restricted,
                "today": on_day.get((a.officer_id, a.school_id)),
            }
            for a in assignments
        ],
        "shows_status": shows_status,
        "not_serving": [r for r in rows.values() if not r.verdict.may_serve],
    }
    if principal.role is Role.SCHOOL_ADMIN:
        schools = principal.school_ids
        cards["school_coverage"] = [r for r in coverage_today if r.school.pk in schools]
    if supervisor:
        cards["substitute_flags"] = substitutes_nearing_limit(agency_id, today, w=ahead)
        cards["coverage_gaps"] = school_days_without_sro(
            agency_id, today, today + dt.timedelta(days=GAP_DAYS), w=ahead
        )
    return cards


def home_context(principal: Principal, agency_id: uuid.UUID, user: Any) -> dict[str, Any]:
    today = clock.today()
    context = coverage_cards(principal, agency_id, today)
    context["officer_count"] = Officer.objects.filter(agency_id=agency_id, active=True).count()
    if principal.role is Role.SRO and principal.officer_id:
        mine = compliance(Officer.objects.filter(pk=principal.officer_id), as_of=today)
        context["my_row"] = mine[0] if mine else None
        policy = current_policy(agency_id, today)
        context["policy_to_review"] = (
            policy
            if policy and not policy.reviews.filter(officer_id=principal.officer_id).exists()
            else None
        )
        officer = Officer.objects.get(pk=principal.officer_id)
        context["my_week"] = officer_days(officer, today, today + dt.timedelta(days=6))
    if principal.role in {Role.CHIEF, Role.SERGEANT, Role.SCHOOL_ADMIN}:
        # Schools with an SRO and no public notification this school year (policy IV.A.1.iv).
        context["notice_year"] = school_year_of(today)
        context["notice_flags"] = schools_needing_notice(
            agency_id,
            context["notice_year"],
            school_ids=principal.school_ids if principal.role is Role.SCHOOL_ADMIN else None,
        )
    context.update(_incident_context(principal, agency_id, user))
    context.update(safety_home(principal, agency_id, today))
    context.update(activity_home(principal, agency_id, today))
    context.update(dashboard(principal, agency_id, context))
    return context


def _incident_context(principal: Principal, agency_id: uuid.UUID, user: Any) -> dict[str, Any]:
    """The SRO's unfinished incidents; for supervisors, records waiting for review and the
    year's referrals and arrests; for a school administrator, referrals not yet acknowledged."""
    incidents = Incident.objects.filter(agency_id=agency_id).select_related("school")
    if principal.role is Role.SRO:
        return {"open_incidents": list(open_items(incidents, principal.officer_id))}
    if principal.role in {Role.CHIEF, Role.SERGEANT}:
        return {
            "to_review": incidents.filter(status=Status.SUBMITTED).count(),
            "incident_figures": figures(agency_id, school_year_of(clock.today())),
        } | _force_context(principal, agency_id, user)
    if principal.role is Role.SCHOOL_ADMIN:
        waiting = IncidentPerson.objects.filter(
            incident__agency_id=agency_id,
            incident__school_id__in=principal.school_ids,
            incident__status__in=VISIBLE_TO_SCHOOL,
            disposition="referred_to_school",
            acknowledged_at__isnull=True,
        )
        return {"referrals_waiting": waiting.count()}
    return {}


def _force_context(principal: Principal, agency_id: uuid.UUID, user: Any) -> dict[str, Any]:
    """Force reports waiting for this supervisor's review (what they may act on now, as
    `sro.use_of_force.review` decides), for the chief those no sergeant may review, BCA months
    missing or due soon, and (for the chief) early-intervention alerts not yet reviewed."""
    pending = pending_for(user, ForceReport.objects.filter(incident__agency_id=agency_id))
    months = bca_status(agency_id, clock.today())
    context: dict[str, Any] = {
        "force_waiting": sum(p.option.waiting_for_you for p in pending),
        "bca_attention": [m for m in months if m.state in {"missing", "remind"}],
    }
    if principal.role is Role.CHIEF:
        context["force_no_sergeant"] = sum(p.no_sergeant and p.option.allowed for p in pending)
        context["open_alerts"] = EarlyInterventionAlert.objects.filter(
            officer__agency_id=agency_id, reviewed_at__isnull=True
        ).count()
    return context
