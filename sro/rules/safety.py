"""School safety: the yearly security audit, the yearly drill minimums, and who may be given them.

Sources: the department's policy 436.3 (each school's security measures audited at least
annually, with recommendations); Minn. Stat. 626.8482, subd. 2(a), clauses (4) (advising on
safety drills) and (5) (identifying vulnerabilities in facilities and safety protocols), which an
officer in the training grace period or a substitute under the contact-day limit is not required
to perform (subd. 3); Minn. Stat. 121A.035, subd. 2 (five lockdown drills, five fire drills
consistent with Minn. Stat. 299F.30, and one tornado drill in each school year).

Settled here, where the sources say nothing more:

- An audit is overdue when the last completed one is more than one year old: on its anniversary
  it is still current, the day after it is overdue. A school never audited is overdue too (the
  conservative reading). An audit completed on 29 February is due again on 28 February of the
  next year (the earlier reading, also conservative). An audit in progress does not count until
  it is completed.
- A new school year opens the next audit: it may be done from the first day of the school year
  after the one the last completed audit fell in, which is never later than the day it is due.
- A school needs an audit (``needed``) when it was never audited, its audit is overdue, or the
  next one has opened; otherwise its audit for the school year is done and current, and the
  product offers no new one (a second audit in the same school year is the department's
  exception, started only with a stated reason that is kept).
- The drill minimums are passed in (the department keeps them as cited settings); the defaults
  below are the statute's. A minimum of 0 means the kind is not required. "Other" drills are
  counted but have no minimum.
- The days left in a school year count the as-of day itself; before the school year begins they
  are all its days, and after it ends none.

Nothing here reads the clock or the database: the as-of date is a parameter.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Literal

from sro.rules.dates import add_years, school_year_bounds, school_year_of
from sro.rules.params import RULES

RULES_VERSION = "safety-2024"

AuditState = Literal["current", "overdue", "never"]
Duty = Literal["audit", "drill_advice"]

AUDIT = "Policy 436.3"
DRILLS = "Minn. Stat. 121A.035, subd. 2"
FIRE_DRILLS = "Minn. Stat. 121A.035, subd. 2; 299F.30"
NO_MINIMUM = "Minn. Stat. 121A.035, subd. 2 (no minimum for other drills)"
CLAUSE_4 = "Minn. Stat. 626.8482, subd. 2(a)(4); subd. 3"
CLAUSE_5 = "Minn. Stat. 626.8482, subd. 2(a)(5); subd. 3"

AUDIT_INTERVAL_YEARS = 1  # "at least annually" (policy 436.3)

# The yearly minimums of Minn. Stat. 121A.035, subd. 2.
MIN_LOCKDOWN_DRILLS = 5
MIN_FIRE_DRILLS = 5  # consistent with Minn. Stat. 299F.30
MIN_TORNADO_DRILLS = 1

REQUIRED_KINDS: tuple[str, ...] = ("lockdown", "fire", "tornado")
OTHER = "other"
DRILL_KINDS: tuple[str, ...] = (*REQUIRED_KINDS, OTHER)
DEFAULT_MINIMUMS: Mapping[str, int] = MappingProxyType(
    {"lockdown": MIN_LOCKDOWN_DRILLS, "fire": MIN_FIRE_DRILLS, "tornado": MIN_TORNADO_DRILLS}
)
DRILL_CITATIONS: Mapping[str, str] = MappingProxyType(
    {"lockdown": DRILLS, "fire": FIRE_DRILLS, "tornado": DRILLS, OTHER: NO_MINIMUM}
)

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Reason:
    """One plain-English reason for a finding, with the rule it comes from."""

    code: str
    message: str
    citation: str


# --- The yearly security audit (policy 436.3) ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditStatus:
    """Where a school's security audit stands on the as-of day.

    ``due_on``, ``opens_next`` are None when the school was never audited; ``days_overdue`` is 0
    while the audit is current and None when there is no audit to count from."""

    state: AuditState
    overdue: bool
    last_completed: date | None
    due_on: date | None
    days_overdue: int | None
    in_progress: bool
    opens_next: date | None
    # Whether the school needs an audit now: never audited, overdue, or the next one has opened
    # with a new school year. False: this school year's audit is done and current.
    needed: bool
    reason: Reason
    rules_version: str = RULES_VERSION


def audit_due_on(last_completed: date) -> date:
    """One year after the last completed audit; 29 February becomes 28 February."""
    return add_years(last_completed, AUDIT_INTERVAL_YEARS)


def audit_opens_next(last_completed: date) -> date:
    """The first day of the school year after the one the last completed audit fell in."""
    return school_year_bounds(school_year_of(last_completed))[1] + ONE_DAY


def audit_status(
    last_completed: date | None, *, in_progress_since: date | None, as_of: date
) -> AuditStatus:
    """Whether the school's security audit is current, overdue, or was never done."""
    if last_completed is not None and last_completed > as_of:
        raise ValueError("The last completed audit cannot be after the as-of day.")
    if in_progress_since is not None and in_progress_since > as_of:
        raise ValueError("An audit cannot be in progress since after the as-of day.")
    in_progress = in_progress_since is not None
    pending = (
        f" The audit in progress since {in_progress_since} counts once it is completed."
        if in_progress
        else ""
    )
    if last_completed is None:
        reason = Reason(
            "audit_never",
            "No completed security audit is on record, so one is overdue: each school's "
            f"security measures are audited at least annually, with recommendations.{pending}",
            AUDIT,
        )
        return AuditStatus("never", True, None, None, None, in_progress, None, True, reason)
    due_on = audit_due_on(last_completed)
    opens_next = audit_opens_next(last_completed)
    if as_of > due_on:
        days = (as_of - due_on).days
        reason = Reason(
            "audit_overdue",
            f"The last completed security audit was on {last_completed}; the next was due by "
            f"{due_on} and is {days} day{'' if days == 1 else 's'} overdue. Each school's "
            f"security measures are audited at least annually, with recommendations.{pending}",
            AUDIT,
        )
        return AuditStatus(
            "overdue", True, last_completed, due_on, days, in_progress, opens_next, True, reason
        )
    needed = as_of >= opens_next
    reason = Reason(
        "audit_current",
        f"The last completed security audit was on {last_completed}; the next "
        f"{'opened' if needed else 'opens'} with the school year on {opens_next} and is due by "
        f"{due_on}.{pending}",
        AUDIT,
    )
    return AuditStatus(
        "current", False, last_completed, due_on, 0, in_progress, opens_next, needed, reason
    )


