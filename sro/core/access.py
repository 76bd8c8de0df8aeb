"""The shared shape of every app's access helpers: decide, then 404, 403 or the object."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sro.accounts.permissions import Access, Decision, ObjectScope, can_list, decide
from sro.accounts.principal import principal_for


def enforce(user: Any, resource: str, scope: ObjectScope, *, write: bool) -> None:
    """Raise Http404 when the object is outside the user's scope, PermissionDenied when the
    user may see it but not do this."""
    need = Access.WRITE if write else Access.READ
    decision = decide(principal_for(user), resource, scope, need)
    if decision is Decision.NOT_FOUND:
        raise Http404("No such record.")
    if decision is Decision.FORBIDDEN:
        raise PermissionDenied("Your role does not allow this.")


def require_list(user: Any, resource: str, *, write: bool = False) -> None:
    """For list and create pages: the role needs the right at all, else 403."""
    need = Access.WRITE if write else Access.READ
    if not can_list(principal_for(user), resource, need):
        raise PermissionDenied("Your role does not allow this.")
