"""Makes "every write goes through a service that writes its audit event" a runtime fact.

Domain models opt in by inheriting `Audited`. Saving or deleting one outside an `@audited`
service raises `UnauditedWrite`; an `@audited` service that writes no event raises
`MissingAuditEvent` and its transaction rolls back. Fixtures that build test data on purpose use
`unaudited_writes()`, which names why.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models.signals import pre_delete, pre_save


class UnauditedWrite(Exception):
    """An audited model was written outside an audited service."""


class MissingAuditEvent(Exception):
    """An audited service finished without writing an audit event."""


class Audited:
    """Mixin for models whose every write must happen inside an audited service."""


@dataclass
class Scope:
    service: str
    events: int = 0
    parent: Scope | None = field(default=None, repr=False)


current_scope: contextvars.ContextVar[Scope | None] = contextvars.ContextVar(
    "audit_scope", default=None
)
_exempt: contextvars.ContextVar[str] = contextvars.ContextVar("audit_exempt", default="")


@contextlib.contextmanager
def unaudited_writes(why: str) -> Iterator[None]:
    """Allow direct writes (test fixtures, schema migrations). `why` is required on purpose."""
    if not why:
        raise ValueError("Say why writes may skip the audit trail.")
    token = _exempt.set(why)
    try:
        yield
    finally:
        _exempt.reset(token)


def note_event() -> None:
    scope = current_scope.get()
    while scope is not None:
        scope.events += 1
        scope = scope.parent


def _check(sender: type, instance: Any, **kwargs: Any) -> None:
    if not isinstance(instance, Audited) or kwargs.get("raw"):
        return
    if current_scope.get() is None and not _exempt.get():
        raise UnauditedWrite(
            f"{sender.__name__} was written outside an audited service; "
            "call the app's service function with an actor."
        )


def connect() -> None:
    pre_save.connect(_check, dispatch_uid="audittrail.guard.pre_save")
    pre_delete.connect(_check, dispatch_uid="audittrail.guard.pre_delete")
