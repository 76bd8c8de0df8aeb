"""API for use-of-force and prone-restraint reports (policy 436.5) and their two-level review:
the same access helpers, services and privacy rules as the pages. The student appears only by
label; what the page shows only for a stated purpose (the narrative, the considerations note,
the injury's description, the deadly-force justification) is not in the API at all.

Status codes beyond the usual 403 (the role may not) and 404 (outside the caller's scope):
422 when the input needs fixing or a service refuses (submitting with answers missing, returning
without a comment, reviewing one's own report), and 409 when a report is not waiting for the
caller's review (a draft, returned or approved report, or one the sergeant forwarded, for a
sergeant)."""

# No `from __future__ import annotations`: django-ninja reads a paginated view's parameter types
# through its wrapper, whose module cannot resolve names imported here (such as ForceReportFilter).
import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from sro.accounts.principal import principal_for
from sro.core import clock
from sro.core.access import require_list
from sro.core.api import ErrorOut, FormInvalid, ValidationOut, bind_form, on_days
from sro.rules.force import Reason
from sro.use_of_force import access, review, services
from sro.use_of_force.forms import ForceReportForm, review_form_class
from sro.use_of_force.models import ForceReport, ForceType
from sro.use_of_force.schemas import (
    ForceReportFilter,
    ForceReportIn,
    ForceReportListOut,
    ForceReportOut,
    ForceReviewIn,
    ForceTypeOut,
    finding_of,
)

router = Router(tags=["use of force"])
ERRORS = {403: ErrorOut, 404: ErrorOut}
INPUT_ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ValidationOut}
MOMENTS = ("occurred_at", "prone_start", "prone_end", "restored_at")


@router.get("/force-reports", response={200: list[ForceReportListOut], **INPUT_ERRORS})
@paginate
def list_force_reports(request: HttpRequest, filters: Query[ForceReportFilter]) -> object:
    """Force reports in the caller's scope (an SRO's own), newest first, the student by label.
    Filter by status, reporting officer id, the day the force was used (`from` and `to`,
    inclusive, in the agency's time zone), and `waiting_for_me` (the reports waiting for the
    caller's review: the home page's count)."""
    reports: QuerySet[ForceReport] = access.reports_for_user(request.user)
    reports = on_days(reports, "occurred_at", filters.date_from, filters.date_to)
    if filters.status is not None:
        reports = reports.filter(status=filters.status)
    if filters.officer is not None:
        reports = reports.filter(officer_id=filters.officer)
    if filters.waiting_for_me:
        waiting = review.waiting_for(request.user, reports)
        reports = reports.filter(pk__in=[r.pk for r in waiting])
    return (
        reports.select_related("incident__offense")
        .prefetch_related("force_used")
        .order_by("-occurred_at", "pk")
    )


def _storable(payload: ForceReportIn) -> None:
    """Times the database can hold once moved to UTC (the year stays within 1 to 9999)."""
    for name in MOMENTS:
        moment: dt.datetime | None = getattr(payload, name)
        if moment is None:
            continue
        try:
            aware = moment if moment.tzinfo else moment.replace(tzinfo=clock.agency_zone())
            aware.astimezone(dt.UTC)
            aware.astimezone(clock.agency_zone())
        except OverflowError:
            raise ValidationError(
                {name: "This date and time cannot be recorded; check the year."}
            ) from None


@router.post(
    "/incidents/{incident_id}/force-reports", response={201: ForceReportOut, **INPUT_ERRORS}
)
def create_force_report(
    request: HttpRequest, incident_id: uuid.UUID, payload: ForceReportIn
) -> object:
    """File a draft force report from an incident, about one of its students. The reporting
    officer is the caller's own officer, or the incident's when the caller is not an officer.
    Submit it with `/force-reports/{id}/submit` once the policy's questions are answered."""
    incident = access.get_incident_for_new_report(request.user, incident_id)
    _storable(payload)
    form = bind_form(ForceReportForm, payload, incident=incident)
    report: ForceReport = form.save(commit=False)
    report.officer = incident.officer
    officer_id = principal_for(request.user).officer_id
    if officer_id is not None:
        report.officer_id = officer_id
    access.enforce_new(request.user, report)
    services.save_report(report, actor=request.user, force_used=form.cleaned_data["force_used"])
    return Status(201, _record(request, report))


def _reason(r: Reason) -> dict[str, str]:
    return {"code": r.code, "field": r.field, "message": r.message, "citation": r.citation}


