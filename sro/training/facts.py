"""Where the training rule is called: database rows to the rule's frozen facts, and verdicts."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from django.db.models import Prefetch, QuerySet

from sro.core import clock
from sro.roster.models import Assignment, Officer
from sro.rules import schedule
from sro.rules import training as rule
from sro.rules.dates import school_year_of
from sro.scheduling.plans import contact_days_through, plans_for, school_year_start
from sro.training.models import Completion, PolicyReview


def with_training_records(officers: QuerySet[Officer]) -> QuerySet[Officer]:
    """Fetch everything the rule needs for many officers in a fixed number of queries."""
    return officers.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("school").order_by("start_date"),
        ),
        Prefetch("completions", queryset=Completion.objects.order_by("completed_on")),
        Prefetch(
            "policy_reviews",
            queryset=PolicyReview.objects.select_related("policy_version").order_by("reviewed_on"),
        ),
        "absences",
        "duties",
        "patrol_pulls",
    )


def officer_facts(
    officer: Officer,
    *,
    as_of: dt.date | None = None,
    calendars: schedule.Calendars | None = None,
    extra_assignments: Iterable[Assignment] = (),
) -> rule.OfficerFacts:
    """The rule's view of one officer on `as_of` (default today); `extra_assignments` adds an
    unsaved one (a proposal). Student contact days come from the duty schedule, counted up to
    `as_of` in its school year (`calendars`: shared by a batch, else fetched)."""
    extra = list(extra_assignments)
    assignments = [a for a in officer.assignments.all() if a.pk not in {e.pk for e in extra}]
    assignments.extend(extra)
    return _facts(
        officer,
        assignments,
        contact_days_through(
            officer, as_of or clock.today(), calendars=calendars, assignments=assignments
        ),
    )


def _facts(
    officer: Officer, assignments: Sequence[Assignment], contact_days: dict[str, int]
) -> rule.OfficerFacts:
    return rule.OfficerFacts(
        id=str(officer.pk),
        assignments=tuple(
            rule.Assignment(
                role=a.role,  # type: ignore[arg-type]
                start=a.start_date,
                end=a.end_date,
                employer_could_not_provide_training=a.employer_could_not_provide_training,
            )
            for a in assignments
        ),
        completions=tuple(
            rule.Completion(
                course=c.course,  # type: ignore[arg-type]
                completed_on=c.completed_on,
                certificate_on_file=bool(c.certificate),
            )
            for c in officer.completions.all()
        ),
        policy_reviews=tuple(
            rule.PolicyReview(reviewed_on=r.reviewed_on, policy_version=r.policy_version.version)
            for r in officer.policy_reviews.all()
        ),
        student_contact_days=contact_days,
    )


@dataclass(frozen=True)
class DayVerdict:
    """The officer's training verdict on one day, and the student contact days it counted (in
    that day's school year, up to and including the day)."""

    verdict: rule.Verdict
    contact_days: int


def verdicts_between(
    officer: Officer,
    first: dt.date,
    last: dt.date,
    *,
    calendars: schedule.Calendars | None = None,
) -> dict[dt.date, DayVerdict]:
    """The verdict on each day from `first` to `last`: the same as ``verdict_for`` on that day,
    with the contact days counted once for the whole span instead of once a day.

    `calendars` (shared by a batch) must reach back to the start of `first`'s school year."""
    plans = plans_for(officer, school_year_start(first), last, calendars=calendars)
    counted = sorted(p.day for p in plans if p.contact_day)
    base = _facts(officer, list(officer.assignments.all()), {})
    result = {}
    for day in schedule.days_between(first, last):
        days = bisect_right(counted, day) - bisect_left(counted, school_year_start(day))
        facts = replace(base, student_contact_days={school_year_of(day): days} if days else {})
        result[day] = DayVerdict(rule.evaluate(facts, as_of=day), days)
    return result


def verdict_for(
    officer: Officer, *, as_of: dt.date, extra_assignments: Iterable[Assignment] = ()
) -> rule.Verdict:
    facts = officer_facts(officer, as_of=as_of, extra_assignments=extra_assignments)
    return rule.evaluate(facts, as_of=as_of)


__all__ = [
    "DayVerdict",
    "officer_facts",
    "verdict_for",
    "verdicts_between",
    "with_training_records",
]
