"""The safety overview (every school's audit, drills, plan and recommendations at a glance) and
one school's safety page."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sro.accounts.permissions import can_list
from sro.accounts.principal import principal_for
from sro.core import clock
from sro.core.views import can_write
from sro.rules.dates import school_year_of
from sro.safety import access, queries
from sro.safety.models import AuditStatus, Drill, SecurityAudit, SecurityEvent


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    schools = access.safety_schools_for_user(request.user, "security_audit")
    district = request.GET.get("district", "")
    districts = sorted({(str(s.education_agency_id), s.education_agency.name) for s in schools})
    if district in {d for d, _ in districts}:
        schools = schools.filter(education_agency_id=uuid.UUID(district))
    today = clock.today()
    rows = queries.school_rows(schools, as_of=today)
    state = request.GET.get("state", "")
    if state == "overdue":
        rows = [r for r in rows if r.audit.overdue]
    elif state == "current":
        rows = [r for r in rows if not r.audit.overdue]
    p = principal_for(request.user)
    links = [
        (label, name)
        for resource, label, name in [
            ("security_audit", "Security audits", "safety:audit_list"),
            ("recommendation", "Recommendations", "safety:recommendation_list"),
            ("drill", "Drills", "safety:drill_list"),
            ("security_event", "Event security", "safety:event_list"),
            ("audit_checklist", "Audit checklist", "safety:checklist"),
        ]
        if can_list(p, resource)
    ]
    return render(
        request,
        "safety/overview.html",
        {
            "rows": rows,
            "overdue": sum(r.audit.overdue for r in rows),
            "districts": districts,
            "district": district,
            "state": state,
            "school_year": school_year_of(today),
            "links": links,
        },
    )


@login_required
def school(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    school = access.get_school(request.user, pk, "security_audit")
    today = clock.today()
    row = queries.school_rows(type(school).objects.filter(pk=school.pk), as_of=today)[0]
    p = principal_for(request.user)
    may_audit = can_write(request.user, "security_audit")
    return render(
        request,
        "safety/school.html",
        {
            "school": school,
            "row": row,
            "today": today,
            "audits": SecurityAudit.objects.filter(school=school).select_related("officer"),
            "drills": Drill.objects.filter(
                school=school, school_year=row.drills.school_year
            ).select_related("officer")
            if can_list(p, "drill")
            else None,
            "contributions": row.plan.contributions.select_related("officer")
            if row.plan is not None
            else [],
            "events": SecurityEvent.objects.filter(school=school, ends_at__date__gte=today)
            .prefetch_related("officers")
            .order_by("starts_at")[:20]
            if can_list(p, "security_event")
            else None,
            # "Start the audit" only where the rules say the school needs one (or one is open
            # and not started); a school whose audit for the year is done and current is
            # audited again only with a stated reason.
            "may_audit": may_audit
            and (
                (row.unfinished is None and row.audit.needed)
                or (row.unfinished is not None and row.unfinished.status == AuditStatus.OPEN)
            ),
            "may_repeat": may_audit and row.unfinished is None and not row.audit.needed,
            "is_officer": p.officer_id is not None,
            "assigns": can_write(request.user, "safety_assignment"),
            "may_plan": can_write(request.user, "safety_plan"),
            "may_drill": can_write(request.user, "drill"),
            "may_event": can_write(request.user, "security_event"),
            "sees_plan": can_list(p, "safety_plan"),
        },
    )
