"""Builds the permission `Principal` for a signed-in user from their membership."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q
from django.http import Http404

from sro.accounts.permissions import Principal, Role
from sro.core import clock

ANONYMOUS = Principal(role=None)


def principal_for(user: Any) -> Principal:
    """The user's role and scope, computed once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached: Principal | None = getattr(user, "_sro_principal", None)
    if cached is not None:
        return cached
    principal = _build(user)
    user._sro_principal = principal
    return principal


def agency_id_of(user: Any) -> uuid.UUID:
    """The user's agency; a user without a membership sees nothing (404)."""
    agency_id = principal_for(user).agency_id
    if agency_id is None:
        raise Http404("You are not a member of an agency.")
    return agency_id


def _build(user: Any) -> Principal:
    from sro.accounts.models import Membership
    from sro.roster.models import Assignment, Officer
    from sro.schools.models import School

    membership = Membership.objects.filter(user=user).select_related("agency").first()
    if membership is None:
        return ANONYMOUS
    spans = membership.role == "state_auditor"
    # A state auditor reads the agency they have chosen exactly as its own auditor does.
    role = Role.AUDITOR if spans else Role(membership.role)
    officer_id = Officer.objects.filter(user=user).values_list("id", flat=True).first()
    schools = School.objects.none()
    if role is Role.SCHOOL_ADMIN:
        schools = School.objects.filter(
            Q(id__in=membership.schools.values("id"))
            | Q(education_agency_id=membership.education_agency_id)
        )
    elif role is Role.SRO and officer_id is not None:
        today = clock.today()
        serving = Assignment.objects.filter(officer_id=officer_id).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today)
        )
        schools = School.objects.filter(id__in=serving.values("school_id"))
    rows = list(schools.values_list("id", "education_agency_id"))
    school_ids = frozenset(r[0] for r in rows)
    lea_ids = {r[1] for r in rows}
    if role is Role.SCHOOL_ADMIN and membership.education_agency_id:
        lea_ids.add(membership.education_agency_id)
    return Principal(
        role=role,
        agency_id=membership.agency_id,
        officer_id=officer_id,
        school_ids=school_ids,
        education_agency_ids=frozenset(lea_ids),
        spans_agencies=spans,
    )
