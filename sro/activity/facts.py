"""What the activity pages need to know about an officer on a day: the clauses their training
verdict restricts, and where their schedule puts them (the log form's defaults)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from sro.roster.models import Assignment, Officer
from sro.safety.facts import restriction
from sro.scheduling.coverage import officer_days

RESTRICTED_CLAUSES = frozenset({4, 5})  # Minn. Stat. 626.8482, subd. 3

# How long each kind of work usually takes, the form's default when the officer leaves it empty.
# Department practice for quick entry, not a rule: the officer corrects it.
DEFAULT_MINUTES: dict[str, int] = {
    "positive_contact": 10,
    "class_taught": 50,
    "staff_consultation": 20,
    "family_meeting": 30,
    "mentoring": 30,
    "support_referral": 20,
    "drill_advice": 30,
    "vulnerability_walk": 45,
    "event_security": 120,
    "liaison_meeting": 45,
    "patrol": 30,
}


def restricted_clauses(officer: Officer, *, on: dt.date) -> tuple[frozenset[int], str]:
    """The clauses the officer's training verdict on ``on`` restricts, and why."""
    restricted, why = restriction(officer, as_of=on)
    return (RESTRICTED_CLAUSES if restricted else frozenset()), why


def restricted_officer_ids(officers: Iterable[Officer], *, on: dt.date) -> set[Any]:
    from sro.training.queries import compliance

    ids = [o.pk for o in officers]
    return {
        row.officer.pk
        for row in compliance(Officer.objects.filter(pk__in=ids), as_of=on)
        if row.restricted
    }


def current_school_ids(officer: Officer, day: dt.date) -> list[Any]:
    """The officer's schools on ``day``: where the schedule puts them, else their assignments."""
    plan = officer_days(officer, day, day)[0].plan
    if plan.schools:
        return list(plan.schools)
    return list(
        Assignment.objects.filter(officer=officer, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .order_by("start_date")
        .values_list("school_id", flat=True)
    )
