"""Who may see and change the safety records. Every record sits at one school, so one scope
rule serves them all: the school's agency, the school and its district."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404

from sro.accounts.permissions import Reach, list_reach
from sro.accounts.principal import agency_id_of, principal_for
from sro.core.access import enforce, require_list
from sro.safety.models import (
    AuditAnswer,
    AuditPhoto,
    ChecklistItem,
    Drill,
    Finding,
    Recommendation,
    SafetyPlan,
    SecurityAudit,
    SecurityEvent,
)
from sro.schools.access import school_scope
from sro.schools.models import School


def safety_schools_for_user(user: Any, resource: str) -> QuerySet[School]:
    """The active schools whose ``resource`` records the user may list."""
    require_list(user, resource)
    qs = School.objects.select_related("education_agency").filter(
        education_agency__agency_id=agency_id_of(user), active=True
    )
    p = principal_for(user)
    if list_reach(p, resource) is not Reach.AGENCY:
        qs = qs.filter(id__in=p.school_ids)
    return qs


def get_school(user: Any, pk: uuid.UUID, resource: str, *, write: bool = False) -> School:
    school = School.objects.select_related("education_agency").filter(pk=pk).first()
    if school is None:
        raise Http404("No such school.")
    enforce(user, resource, school_scope(school), write=write)
    return school


def _scoped[M: Model](user: Any, qs: QuerySet[M], school_path: str, resource: str) -> QuerySet[M]:
    """Rows of ``qs`` at the schools the user may list for ``resource``."""
    schools = safety_schools_for_user(user, resource)
    return qs.filter(**{f"{school_path}__in": schools.values("id")})


def audits_for_user(user: Any) -> QuerySet[SecurityAudit]:
    qs = SecurityAudit.objects.select_related("school", "officer")
    return _scoped(user, qs, "school", "security_audit")


def recommendations_for_user(user: Any) -> QuerySet[Recommendation]:
    qs = Recommendation.objects.select_related("finding__audit__school")
    return _scoped(user, qs, "finding__audit__school", "recommendation")


def drills_for_user(user: Any) -> QuerySet[Drill]:
    qs = Drill.objects.select_related("school", "officer")
    return _scoped(user, qs, "school", "drill")


def events_for_user(user: Any) -> QuerySet[SecurityEvent]:
    qs = SecurityEvent.objects.select_related("school").prefetch_related("officers")
    return _scoped(user, qs, "school", "security_event")


def plans_for_user(user: Any) -> QuerySet[SafetyPlan]:
    qs = SafetyPlan.objects.select_related("school")
    return _scoped(user, qs, "school", "safety_plan")


def _get[M: Model](
    model: type[M], pk: uuid.UUID, school_path: str, resource: str, user: Any, write: bool
) -> M:
    obj = (
        model._default_manager.select_related(school_path.replace(".", "__")).filter(pk=pk).first()
    )
    if obj is None:
        raise Http404("No such record.")
    school: Any = obj
    for part in school_path.split("."):
        school = getattr(school, part)
    enforce(user, resource, school_scope(school), write=write)
    return obj


def get_audit(user: Any, pk: uuid.UUID, *, write: bool = False) -> SecurityAudit:
    return _get(SecurityAudit, pk, "school", "security_audit", user, write)


def get_answer(user: Any, pk: uuid.UUID, *, write: bool = False) -> AuditAnswer:
    return _get(AuditAnswer, pk, "audit.school", "security_audit", user, write)


def get_photo(user: Any, pk: uuid.UUID) -> AuditPhoto:
    return _get(AuditPhoto, pk, "answer.audit.school", "security_audit", user, False)


def get_finding(user: Any, pk: uuid.UUID, *, write: bool = False) -> Finding:
    return _get(Finding, pk, "audit.school", "security_audit", user, write)


def get_recommendation(user: Any, pk: uuid.UUID, *, write: bool = False) -> Recommendation:
    return _get(Recommendation, pk, "finding.audit.school", "recommendation", user, write)


def get_plan(user: Any, pk: uuid.UUID, *, write: bool = False) -> SafetyPlan:
    return _get(SafetyPlan, pk, "school", "safety_plan", user, write)


def get_drill(user: Any, pk: uuid.UUID, *, write: bool = False) -> Drill:
    return _get(Drill, pk, "school", "drill", user, write)


def get_event(user: Any, pk: uuid.UUID, *, write: bool = False) -> SecurityEvent:
    return _get(SecurityEvent, pk, "school", "security_event", user, write)


def checklist_items_for_user(user: Any) -> QuerySet[ChecklistItem]:
    require_list(user, "audit_checklist")
    return ChecklistItem.objects.filter(area__agency_id=agency_id_of(user)).select_related("area")
