"""The SRO's daily work by statutory duty (toward issue 9): which duty clause of Minn. Stat.
626.8482, subd. 2(a) each kind of activity serves, and whether an officer may log it as their
own work.

Settled here, where the sources say nothing more:

- The clause proposed for each kind is a default the officer may change; only the restricted
  clauses are checked.
- An officer whose training verdict restricts clauses (4) and (5) (the training grace period, or a
  substitute under the contact-day limit: subd. 3) cannot log work under those clauses as their
  own; there is no override here (a supervisor assigns such work through the safety module).

Nothing here reads the clock or the database.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from sro.rules.dates import add_years
from sro.rules.duties import DUTIES, duty_citation
from sro.rules.params import SCHOOL_YEAR_START, MonthDay

RULES_VERSION = "activity-2024"


@dataclass(frozen=True, slots=True)
class ActivityKind:
    code: str
    label: str
    clause: int  # the duty clause proposed for it


KINDS: Mapping[str, ActivityKind] = MappingProxyType(
    {
        k.code: k
        for k in (
            ActivityKind("positive_contact", "Positive contact", 1),
            ActivityKind("class_taught", "Class or presentation taught", 6),
            ActivityKind("staff_consultation", "Staff consultation", 6),
            ActivityKind("family_meeting", "Family meeting", 1),
            ActivityKind("mentoring", "Mentoring session", 1),
            ActivityKind("support_referral", "Referral to a school or community service", 1),
            ActivityKind("drill_advice", "Safety-drill advice", 4),
            ActivityKind("vulnerability_walk", "Vulnerability walk-through", 5),
            ActivityKind("event_security", "Event security", 2),
            ActivityKind("liaison_meeting", "Liaison meeting", 3),
            ActivityKind("patrol", "Patrol of grounds", 2),
        )
    }
)


@dataclass(frozen=True, slots=True)
class LogVerdict:
    clause: int
    allowed: bool
    message: str
    citation: str
    rules_version: str = RULES_VERSION


def proposed_clause(kind: str) -> int:
    """The duty clause an activity of this kind serves unless the officer says otherwise."""
    if kind not in KINDS:
        raise ValueError(f"Unknown activity kind {kind!r}.")
    return KINDS[kind].clause


def may_log(
    clause: int, *, restricted_clauses: Collection[int], kind: str | None = None
) -> LogVerdict:
    """Whether an officer may log work under ``clause`` as their own, given the clauses their
    training verdict restricts. A kind whose proposed clause is restricted stays refused under
    any clause the officer picks (drill advice filed as clause (1) is still drill advice)."""
    if kind is not None and proposed_clause(kind) in restricted_clauses:
        clause = proposed_clause(kind)
    citation = duty_citation(clause)
    if clause in restricted_clauses:
        return LogVerdict(
            clause,
            False,
            f"Clause ({clause}), {DUTIES[clause]}, is not required of an officer in the training "
            "grace period or of a substitute under the contact-day limit, and this officer's "
            "training verdict restricts it: it cannot be logged as their own work.",
            f"{citation}; subd. 3",
        )
    return LogVerdict(clause, True, f"Clause ({clause}): {DUTIES[clause]}.", citation)


def retain_until(
    made_on: date, *, years: int, start: MonthDay = SCHOOL_YEAR_START.value
) -> date | None:
    """The last day a support referral is kept: the last day of its school year (the day before
    the next one starts) plus the agency's retention period in years. No period set (0): no
    date, nothing is removed (Minn. Stat. 138.17 allows destruction only under an adopted
    schedule)."""
    if years <= 0:
        return None
    next_start_year = made_on.year + 1 if (made_on.month, made_on.day) >= start else made_on.year
    month, day = start
    return add_years(date(next_start_year, month, day) - timedelta(days=1), years)
