"""The navigation a user sees, from what their role may open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from sro.accounts.models import Role
from sro.accounts.permissions import can_list
from sro.accounts.principal import principal_for
from sro.roster.models import Agency

NAV: list[tuple[str, str, str]] = [
    ("officer", "Officers", "roster:officer_list"),
    ("assignment", "Assignments", "roster:assignment_list"),
    ("school", "Schools", "schools:school_list"),
    ("education_agency", "Districts", "schools:education_agency_list"),
    ("contract", "Contracts", "contracts:contract_list"),
    ("coverage", "Schedule", "scheduling:day"),
    ("incident", "Incidents", "incidents:incident_list"),
    ("force_report", "Force", "use_of_force:report_list"),
    ("security_audit", "Safety", "safety:overview"),
    ("activity", "Activity", "activity:list"),
    ("training", "Training", "training:compliance"),
    ("policy", "Policy", "training:policy"),
    ("data_request", "Data requests", "records:request_list"),
    ("audit_event", "Audit trail", "audittrail:event_list"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "principal": None, "role_label": "", "reading_agency": ""}
    principal = principal_for(user)
    items = [
        {"label": label, "url": reverse(name), "active": request.path.startswith(reverse(name))}
        for resource, label, name in NAV
        if can_list(principal, resource)
    ]
    if can_list(principal, "access_log") and not can_list(principal, "audit_event"):
        # Records staff have the access log but not the audit trail (which links to it).
        url = reverse("audittrail:access_list")
        items.append({"label": "Access log", "url": url, "active": request.path.startswith(url)})
    if can_list(principal, "school_referral") and not can_list(principal, "incident"):
        # School administrators see no police records, only the referrals made to them.
        url = reverse("incidents:referral_list")
        items.insert(5, {"label": "Referrals", "url": url, "active": request.path.startswith(url)})
    if can_list(principal, "activity_figures") and not can_list(principal, "activity"):
        # School administrators see the SRO's time at their schools, and its referrals.
        url = reverse("activity:time_by_duty")
        items.append({"label": "SRO time", "url": url, "active": request.path.startswith(url)})
    role_label = Role(principal.role).label if principal.role else ""
    reading = ""
    if principal.spans_agencies and principal.agency_id:
        role_label = Role.STATE_AUDITOR.label
        reading = Agency.objects.filter(pk=principal.agency_id).values_list("name", flat=True)[0]
    return {
        "nav_items": items,
        "principal": principal,
        "role_label": role_label,
        "reading_agency": reading,
    }
