"""Where the training rule is called: database rows to the rule's frozen facts, and verdicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from sro.core import clock
from sro.roster.models import Assignment, Officer
from sro.rules import schedule
from sro.rules import training as rule
from sro.scheduling.plans import contact_days_through
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
    assignments = [
        a for a in officer.assignments.all() if a.pk not in {e.pk for e in extra_assignments}
    ]
    assignments.extend(extra_assignments)
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
        student_contact_days=contact_days_through(
            officer, as_of or clock.today(), calendars=calendars, assignments=assignments
        ),
    )


def verdict_for(
    officer: Officer, *, as_of: dt.date, extra_assignments: Iterable[Assignment] = ()
) -> rule.Verdict:
    facts = officer_facts(officer, as_of=as_of, extra_assignments=extra_assignments)
    return rule.evaluate(facts, as_of=as_of)


__all__ = ["officer_facts", "verdict_for", "with_training_records"]
