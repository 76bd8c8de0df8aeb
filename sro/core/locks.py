"""A lock per scheduled job, so that several application servers running the same timer or
cron entry run the job once: PostgreSQL's advisory lock (held by a connection of its own for as
long as the job runs, released if the server dies), or on SQLite a file lock in the data
folder (one machine). And a lock for the rest of a transaction, so that requests on several
servers that check a count and then add to it take turns."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction


def _key(name: str, kind: str = "sro-job") -> int:
    """A stable 64-bit advisory-lock key for the job's name."""
    return int.from_bytes(
        hashlib.sha256(f"{kind}:{name}".encode()).digest()[:8], "big", signed=True
    )


def transaction_lock(name: str) -> None:
    """Hold the lock called `name` until the current transaction ends (inside `atomic()`).
    PostgreSQL: `pg_advisory_xact_lock` (another transaction asking for the same name waits).
    SQLite: nothing to take, as every transaction already holds the database's write lock from
    its start (`transaction_mode` IMMEDIATE, config/env.py)."""
    connection = connections["default"]
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("transaction_lock needs a transaction.")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_key(name, "sro-row")])


@contextlib.contextmanager
def job_lock(name: str) -> Iterator[bool]:
    """Yields whether this process holds the job's lock (False: another one is running it)."""
    connection = connections["default"]
    if connection.vendor == "postgresql":
        import psycopg

        with psycopg.connect(**connection.get_connection_params(), autocommit=True) as own:
            row = own.execute("SELECT pg_try_advisory_lock(%s)", (_key(name),)).fetchone()
            held = bool(row and row[0])
            try:
                yield held
            finally:
                if held:
                    own.execute("SELECT pg_advisory_unlock(%s)", (_key(name),))
        return
    folder = Path(settings.DATA_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{name}.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