# --- The yearly drills (Minn. Stat. 121A.035, subd. 2) -------------------------------------------


@dataclass(frozen=True, slots=True)
class DrillRow:
    """One kind of drill in one school year: how many were done against the minimum."""

    kind: str
    done: int
    required: int  # 0: not required
    remaining: int
    met: bool
    citation: str


@dataclass(frozen=True, slots=True)
class DrillStatus:
    school_year: str
    ends_on: date
    rows: tuple[DrillRow, ...]  # in the order of DRILL_KINDS
    all_met: bool
    days_left: int  # days of the school year from the as-of day on, that day included
    rules_version: str = RULES_VERSION


def _check_drill_inputs(counts: Mapping[str, int], minimums: Mapping[str, int]) -> None:
    unknown = set(counts) - set(DRILL_KINDS)
    if unknown:
        raise ValueError(f"Unknown drill kinds: {sorted(unknown)}.")
    if any(n < 0 for n in counts.values()):
        raise ValueError("A drill count cannot be negative.")
    if set(minimums) != set(REQUIRED_KINDS):
        raise ValueError(f"The minimums name exactly the kinds {list(REQUIRED_KINDS)}.")
    if any(n < 0 for n in minimums.values()):
        raise ValueError("A drill minimum cannot be negative.")


def drill_status(
    counts: Mapping[str, int], *, minimums: Mapping[str, int], school_year: str, as_of: date
) -> DrillStatus:
    """Each kind's drills done in ``school_year`` against its minimum, and the days left."""
    _check_drill_inputs(counts, minimums)
    first, last = school_year_bounds(school_year)
    rows: list[DrillRow] = []
    for kind in DRILL_KINDS:
        done = counts.get(kind, 0)
        required = minimums.get(kind, 0)
        remaining = max(required - done, 0)
        rows.append(
            DrillRow(kind, done, required, remaining, remaining == 0, DRILL_CITATIONS[kind])
        )
    days_left = max((last - max(as_of, first)).days + 1, 0)
    return DrillStatus(school_year, last, tuple(rows), all(r.met for r in rows), days_left)


# --- Who may be given the audit or drill advice (Minn. Stat. 626.8482, subd. 2(a), 3) ----------


@dataclass(frozen=True, slots=True)
class _DutyText:
    clause: int
    words: str
    citation: str


DUTIES: Mapping[str, _DutyText] = MappingProxyType(
    {
        "audit": _DutyText(
            5, "identifying vulnerabilities in school facilities and safety protocols", CLAUSE_5
        ),
        "drill_advice": _DutyText(4, "advising on safety drills", CLAUSE_4),
    }
)


@dataclass(frozen=True, slots=True)
class AssignmentVerdict:
    duty: Duty
    clause: int
    allowed: bool
    needs_override: bool  # the officer is restricted: only a supervisor's override assigns it
    overridden: bool
    reason: Reason
    rules_version: str = RULES_VERSION


def may_assign(
    duty: Duty, *, restricted: bool, override_reason: str, not_serving: str = ""
) -> AssignmentVerdict:
    """Whether an officer may be assigned a school's audit (clause (5)) or drill advice (clause
    (4)). ``restricted``: the officer is in the training grace period, or is a substitute under
    the contact-day limit, and so is not required to perform these duties (subd. 3). A restricted
    officer is assigned only on a supervisor's override with a written reason; an override given
    for an officer who is not restricted is not needed and not recorded as one.
    ``not_serving``: why the officer's training verdict says they may not serve at all (empty
    when they may); such an officer needs the same override, with that reason named."""
    if duty not in DUTIES:
        raise ValueError(f"Unknown duty {duty!r}: audit or drill_advice.")
    text = DUTIES[duty]
    what = f"Clause ({text.clause}), {text.words},"
    if not restricted and not not_serving:
        reason = Reason("assignable", f"{what} may be assigned to this officer.", text.citation)
        return AssignmentVerdict(duty, text.clause, True, False, False, reason)
    if not_serving:
        code = "may_not_serve"
        why = (
            f"{what} is given to an officer the training verdict says may not serve: {not_serving}"
        )
    else:
        code = "restricted"
        why = (
            f"{what} is not required of an officer in the training grace period or of a "
            f"substitute with fewer than {RULES.substitute_contact_day_limit.value} student "
            "contact days"
        )
    written = override_reason.strip()
    if not written:
        reason = Reason(
            code,
            f"{why}; it is not assigned without a supervisor's override with a written reason.",
            text.citation,
        )
        return AssignmentVerdict(duty, text.clause, False, True, False, reason)
    reason = Reason(
        "overridden",
        f"{why}; assigned on a supervisor's override: {written}",
        text.citation,
    )
    return AssignmentVerdict(duty, text.clause, True, True, True, reason)
