"""Who may see and change activities, support referrals, the lesson library and the time-by-duty
figures. An activity sits with its officer (and its school, if any); a referral with the
student's school, whose administrators acknowledge it."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from sro.accounts.permissions import Access, Decision, ObjectScope, Reach, decide, list_reach
from sro.accounts.principal import agency_id_of, principal_for
from sro.activity.models import Activity, LessonOutline, SupportReferral
from sro.core.access import enforce, require_list
from sro.roster.models import Officer
from sro.schools.models import School


def activity_scope(activity: Activity) -> ObjectScope:
    school = activity.school
    return ObjectScope(
        agency_id=activity.officer.agency_id,
        officer_ids=frozenset({activity.officer_id}),
        school_ids=frozenset({school.pk}) if school else frozenset(),
        education_agency_ids=frozenset({school.education_agency_id}) if school else frozenset(),
    )


def _reach(user: Any, resource: str, qs: QuerySet[Any], prefix: str = "") -> QuerySet[Any]:
    """Rows of ``qs`` (activities, or rows with an ``activity``) within the user's reach."""
    require_list(user, resource)
    p = principal_for(user)
    qs = qs.filter(**{f"{prefix}officer__agency_id": agency_id_of(user)})
    reach = list_reach(p, resource)
    if reach is Reach.AGENCY:
        return qs
    mine = Q(**{f"{prefix}officer_id": p.officer_id}) if p.officer_id else Q(pk__in=[])
    if reach is Reach.SELF:
        return qs.filter(mine)
    return qs.filter(mine | Q(**{f"{prefix}school_id__in": p.school_ids}))


def activities_for_user(user: Any) -> QuerySet[Activity]:
    qs = Activity.objects.select_related("officer", "school", "lesson")
    return _reach(user, "activity", qs)


def figure_activities_for_user(user: Any) -> QuerySet[Activity]:
    """The activities whose hours and counts the user may see (no one's identity in them). A
    school administrator sees the work done at their schools, not an officer's elsewhere."""
    require_list(user, "activity_figures")
    p = principal_for(user)
    qs = Activity.objects.filter(officer__agency_id=agency_id_of(user))
    reach = list_reach(p, "activity_figures")
    if reach is Reach.SELF:
        return qs.filter(officer_id=p.officer_id) if p.officer_id else qs.none()
    if reach is Reach.SCHOOLS:
        return qs.filter(school_id__in=p.school_ids)
    return qs


def get_activity(user: Any, pk: uuid.UUID, *, write: bool = False) -> Activity:
    activity = Activity.objects.select_related("officer", "school", "lesson").filter(pk=pk).first()
    if activity is None:
        raise Http404("No such activity.")
    enforce(user, "activity", activity_scope(activity), write=write)
    return activity


def enforce_new(user: Any, activity: Activity) -> None:
    """A new activity must fall inside the writer's scope (an SRO logs their own)."""
    enforce(user, "activity", activity_scope(activity), write=True)


def officers_for_user(user: Any) -> QuerySet[Officer]:
    """The officers whose work the user may log: an SRO only themself."""
    p = principal_for(user)
    qs = Officer.objects.filter(agency_id=agency_id_of(user), active=True)
    if list_reach(p, "activity") is not Reach.AGENCY:
        return qs.filter(pk=p.officer_id) if p.officer_id else qs.none()
    return qs


def schools_for_user(user: Any) -> QuerySet[School]:
    """The schools an activity may be logged at: the department's active schools."""
    return School.objects.filter(
        education_agency__agency_id=agency_id_of(user), active=True
    ).select_related("education_agency")


def referrals_for_user(user: Any) -> QuerySet[SupportReferral]:
    qs = SupportReferral.objects.select_related(
        "activity__officer", "activity__school", "acknowledged_by"
    )
    return _reach(user, "support_referral", qs, prefix="activity__")


def get_referral(
    user: Any, pk: uuid.UUID, *, write: bool = False, resource: str = "support_referral"
) -> SupportReferral:
    referral = (
        SupportReferral.objects.select_related(
            "activity__officer", "activity__school__education_agency"
        )
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        raise Http404("No such referral.")
    enforce(user, resource, activity_scope(referral.activity), write=write)
    return referral


def get_referral_to_acknowledge(user: Any, pk: uuid.UUID, *, write: bool = True) -> SupportReferral:
    return get_referral(user, pk, write=write, resource="support_referral_acknowledgement")


def may_see_identity(user: Any, referral: SupportReferral) -> bool:
    scope = activity_scope(referral.activity)
    need = Access.READ
    return decide(principal_for(user), "support_referral_identity", scope, need) is Decision.ALLOW


def lessons_for_user(user: Any) -> QuerySet[LessonOutline]:
    require_list(user, "lesson_outline")
    return LessonOutline.objects.filter(agency_id=agency_id_of(user))


def get_lesson(user: Any, pk: uuid.UUID, *, write: bool = False) -> LessonOutline:
    lesson = LessonOutline.objects.filter(pk=pk).first()
    if lesson is None:
        raise Http404("No such lesson.")
    enforce(user, "lesson_outline", ObjectScope(agency_id=lesson.agency_id), write=write)
    return lesson


def nav(user: Any) -> dict[str, bool]:
    """Which of the activity pages the user may open, for the links between them."""
    from sro.accounts.permissions import can_list

    p = principal_for(user)
    return {
        "log": can_list(p, "activity"),
        "time": can_list(p, "activity_figures"),
        "referrals": can_list(p, "support_referral"),
        "lessons": can_list(p, "lesson_outline"),
    }
