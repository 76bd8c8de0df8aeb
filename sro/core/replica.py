"""Reports read from a replica of the database when one is configured
(`DATABASE_REPLICA_URL`): their long reads then never slow down the officers' and records
staff's work on the primary. Everything else, and every write, uses the primary.

Report code wraps its reads in `reading_from_replica()`; the router sends reads made inside it
to the `replica` alias when that alias exists. A replica may lag the primary by a few seconds,
which a yearly or monthly report does not notice."""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings

REPLICA = "replica"
_reading = contextvars.ContextVar("sro_reading_from_replica", default=False)
_primary = contextvars.ContextVar("sro_reading_from_primary", default=False)


@contextmanager
def reading_from_replica() -> Iterator[None]:
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


@contextmanager
def reading_from_primary() -> Iterator[None]:
    """Reads on the primary even inside report code: for figures that are written down and
    kept (a public release is computed once and never again, so not from a lagging copy)."""
    token = _primary.set(True)
    try:
        yield
    finally:
        _primary.reset(token)


def replica_configured() -> bool:
    """A `replica` database alias exists and reports may use it (`SRO_REPORTS_READ_REPLICA`,
    on in production; the test settings turn it off, see config/test_settings.py)."""
    return REPLICA in settings.DATABASES and bool(
        getattr(settings, "SRO_REPORTS_READ_REPLICA", True)
    )


class ReplicaRouter:
    """Django database router: report reads to the replica, all else to the primary."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if _reading.get() and not _primary.get() and replica_configured():
            return REPLICA
        return None  # the default database

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db == "default"


def replica_reads[**P, R](function: Callable[P, R]) -> Callable[P, R]:
    """Run a report's computation with its reads on the replica (when one is configured)."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with reading_from_replica():
            return function(*args, **kwargs)

    return wrapper
