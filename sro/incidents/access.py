"""Who may see which incidents, people and referrals: pages and API call these helpers."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from sro.accounts.permissions import Access, Decision, ObjectScope, Reach, decide, list_reach
from sro.accounts.principal import agency_id_of, principal_for
from sro.core.access import enforce, require_list
from sro.incidents.models import Incident, IncidentPerson, Offense

REFERRED = "referred_to_school"
# A referral reaches the school once the SRO submits the record.
VISIBLE_TO_SCHOOL = ("submitted", "approved")


def incident_scope(incident: Incident) -> ObjectScope:
    return ObjectScope(
        agency_id=incident.agency_id,
        officer_ids=frozenset({incident.officer_id}),
        school_ids=frozenset({incident.school_id}),
        education_agency_ids=frozenset({incident.school.education_agency_id}),
    )


def _scoped(user: Any, resource: str, qs: QuerySet[Any], prefix: str = "") -> QuerySet[Any]:
    p = principal_for(user)
    if list_reach(p, resource) is Reach.AGENCY:
        return qs
    return qs.filter(
        Q(**{f"{prefix}school_id__in": p.school_ids}) | Q(**{f"{prefix}officer_id": p.officer_id})
    )


def incidents_for_user(user: Any) -> QuerySet[Incident]:
    require_list(user, "incident")
    qs = Incident.objects.filter(agency_id=agency_id_of(user)).select_related(
        "school", "officer", "offense"
    )
    return _scoped(user, "incident", qs)


def get_incident_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> Incident:
    incident = Incident.objects.select_related("school", "officer", "offense").filter(pk=pk).first()
    if incident is None:
        raise Http404("No such incident.")
    enforce(user, "incident", incident_scope(incident), write=write)
    return incident


def enforce_new(user: Any, incident: Incident) -> None:
    """A new incident must fall inside the writer's scope (an SRO records their own)."""
    enforce(user, "incident", incident_scope(incident), write=True)


def get_person_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> IncidentPerson:
    person = (
        IncidentPerson.objects.select_related("incident__school", "incident__officer")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404("No such person.")
    enforce(user, "incident", incident_scope(person.incident), write=write)
    return person


def may_see_identity(user: Any, incident: Incident) -> bool:
    """Whether this user's role and scope allow a person's name and details at all."""
    need = Access.READ
    return decide(principal_for(user), "student_identity", incident_scope(incident), need) is (
        Decision.ALLOW
    )


def may_review(user: Any, incident: Incident) -> bool:
    return decide(
        principal_for(user), "incident_review", incident_scope(incident), Access.WRITE
    ) is (Decision.ALLOW)


def referrals_for_user(user: Any) -> QuerySet[IncidentPerson]:
    """Students referred to school authorities, in submitted or approved records."""
    require_list(user, "school_referral")
    qs = (
        IncidentPerson.objects.filter(
            incident__agency_id=agency_id_of(user),
            disposition=REFERRED,
            incident__status__in=VISIBLE_TO_SCHOOL,
        )
        .select_related("incident__school", "incident__officer")
        .order_by("-incident__occurred_at", "position")
    )
    return _scoped(user, "school_referral", qs, prefix="incident__")


def get_referral_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> IncidentPerson:
    person = (
        IncidentPerson.objects.select_related("incident__school", "incident__officer")
        .filter(pk=pk, disposition=REFERRED, incident__status__in=VISIBLE_TO_SCHOOL)
        .first()
    )
    if person is None:
        raise Http404("No such referral.")
    enforce(user, "school_referral", incident_scope(person.incident), write=write)
    return person


def offenses_for_user(user: Any) -> QuerySet[Offense]:
    require_list(user, "offense")
    return Offense.objects.filter(active=True)
