"""Reading an uploaded document's text takes seconds of CPU: one read at a time per person, and
at most `READS_PER_AGENCY` at once per agency, so that no one (and no agency) can hold all the
workers by uploading in parallel. A request over either finds the locks taken (they are never
waited for) and is told to try again in a moment.

The locks are `sro.core.locks`' (PostgreSQL advisory locks, or file locks on SQLite): held only
while the text is read, released when it is done, on error, or when the process dies."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

from sro.core import locks

READS_PER_AGENCY = 2


class Busy(Exception):
    """Another read holds the slot; the message says what to do."""


def person_lock(agency_id: uuid.UUID, user_id: object) -> str:
    # The agency's id in the name keeps a user number of one database from meeting another's.
    return f"document-read:{agency_id}:user:{user_id}"


def agency_lock(agency_id: uuid.UUID, slot: int) -> str:
    return f"document-read:{agency_id}:slot:{slot}"


@contextlib.contextmanager
def reading_slot(*, agency_id: uuid.UUID, user_id: object) -> Iterator[None]:
    """Hold the person's read and one of the agency's for the duration; `Busy` when either is
    taken."""
    with locks.lock_session() as session:
        if not session.take(person_lock(agency_id, user_id)):
            raise Busy(
                "Another document you uploaded is being read right now. Try again in a moment, "
                "once it is done."
            )
        if not any(session.take(agency_lock(agency_id, s)) for s in range(READS_PER_AGENCY)):
            raise Busy(
                f"Another document is being read: {READS_PER_AGENCY} of your agency's are being "
                "read right now. Try again in a moment."
            )
        yield
