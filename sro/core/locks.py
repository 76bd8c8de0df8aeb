"""A lock per scheduled job, so that several application servers running the same timer or
cron entry run the job once: PostgreSQL's advisory lock (held by a connection of its own for as
long as the job runs, released if the server dies), or on SQLite a file lock in the data
folder (one machine). And a lock for the rest of a transaction, so that requests on several
servers that check a count and then add to it take turns. And `lock_session`, the same locks
for anything else held for a while (reading an uploaded document) and never waited for."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

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


class LockSession:
    """Locks taken without waiting and held together until the session ends (`lock_session`).

    PostgreSQL: session advisory locks on a connection of the session's own, so that they are
    held outside any transaction and released if the server dies (the connection closes).
    SQLite (one machine): a file lock per name in the data folder, released when the file is
    closed, also by the process's death."""

    def __init__(self) -> None:
        connection = connections["default"]
        self._own: Any = None
        self._files: list[IO[str]] = []
        if connection.vendor == "postgresql":
            import psycopg

            self._own = psycopg.connect(**connection.get_connection_params(), autocommit=True)
        else:
            self._folder = Path(settings.DATA_DIR) / "locks"
            self._folder.mkdir(parents=True, exist_ok=True)

    def take(self, name: str, kind: str = "sro-lock") -> bool:
        """Whether the lock called `name` is now held by this session (False: someone else
        holds it; nothing waits)."""
        if self._own is not None:
            row = self._own.execute("SELECT pg_try_advisory_lock(%s)", (_key(name, kind),))
            return bool((found := row.fetchone()) and found[0])
        handle = (self._folder / f"{_file_name(name)}.lock").open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._files.append(handle)
        return True

    def close(self) -> None:
        """Release every lock of the session."""
        if self._own is not None:
            # Released here, before the answer: a closed connection's locks are released only
            # when the server notices, a moment later.
            try:
                self._own.execute("SELECT pg_advisory_unlock_all()")
            finally:
                self._own.close()
                self._own = None
        for handle in self._files:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()
        self._files.clear()


def _file_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


@contextlib.contextmanager
def lock_session() -> Iterator[LockSession]:
    session = LockSession()
    try:
        yield session
    finally:
        session.close()


@contextlib.contextmanager
def job_lock(name: str) -> Iterator[bool]:
    """Yields whether this process holds the job's lock (False: another one is running it)."""
    with lock_session() as session:
        yield session.take(name, "sro-job")
