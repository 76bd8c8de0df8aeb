"""API for school safety (policy 436.3): each school's yearly audit and drills against the
minimums, the audits with their findings and recommendations, drills and event security. The
same access helpers and services as the pages: audits are security information (Minn. Stat.
13.37, subd. 1(a)) seen only by those who may see the school's audits, and photos are not in the
API.

Status codes beyond the usual 403 (the role may not) and 404 (outside the caller's scope): 422
when the input needs fixing or a service refuses, such as advice on a drill from an officer
restricted from clause (4) without a supervisor's override (the reason names the citation)."""

# No `from __future__ import annotations`: django-ninja reads a paginated view's parameter types
# through its wrapper, whose module cannot resolve names imported here (such as SchoolFilter).
import datetime as dt
import uuid
from itertools import groupby
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from sro.accounts.principal import agency_id_of, principal_for
from sro.core import clock
from sro.core.access import require_list
from sro.core.api import (
    EDIT_CONFLICT,
    ErrorOut,
    IfMatch,
    ValidationOut,
    lock_for_update,
    on_days,
)
from sro.roster.models import Officer
from sro.rules import safety as rule
from sro.rules.dates import school_year_of
from sro.safety import access, facts, services
from sro.safety.checks import completion_problems
from sro.safety.models import AuditStatus, Drill, Recommendation, SecurityAudit, SecurityEvent
from sro.safety.schemas import (
    AuditFilter,
    AuditListOut,
    AuditOut,
    DrillFilter,
    DrillIn,
    DrillOut,
    EventFilter,
    EventOut,
    RecommendationFilter,
    RecommendationIn,
    RecommendationOut,
    SchoolFilter,
    SchoolSafetyOut,
)
from sro.schools.models import School

router = Router(tags=["School safety"])
ERRORS = {403: ErrorOut, 404: ErrorOut}
INPUT_ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ValidationOut}


def _school_year(text: str | None, today: dt.date) -> str:
    """The school year asked for (checked by the filter's SchoolYear type), or today's."""
    return text or school_year_of(today)


# --- Schools ------------------------------------------------------------------------------------


def _audit_state(status: rule.AuditStatus) -> dict[str, Any]:
    return {
        "state": status.state,
        "overdue": status.overdue,
        "last_completed": status.last_completed,
        "due_on": status.due_on,
        "days_overdue": status.days_overdue,
        "in_progress": status.in_progress,
        "opens_next": status.opens_next,
        "needed": status.needed,
        "reason": status.reason.message,
        "citation": status.reason.citation,
        "rules_version": status.rules_version,
    }


def _drill_count(status: rule.DrillStatus) -> dict[str, Any]:
    return {
        "school_year": status.school_year,
        "ends_on": status.ends_on,
        "days_left": status.days_left,
        "all_met": status.all_met,
        "rows": [
            {
                "kind": r.kind,
                "done": r.done,
                "required": r.required,
                "remaining": r.remaining,
                "met": r.met,
                "citation": r.citation,
            }
            for r in status.rows
        ],
        "rules_version": status.rules_version,
    }


def _audit_ref(audit: SecurityAudit | None) -> dict[str, Any] | None:
    if audit is None:
        return None
    return {
        "id": audit.pk,
        "status": audit.status,
        "school_year": audit.school_year,
        "due_on": audit.due_on,
        "officer_id": audit.officer_id,
        "officer": audit.officer.full_name if audit.officer else None,
    }


@router.get("/safety/schools", response={200: list[SchoolSafetyOut], **INPUT_ERRORS})
@paginate
def list_safety_schools(request: HttpRequest, filters: Query[SchoolFilter]) -> object:
    """The schools whose audits the caller may see, by name: each with its yearly audit's state
    today (current, overdue or never done, with the reason and its citation), the audit open or
    in progress, and the drills of the school year (`school_year`, the current one by default)
    against the Minn. Stat. 121A.035 minimums. Filter by `state`."""
    today = clock.today()
    year = _school_year(filters.school_year, today)
    schools: list[School] = list(
        access.safety_schools_for_user(request.user, "security_audit").order_by("name", "pk")
    )
    ids = [s.pk for s in schools]
    audits = facts.audit_statuses(ids, as_of=today)
    drills = facts.drill_statuses(ids, school_year=year, as_of=today)
    unfinished = {
        a.school_id: a
        for a in SecurityAudit.objects.filter(school_id__in=ids)
        .exclude(status=AuditStatus.COMPLETED)
        .select_related("officer")
    }
    return [
        {
            "id": s.pk,
            "name": s.name,
            "audit": _audit_state(audits[s.pk]),
            "unfinished_audit": _audit_ref(unfinished.get(s.pk)),
            "drills": _drill_count(drills[s.pk]),
        }
        for s in schools
        if filters.state is None or audits[s.pk].state == filters.state
    ]


