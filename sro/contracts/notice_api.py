"""API for public notification that an SRO will be present (model policy IV.A.1.iv)."""

# No `from __future__ import annotations`: django-ninja reads a paginated view's parameter types
# through its wrapper, whose module cannot resolve names imported here (such as SchoolYear).
import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from sro.contracts import notice_access as access
from sro.contracts import notices, services
from sro.contracts.notice_forms import NotificationForm
from sro.core.access import require_list
from sro.core.api import ErrorOut, InputSchema, MultiLine, SchoolYear, ValidationOut, bind_form

router = Router(tags=["notices"])
ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ValidationOut}
WRITE_ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ValidationOut}


class NotificationOut(Schema):
    id: uuid.UUID
    school_id: uuid.UUID
    school_year: str
    sent_on: dt.date
    channel: str
    sent_by: str
    notes: str


class NotificationIn(InputSchema):
    """A notice given; school, school_year, sent_on, channel and sent_by are required."""

    school: uuid.UUID | None = None
    school_year: str | None = None
    sent_on: dt.date | None = None
    channel: str | None = None
    sent_by: str | None = None
    notes: MultiLine | None = None


class NoticeGivenOut(Schema):
    id: uuid.UUID
    sent_on: dt.date
    channel: str
    sent_by: str


class SchoolNoticeOut(Schema):
    school_id: uuid.UUID
    school: str
    district: str
    school_year: str
    has_sro: bool
    officers: list[str]
    notices: list[NoticeGivenOut]
    needs_notice: bool


@router.get("/notifications", response={200: list[NotificationOut], **ERRORS})
@paginate
def list_notifications(request: HttpRequest, school_year: SchoolYear | None = None) -> object:
    """Notices recorded for the schools in the user's scope, newest first."""
    qs = access.notifications_for_user(request.user)
    return qs.filter(school_year=school_year) if school_year else qs


@router.post("/notifications", response={201: NotificationOut, **WRITE_ERRORS})
def create_notification(request: HttpRequest, payload: NotificationIn) -> object:
    require_list(request.user, "notification", write=True)
    form = bind_form(
        NotificationForm,
        payload,
        schools=access.notice_schools_for_user(request.user, write=True),
    )
    notification = services.save_notification(form.save(commit=False), actor=request.user)
    return Status(201, notification)


@router.get("/notifications/status", response={200: list[SchoolNoticeOut], **ERRORS})
def notification_status(request: HttpRequest, school_year: SchoolYear | None = None) -> object:
    """Each school in scope for the school year (the current one by default): whether it has an
    SRO, the notices given, and whether it still needs one."""
    year = school_year or notices.current_school_year()
    rows = notices.notice_status(access.notice_schools_for_user(request.user), year)
    return [
        {
            "school_id": r.school.pk,
            "school": r.school.name,
            "district": r.school.education_agency.name,
            "school_year": r.school_year,
            "has_sro": r.has_sro,
            "officers": [str(o) for o in r.officers],
            "notices": [
                {"id": n.pk, "sent_on": n.sent_on, "channel": n.channel, "sent_by": n.sent_by}
                for n in r.notifications
            ],
            "needs_notice": r.needs_notice,
        }
        for r in rows
    ]
