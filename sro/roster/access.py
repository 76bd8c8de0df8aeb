"""Access helpers for the agency, officers and assignments."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sro.accounts.permissions import ObjectScope, Reach, list_reach
from sro.accounts.principal import agency_id_of, principal_for
from sro.core.access import enforce, require_list
from sro.roster.models import Agency, Assignment, Officer


def agency_scope(agency: Agency) -> ObjectScope:
    return ObjectScope(agency_id=agency.id)


def officer_scope(officer: Officer) -> ObjectScope:
    rows = list(officer.assignments.values_list("school_id", "school__education_agency_id"))
    return ObjectScope(
        agency_id=officer.agency_id,
        officer_ids=frozenset({officer.id}),
        school_ids=frozenset(r[0] for r in rows),
        education_agency_ids=frozenset(r[1] for r in rows),
    )


def assignment_scope(assignment: Assignment) -> ObjectScope:
    return ObjectScope(
        agency_id=assignment.officer.agency_id,
        officer_ids=frozenset({assignment.officer_id}),
        school_ids=frozenset({assignment.school_id}),
        education_agency_ids=frozenset({assignment.school.education_agency_id}),
    )


def get_agency_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> Agency:
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None:
        raise Http404("No such agency.")
    enforce(user, "agency", agency_scope(agency), write=write)
    return agency


def own_agency(user: Any) -> Agency:
    return get_agency_for_user(user, agency_id_of(user))


def officers_for_user(user: Any, resource: str = "officer") -> QuerySet[Officer]:
    """The officers whose `resource` records (their own, or e.g. their training) the user may
    list: the whole agency, or only themself."""
    require_list(user, resource)
    p = principal_for(user)
    qs = Officer.objects.filter(agency_id=agency_id_of(user))
    if list_reach(p, resource) is not Reach.AGENCY:
        qs = qs.filter(id=p.officer_id) if p.officer_id else qs.none()
    return qs


def get_officer_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> Officer:
    officer = Officer.objects.filter(pk=pk).first()
    if officer is None:
        raise Http404("No such officer.")
    enforce(user, "officer", officer_scope(officer), write=write)
    return officer


def assignments_for_user(user: Any) -> QuerySet[Assignment]:
    require_list(user, "assignment")
    p = principal_for(user)
    qs = Assignment.objects.select_related(
        "officer", "school", "school__education_agency", "contract"
    ).filter(officer__agency_id=agency_id_of(user))
    reach = list_reach(p, "assignment")
    if reach is Reach.SELF:
        qs = qs.filter(officer_id=p.officer_id) if p.officer_id else qs.none()
    elif reach is Reach.SCHOOLS:
        qs = qs.filter(school_id__in=p.school_ids)
    return qs


def get_assignment_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> Assignment:
    assignment = (
        Assignment.objects.select_related("officer", "school", "contract").filter(pk=pk).first()
    )
    if assignment is None:
        raise Http404("No such assignment.")
    enforce(user, "assignment", assignment_scope(assignment), write=write)
    return assignment
