"""Who may see and change force reports, intervention reports, the BCA months and alerts."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sro.accounts.permissions import Access, Decision, ObjectScope, Reach, decide, list_reach
from sro.accounts.principal import agency_id_of, principal_for
from sro.core.access import enforce, require_list
from sro.incidents import access as incident_access
from sro.incidents.models import Incident
from sro.use_of_force.models import EarlyInterventionAlert, ForceReport, InterventionReport


def report_scope(report: ForceReport) -> ObjectScope:
    incident = report.incident
    return ObjectScope(
        agency_id=incident.agency_id,
        officer_ids=frozenset({report.officer_id}),
        school_ids=frozenset({incident.school_id}),
        education_agency_ids=frozenset({incident.school.education_agency_id}),
    )


def reports_for_user(user: Any) -> QuerySet[ForceReport]:
    require_list(user, "force_report")
    qs = ForceReport.objects.filter(incident__agency_id=agency_id_of(user)).select_related(
        "incident__school", "officer", "subject"
    )
    p = principal_for(user)
    if list_reach(p, "force_report") is not Reach.AGENCY:
        qs = qs.filter(officer_id=p.officer_id) if p.officer_id else qs.none()
    return qs


def get_report_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> ForceReport:
    report = (
        ForceReport.objects.select_related("incident__school", "officer", "subject")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("No such report.")
    enforce(user, "force_report", report_scope(report), write=write)
    return report


def get_incident_for_new_report(user: Any, incident_pk: uuid.UUID) -> Incident:
    """The incident a new force report is filed from: its scope first (another agency's, or
    outside the user's schools, is 404), then the right to file one (403), so that a role
    without the right learns nothing of an incident it may not see."""
    incident = incident_access.get_incident_for_user(user, incident_pk)
    require_list(user, "force_report", write=True)
    return incident


def enforce_new(user: Any, report: ForceReport) -> None:
    enforce(user, "force_report", report_scope(report), write=True)


def may_review(user: Any, report: ForceReport) -> bool:
    decision = decide(principal_for(user), "force_review", report_scope(report), Access.WRITE)
    return decision is Decision.ALLOW


def interventions_for_user(user: Any) -> QuerySet[InterventionReport]:
    require_list(user, "intervention_report")
    qs = InterventionReport.objects.filter(agency_id=agency_id_of(user)).select_related(
        "reporting_officer"
    )
    p = principal_for(user)
    if list_reach(p, "intervention_report") is not Reach.AGENCY:
        qs = qs.filter(reporting_officer_id=p.officer_id) if p.officer_id else qs.none()
    return qs


def get_intervention_for_user(
    user: Any, pk: uuid.UUID, *, write: bool = False
) -> InterventionReport:
    report = InterventionReport.objects.filter(pk=pk).first()
    if report is None:
        raise Http404("No such report.")
    scope = ObjectScope(
        agency_id=report.agency_id, officer_ids=frozenset({report.reporting_officer_id})
    )
    enforce(user, "intervention_report", scope, write=write)
    return report


def alerts_for_user(user: Any) -> QuerySet[EarlyInterventionAlert]:
    require_list(user, "early_intervention")
    return EarlyInterventionAlert.objects.filter(
        officer__agency_id=agency_id_of(user)
    ).select_related("officer", "reviewed_by")


def get_alert_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> EarlyInterventionAlert:
    alert = EarlyInterventionAlert.objects.select_related("officer").filter(pk=pk).first()
    if alert is None:
        raise Http404("No such alert.")
    scope = ObjectScope(agency_id=alert.officer.agency_id)
    enforce(user, "early_intervention", scope, write=write)
    return alert
