"""When to remind an officer of a date: 60, 30 and 7 days before it, and once it has passed.

Pure: the day is a parameter. A daily job that missed days sends only the latest notice it
reached, never an earlier one after a later one, and each notice once.
"""

from datetime import date, timedelta

NOTICE_DAYS_BEFORE: tuple[int, ...] = (60, 30, 7)
PASSED = "passed"


def notices(due_on: date) -> list[tuple[date, str]]:
    """Each notice with the first day it may be sent, earliest first. "passed" is the day after
    the last day the date allows."""
    before = [(due_on - timedelta(days=n), str(n)) for n in NOTICE_DAYS_BEFORE]
    return [*before, (due_on + timedelta(days=1), PASSED)]


def notice_due(due_on: date, today: date, already_sent: set[str]) -> str | None:
    """The notice to send today, or None."""
    schedule = notices(due_on)
    reached = [name for day, name in schedule if day <= today]
    if not reached:
        return None
    latest = reached[-1]
    order = [name for _, name in schedule]
    if any(order.index(sent) >= order.index(latest) for sent in already_sent if sent in order):
        return None
    return latest
