"""Two places at once: the school days on which a proposed assignment (an SRO post or a
substitute's cover) or a duty would put an officer where the schedule already expects them
somewhere else (policy 436.4.1). Refused unless a sergeant or the chief overrides it with a
written reason, which the audit trail keeps; the problems page lists what exists either way.

Only what is new is refused: editing an assignment that was already booked over another (by an
override, or before this check existed) does not ask again for the days it already had. A day
the district's calendar does not cover yet (next school year's, not imported) is no conflict:
nobody knows yet whether school is in session, and summer duties are assigned ahead of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sro.accounts.permissions import Role
from sro.accounts.principal import principal_for
from sro.roster.models import Assignment, Officer
from sro.rules import schedule as rule
from sro.scheduling.models import Duty
from sro.scheduling.plans import calendars_for, count_unknown, posts_of

# An open-ended assignment is checked for a year ahead: calendars are imported a school year at
# a time, and a conflict that runs on is named from its first day.
CHECK_DAYS = 366
SUPERVISORS = frozenset({Role.CHIEF, Role.SERGEANT})

# (officer, day, what else the officer is booked for)
Clash = tuple[Any, dt.date, str]


@dataclass(frozen=True)
class Conflict:
    """A run of school days on which the officer is already booked for `elsewhere`."""

    elsewhere: str  # "at Central Lakes High School", or "on a duty (Patrol shift: Days)"
    first: dt.date
    last: dt.date
    days: int

    def __str__(self) -> str:
        when = f"from {self.first} to {self.last}"
        if self.first == self.last:
            when = f"on {self.first}"
        return f"{self.elsewhere} {when} ({self.days} school day{'s' if self.days != 1 else ''})"


def is_supervisor(actor: Any) -> bool:
    """A sergeant or the chief: who may book an officer in two places at once."""
    return bool(getattr(actor, "pk", None)) and principal_for(actor).role in SUPERVISORS


def _runs(clashes: Iterable[Clash]) -> list[Conflict]:
    """Consecutive school days booked for the same other thing (a weekend does not break a run),
    in date order."""
    by_what: dict[str, list[dt.date]] = {}
    for _, day, what in clashes:
        by_what.setdefault(what, []).append(day)
    found: list[Conflict] = []
    for what, days in by_what.items():
        run: list[dt.date] = []
        for day in sorted(set(days)):
            if run and (day - run[-1]).days > 3:
                found.append(Conflict(what, run[0], run[-1], len(run)))
                run = []
            run.append(day)
        found.append(Conflict(what, run[0], run[-1], len(run)))
    return sorted(found, key=lambda c: (c.first, c.elsewhere))


def _span(start: dt.date, end: dt.date | None) -> tuple[dt.date, dt.date]:
    return start, end or start + dt.timedelta(days=CHECK_DAYS)


def _assignment_clashes(assignment: Assignment) -> set[Clash]:
    """Each school day of the assignment on which the officer is also expected at another
    school in session, or on a duty a sergeant assigned."""
    if not (assignment.officer_id and assignment.school_id and assignment.start_date):
        return set()
    first, last = _span(assignment.start_date, assignment.end_date)
    others = [
        a
        for a in Assignment.objects.filter(officer_id=assignment.officer_id)
        .exclude(pk=assignment.pk)
        .filter(start_date__lte=last)
        .select_related("school")
        if a.end_date is None or a.end_date >= first
    ]
    proposed = posts_of([assignment])[0]
    posts = (*posts_of(others), proposed)
    names = {str(a.school_id): a.school.name for a in others}
    duties = list(
        Duty.objects.filter(
            officer_id=assignment.officer_id, first_day__lte=last, last_day__gte=first
        )
    )
    calendars = calendars_for({p.lea_id for p in posts}, first, last)
    week = rule.OfficerWeek(posts=posts)
    clashes: set[Clash] = set()
    for day in rule.days_between(first, last):
        plan = rule.plan_day(week, day, calendars, count_unknown=count_unknown())
        if plan.status != "school" or proposed.school_id not in plan.schools:
            continue
        for school in plan.schools:
            if school != proposed.school_id:
                clashes.add((assignment.officer_id, day, f"at {names[school]}"))
        for duty in duties:
            if duty.first_day <= day <= duty.last_day:
                clashes.add((assignment.officer_id, day, f"on a duty ({_duty_label(duty)})"))
    return clashes


def _duty_label(duty: Duty) -> str:
    return f"{duty.get_kind_display()}: {duty.details}" if duty.details else duty.get_kind_display()


def assignment_conflicts(assignment: Assignment) -> list[Conflict]:
    """The new conflicts this (unsaved or edited) assignment would make: those of the stored
    version are left out."""
    clashes = _assignment_clashes(assignment)
    if clashes and assignment.pk and not assignment._state.adding:
        stored = Assignment.objects.filter(pk=assignment.pk).first()
        if stored is not None:
            clashes -= _assignment_clashes(stored)
    return _runs(clashes)


def duty_conflicts(officer: Officer, first: dt.date, last: dt.date) -> list[Conflict]:
    """The school days from `first` to `last` on which the officer's posts expect them at a
    school in session."""
    posts = posts_of(
        Assignment.objects.filter(officer=officer, start_date__lte=last)
        .exclude(end_date__lt=first)
        .select_related("school")
    )
    schools = {
        str(a.school_id): a.school.name
        for a in Assignment.objects.filter(officer=officer).select_related("school")
    }
    calendars = calendars_for({p.lea_id for p in posts}, first, last)
    week = rule.OfficerWeek(posts=posts)
    clashes: set[Clash] = set()
    for day in rule.days_between(first, last):
        plan = rule.plan_day(week, day, calendars, count_unknown=count_unknown())
        if plan.status == "school":
            for school in plan.schools:
                clashes.add((officer.pk, day, f"at {schools[school]}"))
    return _runs(clashes)


def describe(officer: Officer, conflicts: list[Conflict], *, limit: int = 3) -> str:
    """The conflicts in one sentence, at most `limit` runs named."""
    named = "; ".join(str(c) for c in conflicts[:limit])
    more = f"; and {len(conflicts) - limit} more" if len(conflicts) > limit else ""
    return f"{officer.full_name} is already expected {named}{more}."


def school_day_message(officer: Officer, conflicts: list[Conflict]) -> str:
    return (
        f"School is in session on days of this duty: {describe(officer, conflicts)} An officer "
        "cannot be in two places at once. Assign duties on non-school days only; on a school "
        "day, pull the officer to patrol or record an absence. To assign it anyway, a sergeant "
        "or the chief gives the reason under “Supervisor override”."
    )
