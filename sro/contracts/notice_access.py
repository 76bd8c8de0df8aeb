"""Access helpers for public notifications (in the school's scope) and the agency's notice
letter text (agency-wide)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sro.accounts.permissions import ObjectScope, Reach, list_reach
from sro.accounts.principal import agency_id_of, principal_for
from sro.contracts.models import NoticeTemplate, Notification
from sro.core.access import enforce, require_list
from sro.roster.models import Agency
from sro.schools.access import school_scope
from sro.schools.models import School


def notification_scope(notification: Notification) -> ObjectScope:
    return school_scope(notification.school)


def notice_schools_for_user(user: Any, *, write: bool = False) -> QuerySet[School]:
    """The schools whose notifications the user may see (or record, with `write`): the whole
    agency, or their own schools."""
    require_list(user, "notification", write=write)
    p = principal_for(user)
    qs = School.objects.select_related("education_agency").filter(
        education_agency__agency_id=agency_id_of(user)
    )
    if list_reach(p, "notification") is not Reach.AGENCY:
        qs = qs.filter(id__in=p.school_ids)
    return qs


def notifications_for_user(user: Any) -> QuerySet[Notification]:
    schools = notice_schools_for_user(user)
    return Notification.objects.select_related("school").filter(school__in=schools)


def get_notification_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> Notification:
    notification = (
        Notification.objects.select_related("school__education_agency").filter(pk=pk).first()
    )
    if notification is None:
        raise Http404("No such notification.")
    enforce(user, "notification", notification_scope(notification), write=write)
    return notification


def get_notice_school_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> School:
    """A school whose notifications (and notice letter) the user may see or record."""
    school = School.objects.select_related("education_agency__agency").filter(pk=pk).first()
    if school is None:
        raise Http404("No such school.")
    enforce(user, "notification", school_scope(school), write=write)
    return school


def notice_template_for_user(user: Any, *, write: bool = False) -> tuple[Agency, NoticeTemplate]:
    """The user's agency and its letter text (a new, unsaved one when it has none yet)."""
    require_list(user, "notice_template", write=write)
    agency = Agency.objects.filter(pk=agency_id_of(user)).first()
    if agency is None:
        raise Http404("No such agency.")
    enforce(user, "notice_template", ObjectScope(agency_id=agency.pk), write=write)
    template = NoticeTemplate.objects.filter(agency=agency).first()
    return agency, template or NoticeTemplate(agency=agency)
