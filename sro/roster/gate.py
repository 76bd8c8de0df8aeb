"""The assignment gate, read only: what placing an officer at a school would need (the training
override, a reason for a double booking). The save (`sro.roster.services.save_assignment`) and
anyone who must agree with it (the invariant tests) ask this one function."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sro.roster.models import Assignment
from sro.rules.training import Verdict
from sro.scheduling.conflicts import Conflict, assignment_conflicts
from sro.training.queries import verdict_with_proposal


@dataclass(frozen=True)
class Gate:
    """What placing an officer would need: the training verdict that refuses it (None when
    they may serve, or the assignment is a past record or already overridden) and the new
    double bookings."""

    verdict: Verdict | None
    conflicts: list[Conflict]


def gate(assignment: Assignment, *, today: dt.date) -> Gate:
    """The assignment gate's findings for `assignment` as of `today`."""
    refusing = None
    still_to_serve = assignment.end_date is None or assignment.end_date >= today
    if still_to_serve and (assignment._state.adding or assignment.override_at is None):
        verdict = verdict_with_proposal(assignment, as_of=today)
        refusing = None if verdict.may_serve else verdict
    return Gate(refusing, assignment_conflicts(assignment))
