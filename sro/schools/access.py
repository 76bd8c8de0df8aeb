"""Access helpers for districts, charter schools and schools (pages and API share them)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from sro.accounts.permissions import ObjectScope, Reach, list_reach
from sro.accounts.principal import agency_id_of, principal_for
from sro.core.access import enforce, require_list
from sro.schools.models import EducationAgency, School


def school_scope(school: School) -> ObjectScope:
    return ObjectScope(
        agency_id=school.education_agency.agency_id,
        school_ids=frozenset({school.id}),
        education_agency_ids=frozenset({school.education_agency_id}),
    )


def education_agency_scope(lea: EducationAgency) -> ObjectScope:
    return ObjectScope(
        agency_id=lea.agency_id,
        school_ids=frozenset(lea.schools.values_list("id", flat=True)),
        education_agency_ids=frozenset({lea.id}),
    )


def schools_for_user(user: Any) -> QuerySet[School]:
    require_list(user, "school")
    p = principal_for(user)
    qs = School.objects.select_related("education_agency").filter(
        education_agency__agency_id=agency_id_of(user)
    )
    if list_reach(p, "school") is not Reach.AGENCY:
        qs = qs.filter(id__in=p.school_ids)
    return qs


def education_agencies_for_user(user: Any) -> QuerySet[EducationAgency]:
    require_list(user, "education_agency")
    p = principal_for(user)
    qs = EducationAgency.objects.filter(agency_id=agency_id_of(user))
    if list_reach(p, "education_agency") is not Reach.AGENCY:
        qs = qs.filter(
            Q(id__in=p.education_agency_ids) | Q(schools__id__in=p.school_ids)
        ).distinct()
    return qs


def get_school_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> School:
    school = School.objects.select_related("education_agency").filter(pk=pk).first()
    if school is None:
        raise Http404("No such school.")
    enforce(user, "school", school_scope(school), write=write)
    return school


def get_education_agency_for_user(
    user: Any, pk: uuid.UUID, *, write: bool = False
) -> EducationAgency:
    lea = EducationAgency.objects.filter(pk=pk).first()
    if lea is None:
        raise Http404("No such district or charter school.")
    enforce(user, "education_agency", education_agency_scope(lea), write=write)
    return lea
