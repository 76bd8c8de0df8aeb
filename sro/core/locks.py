"""A lock per scheduled job, so that several application servers running the same timer or
cron entry run the job once: PostgreSQL's advisory lock (held by a connection of its own for as
long as the job runs, released if the server dies), or on SQLite a file lock in the data
folder (one machine)."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connections


def _key(name: str) -> int:
    """A stable 64-bit advisory-lock key for the job's name."""
    return int.from_bytes(
        hashlib.sha256(f"sro-job:{name}".encode()).digest()[:8], "big", signed=True
    )


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