# --- Audits -------------------------------------------------------------------------------------


@router.get("/safety/audits", response={200: list[AuditListOut], **INPUT_ERRORS})
@paginate
def list_audits(request: HttpRequest, filters: Query[AuditFilter]) -> object:
    """Security audits at the caller's schools, latest due first. Filter by status and school
    id."""
    audits: QuerySet[SecurityAudit] = access.audits_for_user(request.user)
    if filters.status is not None:
        audits = audits.filter(status=filters.status)
    if filters.school is not None:
        audits = audits.filter(school_id=filters.school)
    return audits.order_by("-due_on", "school__name", "pk")


def _audit_record(audit: SecurityAudit) -> dict[str, Any]:
    answers = audit.answers.annotate(photo_count=Count("photos")).order_by(
        "area_order", "area", "order", "pk"
    )
    areas = [
        {
            "area": area,
            "answers": [
                {
                    "id": a.pk,
                    "prompt": a.prompt,
                    "guidance": a.guidance,
                    "rating": a.rating,
                    "notes": a.notes,
                    "photos": a.photo_count,
                    "answered_at": a.answered_at,
                }
                for a in group
            ],
        }
        for area, group in groupby(answers, key=lambda a: a.area)
    ]
    findings = audit.findings.select_related("answer").prefetch_related("recommendations")
    return {
        "id": audit.pk,
        "school_id": audit.school_id,
        "school": audit.school.name,
        "school_year": audit.school_year,
        "status": audit.status,
        "due_on": audit.due_on,
        "officer_id": audit.officer_id,
        "officer": audit.officer.full_name if audit.officer else None,
        "overridden": bool(audit.override_reason),
        "override_reason": audit.override_reason,
        "repeat_reason": audit.repeat_reason,
        "started_at": audit.started_at,
        "completed_at": audit.completed_at,
        "completed_on": audit.completed_on,
        "summary": audit.summary,
        "areas": areas,
        "findings": [
            {
                "id": f.pk,
                "answer_id": f.answer_id,
                "item": f.answer.prompt if f.answer else None,
                "title": f.title,
                "detail": f.detail,
                "risk": f.risk,
                "recommendations": list(f.recommendations.all()),
            }
            for f in findings
        ],
        "problems": (completion_problems(audit) if audit.status == AuditStatus.IN_PROGRESS else []),
    }


@router.get("/safety/audits/{audit_id}", response={200: AuditOut, **ERRORS})
def get_audit(request: HttpRequest, audit_id: uuid.UUID) -> object:
    """The audit: the checklist's answers by area as worded when it started (photos counted,
    not included), its findings with their risk and recommendations, and, while in progress,
    what stands between it and completion."""
    audit = access.get_audit(request.user, audit_id)
    return _audit_record(audit)


# --- Recommendations ----------------------------------------------------------------------------


@router.get("/safety/recommendations", response={200: list[RecommendationOut], **INPUT_ERRORS})
@paginate
def list_recommendations(request: HttpRequest, filters: Query[RecommendationFilter]) -> object:
    """Recommendations of audits at the caller's schools, earliest due first. `open=true` lists
    those open or in progress, `open=false` those closed or declined; filter by school id."""
    recs: QuerySet[Recommendation] = access.recommendations_for_user(request.user)
    if filters.open is True:
        recs = recs.filter(status__in=["open", "in_progress"])
    elif filters.open is False:
        recs = recs.filter(status__in=["closed", "declined"])
    if filters.school is not None:
        recs = recs.filter(finding__audit__school_id=filters.school)
    return recs.order_by("due_on", "created_at", "pk")