def _record(request: HttpRequest, report: ForceReport) -> dict[str, Any]:
    finding = finding_of(report)
    option = review.option_for(request.user, report)
    saved = report.considerations or {}
    return {
        "id": report.pk,
        "incident_id": report.incident_id,
        "incident_number": report.incident.number,
        "school_id": report.incident.school_id,
        "school": report.incident.school.name,
        "subject_id": report.subject_id,
        "subject": report.subject.label,
        "officer_id": report.officer_id,
        "officer": report.officer.full_name,
        "occurred_at": report.occurred_at,
        "status": report.status,
        "force_used": list(report.force_used.all()),
        "force_other": report.force_other,
        "deescalation": list(report.deescalation or []),
        "deescalation_other": report.deescalation_other,
        "applied": list(saved.get("applied", [])),
        "education_plan_known": report.education_plan_known,
        "education_plan_considered": report.education_plan_considered,
        "injury": report.injury,
        "condition_assessed": report.condition_assessed,
        "aid_rendered": report.aid_rendered,
        "prone_start": report.prone_start,
        "prone_end": report.prone_end,
        "restored_at": report.restored_at,
        "submitted_at": report.submitted_at,
        "finding": {
            "ready": finding.ready,
            "missing": [_reason(r) for r in finding.missing],
            "flags": [_reason(r) for r in finding.flags],
            "prone": finding.prone,
            "prone_minutes": finding.prone_minutes,
            "prone_threshold_minutes": settings.SRO_PRONE_HIGHLIGHT_MINUTES,
            "prone_over_threshold": finding.prone_over_threshold,
            "needs_supervisor_review": finding.needs_supervisor_review,
            "state_report": finding.state_report,
            "rules_version": finding.rules_version,
        },
        "steps": [
            {
                "level": s.level,
                "action": s.action,
                "by": s.by.get_full_name() or s.by.username,
                "capacity": s.capacity,
                "at": s.at,
                "comment": s.comment,
                "as_supervisor": s.as_supervisor,
                "single_level": s.single_level,
                "reason": s.reason,
            }
            for s in report.steps.select_related("by", "report__officer")
        ],
        "review_level": option.level if option.allowed else None,
        "review_as_supervisor": option.allowed and option.as_supervisor,
        "review_single_level": option.allowed and option.single_level,
        "waiting_for_you": option.waiting_for_you,
        "review_refused": "" if option.allowed or option.level is None else option.message,
    }


@router.get("/force-reports/{force_report_id}", response={200: ForceReportOut, **ERRORS})
def get_force_report(request: HttpRequest, force_report_id: uuid.UUID) -> object:
    """The report without the narrative, the considerations note, the injury's description, the
    deadly-force justification, the education-plan note or who gave aid; with the policy check
    (`finding`: what is still missing and the flags, each with its citation) and the review
    history."""
    report = access.get_report_for_user(request.user, force_report_id)
    return _record(request, report)


@router.post(
    "/force-reports/{force_report_id}/submit", response={200: ForceReportOut, **INPUT_ERRORS}
)
def submit_force_report(request: HttpRequest, force_report_id: uuid.UUID) -> object:
    """Send a draft or returned report to the sergeant; refused (422) while the narrative or an
    answer the policy asks for is missing (each with its citation), or once it is under review."""
    report = access.get_report_for_user(request.user, force_report_id, write=True)
    services.submit_report(report, actor=request.user)
    return _record(request, report)


@router.post(
    "/force-reports/{force_report_id}/review",
    response={200: ForceReportOut, 409: ErrorOut, **INPUT_ERRORS},
)
def review_force_report(
    request: HttpRequest, force_report_id: uuid.UUID, payload: ForceReviewIn
) -> object:
    """The sergeant's review of a submitted report (approving forwards it to the chief), then
    the chief's (approving approves it); either returns it with a comment. The chief gives the
    sergeant's review only with `as_supervisor` and a `reason`, and after that the chief's review
    only with `single_level` and a `reason` (another chief-level reviewer gives it as usual);
    `review_as_supervisor` and `review_single_level` on the report say when. 403 for a role
    that does not review; 409 when the report is not waiting for the caller's level; 422 when
    returning without a comment, reviewing a report one wrote or submitted (or about oneself),
    or without the choice and reason the chief's case needs."""
    report = access.get_report_for_user(request.user, force_report_id)
    if not access.may_review(request.user, report):
        raise PermissionDenied("Your role does not review force reports.")
    option = review.option_for(request.user, report)
    if option.level is None or option.refusal == "not_your_level":
        return Status(409, {"detail": "This report is not waiting for your review."})
    if not option.allowed:
        raise ValidationError(option.message)
    data = {k: "" if v is None else v for k, v in payload.model_dump().items()}
    # A check box is sent only when ticked: false is left out, as a browser does.
    for name in ("as_supervisor", "single_level"):
        if data.get(name) in ("", False):
            data.pop(name, None)
    form = review_form_class(option.level)(data, option=option)
    if not form.is_valid():
        raise FormInvalid(form)
    services.review_report(
        report,
        actor=request.user,
        level=option.level,
        approve=form.cleaned_data["decision"] == "approve",
        comment=form.cleaned_data["comment"],
        as_supervisor=bool(payload.as_supervisor),
        single_level=bool(payload.single_level),
        reason=form.cleaned_data.get("reason") or payload.reason or "",
    )
    return _record(request, report)


@router.get("/force-types", response={200: list[ForceTypeOut], **ERRORS})
def list_force_types(request: HttpRequest) -> object:
    """The kinds of force a report names (the department's active list, in its order);
    `restricted` marks the restraints Minn. Stat. 609.06, subd. 3 allows only where deadly force
    is authorized."""
    require_list(request.user, "force_report")
    return ForceType.objects.filter(active=True)
