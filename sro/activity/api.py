"""API for the SRO's daily work: activities (list, log, read), time by duty clause, referrals to
support (without the student's identity) and the lesson library. The same access helpers, forms
and services as the pages.

Status codes beyond the usual 403 (the role may not) and 404 (outside the caller's scope): 422
when the input needs fixing or a service refuses, such as clause (4) or (5) work logged by an
officer the training verdict restricts (the reason names the citation)."""

# No `from __future__ import annotations`: django-ninja resolves the paginated views' parameter
# types through its wrapper (see sro/safety/api.py).
import uuid

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from sro.accounts.principal import principal_for
from sro.activity import access, queries, services
from sro.activity.forms import ActivityForm
from sro.activity.schemas import (
    ActivityFilter,
    ActivityIn,
    ActivityOut,
    LessonOut,
    SupportReferralOut,
    TimeByDutyOut,
    TimeFilter,
)
from sro.core import clock
from sro.core.access import require_list
from sro.core.api import ErrorOut, ValidationOut, bind_form

router = Router(tags=["Daily work"])
ERRORS = {403: ErrorOut, 404: ErrorOut}
INPUT_ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ValidationOut}


@router.get("/activities", response={200: list[ActivityOut], **INPUT_ERRORS})
@paginate
def list_activities(request: HttpRequest, filters: Query[ActivityFilter]) -> object:
    """The activities the caller may see (an SRO their own), the latest first."""
    qs = access.activities_for_user(request.user)
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        raise ValidationError({"to": "The last day is before the first."})
    if filters.date_from:
        qs = qs.filter(on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(on__lte=filters.date_to)
    if filters.officer:
        qs = qs.filter(officer_id=filters.officer)
    if filters.school:
        qs = qs.filter(school_id=filters.school)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs.order_by("-on", "-start_time", "pk")


@router.get("/activities/{activity_id}", response={200: ActivityOut, **ERRORS})
def get_activity(request: HttpRequest, activity_id: uuid.UUID) -> object:
    return access.get_activity(request.user, activity_id)


@router.post("/activities", response={201: ActivityOut, **INPUT_ERRORS})
def log_activity(request: HttpRequest, payload: ActivityIn) -> object:
    """Log one activity; the defaults are those of the log page."""
    user = request.user
    require_list(user, "activity", write=True)
    today = clock.today()
    if payload.officer is None:
        payload.officer = principal_for(user).officer_id
    if payload.on is None:
        payload.on = today
    form = bind_form(
        ActivityForm,
        payload,
        officers=access.officers_for_user(user),
        schools=access.schools_for_user(user),
        lessons=access.lessons_for_user(user).filter(active=True),
        restricted_kinds=set(),
    )
    activity = form.save(commit=False)
    access.enforce_new(user, activity)
    services.log_activity(activity, actor=user, as_of=today)
    return Status(201, activity)


@router.get("/activity/time-by-duty", response={200: TimeByDutyOut, **INPUT_ERRORS})
def time_by_duty(request: HttpRequest, filters: Query[TimeFilter]) -> object:
    """Hours, activities and students by duty clause and kind for a month: figures only."""
    qs = access.figure_activities_for_user(request.user)
    first, last = queries.month_bounds(filters.month or "", clock.today())
    if filters.officer:
        qs = qs.filter(officer_id=filters.officer)
    if filters.school:
        qs = qs.filter(school_id=filters.school)
    figures = queries.time_by_duty(qs.filter(on__range=(first, last)), breakdowns=False)

    def line(item: queries.Line) -> dict[str, object]:
        return {
            "key": str(item.key),
            "label": item.label,
            "hours": item.hours,
            "minutes": item.minutes,
            "activities": item.activities,
            "students": item.students,
        }

    return {
        "month": queries.month_of(first),
        "total": line(figures.total),
        "by_clause": [line(x) for x in figures.by_clause],
        "by_kind": [line(x) for x in figures.by_kind],
    }


@router.get("/support-referrals", response={200: list[SupportReferralOut], **INPUT_ERRORS})
@paginate
def list_referrals(request: HttpRequest) -> object:
    """Referrals to support the caller may see, without the student's identity or reason."""
    return access.referrals_for_user(request.user).order_by("-activity__on", "pk")


@router.get("/lesson-outlines", response={200: list[LessonOut], **INPUT_ERRORS})
@paginate
def list_lessons(request: HttpRequest) -> object:
    """The department's lesson outlines for classes and presentations (duty (6))."""
    return access.lessons_for_user(request.user).order_by("title", "pk")