@router.patch(
    "/safety/recommendations/{recommendation_id}",
    response={200: RecommendationOut, **INPUT_ERRORS, **EDIT_CONFLICT},
)
def update_recommendation(
    request: HttpRequest,
    recommendation_id: uuid.UUID,
    payload: RecommendationIn,
    if_match: IfMatch = None,
) -> object:
    """Record the school's progress on a recommendation: its `status` and a `status_note`.
    Closing it stamps the day; declining it needs a note saying why (422 otherwise)."""
    with transaction.atomic():
        rec = access.get_recommendation(request.user, recommendation_id, write=True)
        lock_for_update(rec, if_match)
        changed = False
        if payload.status is not None and payload.status != rec.status:
            rec.status, changed = payload.status, True
        if payload.status_note is not None and payload.status_note != rec.status_note:
            rec.status_note, changed = payload.status_note, True
        if changed:
            services.save_recommendation(rec, actor=request.user)
        return rec


# --- Drills -------------------------------------------------------------------------------------


@router.get("/safety/drills", response={200: list[DrillOut], **INPUT_ERRORS})
@paginate
def list_drills(request: HttpRequest, filters: Query[DrillFilter]) -> object:
    """Drills at the caller's schools, latest first. Filter by school id, kind, school year and
    the days held (`from` and `to`, inclusive)."""
    drills: QuerySet[Drill] = access.drills_for_user(request.user)
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        raise ValidationError({"to": "The last day is before the first."})
    if filters.school is not None:
        drills = drills.filter(school_id=filters.school)
    if filters.kind is not None:
        drills = drills.filter(kind=filters.kind)
    if filters.school_year:
        drills = drills.filter(school_year=_school_year(filters.school_year, clock.today()))
    if filters.date_from:
        drills = drills.filter(held_on__gte=filters.date_from)
    if filters.date_to:
        drills = drills.filter(held_on__lte=filters.date_to)
    return drills.order_by("-held_on", "school__name", "pk")


def _drill_from(request: HttpRequest, payload: DrillIn) -> Drill:
    school_id, kind, held_on = payload.school, payload.kind, payload.held_on
    errors: dict[str, str] = {}
    if school_id is None:
        errors["school"] = "Choose the school."
    if kind is None:
        errors["kind"] = "Choose the kind of drill."
    if held_on is None:
        errors["held_on"] = "Give the day the drill was held."
    if school_id is None or kind is None or held_on is None:
        raise ValidationError(errors)
    school = access.safety_schools_for_user(request.user, "drill").filter(pk=school_id).first()
    if school is None:
        raise ValidationError({"school": "Choose one of your schools."})
    officer_id = payload.officer
    if officer_id is None and (payload.observed or payload.advice.strip()):
        officer_id = principal_for(request.user).officer_id
    officer = None
    if officer_id is not None:
        officer = Officer.objects.filter(
            pk=officer_id, agency_id=agency_id_of(request.user)
        ).first()
        if officer is None:
            raise ValidationError({"officer": "Choose an officer of this department."})
    return Drill(
        school=school,
        kind=kind,
        held_on=held_on,
        observed=payload.observed,
        officer=officer,
        advice=payload.advice,
        override_reason=payload.override_reason,
        notes=payload.notes,
    )


@router.post("/safety/drills", response={201: DrillOut, **INPUT_ERRORS})
def record_drill(request: HttpRequest, payload: DrillIn) -> object:
    """Record a drill held at one of the caller's schools. Refused (422) for a day still to
    come, and for advice from an officer restricted from clause (4) (in the training grace
    period, or a substitute under the contact-day limit) without a supervisor's override with a
    reason (Minn. Stat. 626.8482, subd. 2(a)(4); subd. 3)."""
    require_list(request.user, "drill", write=True)
    drill = _drill_from(request, payload)
    access.get_school(request.user, drill.school.pk, "drill", write=True)
    services.record_drill(drill, actor=request.user, as_of=clock.today())
    return Status(201, drill)


# --- Events -------------------------------------------------------------------------------------


@router.get("/safety/events", response={200: list[EventOut], **INPUT_ERRORS})
@paginate
def list_events(request: HttpRequest, filters: Query[EventFilter]) -> object:
    """Large events at the caller's schools and the officers assigned to their security, in the
    order they start. Filter by school id and the days they start (`from` and `to`, inclusive,
    in the agency's time zone)."""
    events: QuerySet[SecurityEvent] = access.events_for_user(request.user)
    events = on_days(events, "starts_at", filters.date_from, filters.date_to)
    if filters.school is not None:
        events = events.filter(school_id=filters.school)
    return events.order_by("starts_at", "pk")
