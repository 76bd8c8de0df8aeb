"""Access helpers for training records and policy versions."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sro.accounts.permissions import ObjectScope
from sro.accounts.principal import agency_id_of
from sro.core.access import enforce, require_list
from sro.roster.access import officer_scope, officers_for_user
from sro.roster.models import Officer
from sro.training.models import Completion, PolicyVersion


def officers_for_training(user: Any) -> QuerySet[Officer]:
    return officers_for_user(user, "training")


def get_officer_training_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> Officer:
    officer = Officer.objects.filter(pk=pk).first()
    if officer is None:
        raise Http404("No such officer.")
    enforce(user, "training", officer_scope(officer), write=write)
    return officer


def get_completion_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> Completion:
    completion = Completion.objects.select_related("officer").filter(pk=pk).first()
    if completion is None:
        raise Http404("No such course record.")
    enforce(user, "training", officer_scope(completion.officer), write=write)
    return completion


def policy_versions_for_user(user: Any) -> QuerySet[PolicyVersion]:
    require_list(user, "policy")
    return PolicyVersion.objects.filter(agency_id=agency_id_of(user))


def get_policy_version_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> PolicyVersion:
    version = PolicyVersion.objects.filter(pk=pk).first()
    if version is None:
        raise Http404("No such policy version.")
    enforce(user, "policy", ObjectScope(agency_id=version.agency_id), write=write)
    return version
