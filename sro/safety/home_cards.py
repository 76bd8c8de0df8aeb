"""What the home pages show of school safety: for the chief, sergeants and school administrators
the schools whose yearly security audit is overdue (or due soon) and the audits in progress, with
a school administrator's open recommendations; for an SRO the audits at their schools still to
finish and the drills their schools still owe this school year."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sro.accounts.permissions import Principal, Reach, Role, can_list, list_reach
from sro.rules import safety as rule
from sro.rules.dates import school_year_of
from sro.safety import facts
from sro.safety.models import CLOSED_STATUSES, AuditStatus, Recommendation, SecurityAudit
from sro.schools.models import School

DUE_SOON_DAYS = 30  # a current audit due within this many days is shown as due soon
LISTED = 10  # schools named on the card; the rest are counted ("and 3 more")


@dataclass(frozen=True)
class SchoolAudit:
    school: School
    status: rule.AuditStatus
    days_left: int | None  # days to the due date (negative when overdue); None: never audited


def _school_audit(school: School, status: rule.AuditStatus, today: dt.date) -> SchoolAudit:
    days = None if status.due_on is None else (status.due_on - today).days
    return SchoolAudit(school, status, days)


@dataclass(frozen=True)
class DrillsOwed:
    school: School
    rows: tuple[rule.DrillRow, ...]  # the kinds still short of their minimum
    days_left: int


def _schools(principal: Principal, agency_id: uuid.UUID, resource: str) -> QuerySet[School]:
    """The active schools whose ``resource`` records the principal may list (the home page has
    the principal, not the request's user: the same rule as access.safety_schools_for_user)."""
    qs = School.objects.filter(education_agency__agency_id=agency_id, active=True)
    if list_reach(principal, resource) is not Reach.AGENCY:
        qs = qs.filter(id__in=principal.school_ids)
    return qs.order_by("name")


def safety_home(principal: Principal, agency_id: uuid.UUID, today: dt.date) -> dict[str, Any]:
    """The home page's safety context, empty for a role that does not see audits."""
    if principal.role not in {Role.CHIEF, Role.SERGEANT, Role.SCHOOL_ADMIN, Role.SRO}:
        return {}
    if not can_list(principal, "security_audit"):
        return {}
    schools = list(_schools(principal, agency_id, "security_audit"))
    ids = [s.pk for s in schools]
    statuses = facts.audit_statuses(ids, as_of=today)
    unfinished = list(
        SecurityAudit.objects.filter(school_id__in=ids)
        .exclude(status=AuditStatus.COMPLETED)
        .select_related("school", "officer")
        .order_by("due_on", "school__name")
    )
    audits = [_school_audit(s, statuses[s.pk], today) for s in schools]
    overdue = sorted(
        (a for a in audits if a.status.overdue),
        # Never audited first, then the longest overdue.
        key=lambda a: (a.status.state != "never", a.days_left or 0),
    )
    due_soon = [
        a
        for a in audits
        if not a.status.overdue and a.days_left is not None and a.days_left <= DUE_SOON_DAYS
    ]
    in_progress = [a for a in unfinished if a.status == AuditStatus.IN_PROGRESS]
    context: dict[str, Any] = {
        "safety_overdue": overdue[:LISTED],
        "safety_overdue_count": len(overdue),
        "safety_overdue_more": max(len(overdue) - LISTED, 0),
        "safety_due_soon": due_soon[:LISTED],
        "safety_due_soon_more": max(len(due_soon) - LISTED, 0),
        "safety_in_progress": in_progress[:LISTED],
        "safety_in_progress_more": max(len(in_progress) - LISTED, 0),
        "safety_school_count": len(schools),
    }
    if principal.role is Role.SCHOOL_ADMIN:
        context["safety_schools"] = audits
    if principal.role is Role.SCHOOL_ADMIN and can_list(principal, "recommendation"):
        rec_schools = _schools(principal, agency_id, "recommendation")
        open_recs = Recommendation.objects.filter(
            finding__audit__school__in=rec_schools.values("id")
        ).exclude(status__in=CLOSED_STATUSES)
        context["safety_open_recommendations"] = open_recs.count()
        context["safety_overdue_recommendations"] = open_recs.filter(due_on__lt=today).count()
    if principal.role is Role.SRO:
        context["safety_my_audits"] = [
            {"audit": a, "overdue": statuses[a.school_id].overdue} for a in unfinished
        ]
        context["safety_drills_owed"] = _drills_owed(principal, agency_id, today)
    return context


def _drills_owed(principal: Principal, agency_id: uuid.UUID, today: dt.date) -> list[DrillsOwed]:
    if not can_list(principal, "drill"):
        return []
    schools = list(_schools(principal, agency_id, "drill"))
    statuses = facts.drill_statuses(
        [s.pk for s in schools], school_year=school_year_of(today), as_of=today
    )
    owed = []
    for school in schools:
        status = statuses[school.pk]
        short = tuple(r for r in status.rows if not r.met)
        if short:
            owed.append(DrillsOwed(school, short, status.days_left))
    return owed
