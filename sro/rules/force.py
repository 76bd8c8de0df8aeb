"""What a use-of-force record must say, what a supervisor must look at, and what must be reported.

Sources: the department's policy 436.5; the state School Resource Officer Model Policy, IV.D.2
(de-escalation) and IV.E.2.ii and IV.E.3 (after force; what the officer weighs); seed policy
III.F; Minn. Stat. 121A.58, subd. 1 (prone restraint: a child placed face down), 609.06, subd. 3
and 609.066 (restraints allowed only where deadly force is), 626.8452 (other reasonable options),
626.8475 (duty to intercede and report within 24 hours), 626.8482, subd. 2(c) (no force to enforce
school rules) and 626.5534 (monthly report of force causing serious bodily injury or death).

Where our sources settle nothing, the value is a parameter the caller passes: the prone duration
that is highlighted, the day of the following month a state report is due and how long before it
to remind, and the early-intervention window and count, which are department practice, not law.

Nothing here reads the clock or the database: the date and time are parameters. Elapsed time
between two moments that carry a time zone is counted in UTC, so a change of daylight saving
time neither adds nor removes an hour; naive moments are taken as they are.
"""

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from sro.rules.dates import add_months

RULES_VERSION = "force-2024"

Injury = Literal["none", "minor", "serious", "death"]
IntercedeState = Literal["on_time", "late", "due", "missing"]
BcaState = Literal["submitted", "late", "missing", "due"]
EventKind = Literal["force", "prone", "complaint"]

FORCE_RECORD = "Policy 436.5"
SUBD_2C = "Minn. Stat. 626.8482, subd. 2(c); policy 436.5"
RESTRICTED = "Minn. Stat. 609.06, subd. 3; 609.066"
MODEL_IV_D_2 = "Model policy IV.D.2"
NO_DEESCALATION = "Model policy IV.D.2; policy 436.5"
AID = "Model policy IV.E.2.ii"
MODEL_IV_E_3 = "Model policy IV.E.3"
PRONE = "Minn. Stat. 121A.58; model policy IV.E.2.ii"
PRONE_LONG = "Minn. Stat. 121A.58, subd. 1; model policy III.F"
INTERCEDE = "Minn. Stat. 626.8475"
BCA = "Minn. Stat. 626.5534"
EARLY_INTERVENTION = "Department practice (early intervention), not law"

INTERCEDE_HOURS = 24  # "within 24 hours" (Minn. Stat. 626.8475)
STATE_REPORT_INJURIES: frozenset[Injury] = frozenset({"serious", "death"})
REPORT_KINDS: frozenset[EventKind] = frozenset({"force", "prone"})  # a prone restraint is force
DEFAULT_WINDOW_DAYS = 90
DEFAULT_REPORT_THRESHOLD = 3

_HOUR = timedelta(hours=1)
_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Technique:
    """One de-escalation strategy of model policy IV.D.2."""

    id: str
    title: str
    citation: str = MODEL_IV_D_2


DEESCALATION: tuple[Technique, ...] = (
    Technique("empathetic", "Be empathetic and non-judgmental"),
    Technique("personal_space", "Respect personal space"),
    Technique("nonverbal", "Use non-threatening nonverbal communication"),
    Technique("no_challenging_questions", "Avoid challenging questions"),
    Technique("time_for_decisions", "Allow time for decisions"),
)
TECHNIQUE_IDS = frozenset(t.id for t in DEESCALATION)


@dataclass(frozen=True, slots=True)
class Consideration:
    """One of the considerations of model policy IV.E.3, with its sub-items."""

    id: str
    number: int
    title: str
    items: tuple[str, ...] = ()
    citation: str = MODEL_IV_E_3


CONSIDERATIONS: tuple[Consideration, ...] = (
    Consideration(
        "threat", 1, "The immediacy and severity of the threat", ("The potential for injury",)
    ),
    Consideration("conduct", 2, "The conduct of the individual, as reasonably perceived"),
    Consideration(
        "officer_individual_factors",
        3,
        "Officer and individual factors (age, maturity, size, abilities)",
    ),
    Consideration(
        "ability_to_comply",
        4,
        "The individual's ability to understand and comply",
        (
            "Suspected drug or alcohol use",
            "Mental state or capacity",
            "The student's education plan or accommodations, if known",
        ),
    ),
    Consideration("weapons", 5, "The proximity of weapons or dangerous improvised devices"),
    Consideration("restraint", 6, "The degree of restraint and the ability to resist despite it"),
    Consideration(
        "other_options",
        7,
        "The availability of other reasonable and feasible options (Minn. Stat. 626.8452)",
    ),
    Consideration(
        "need_for_intervention",
        8,
        "The immediate need for intervention versus the time and distance for de-escalation",
        ("The seriousness of the suspected offense or reason for contact",),
    ),
    Consideration("officer_training", 9, "The training and experience of the officer"),
    Consideration("resisting", 10, "Resisting, evading by flight, or attacking"),
    Consideration("escape", 11, "The risk and foreseeable consequences of escape"),
    Consideration(
        "no_longer_threat",
        12,
        "Whether the individual no longer appears to pose an imminent threat",
    ),
    Consideration("prior_contacts", 13, "Prior contacts or awareness of a propensity for violence"),
    Consideration("exigent", 14, "Any other exigent circumstances"),
)


@dataclass(frozen=True, slots=True)
class ForceUsed:
    """One kind of force used; ``restricted``: on the department's list of the restraints of
    Minn. Stat. 609.06, subd. 3 (a choke hold and others), allowed only where deadly force is."""

    id: str
    label: str
    restricted: bool


@dataclass(frozen=True, slots=True)
class ForceFacts:
    school_rules_only: bool  # the force was used solely to enforce school rules
    force: tuple[ForceUsed, ...]
    deescalation: frozenset[str]  # ids of DEESCALATION
    deescalation_other: str
    deadly_force_justification: str  # why deadly force was authorized (Minn. Stat. 609.066)
    condition_assessed: bool | None
    aid_by: str  # who assessed the student's condition and rendered aid
    prone_start: datetime | None
    prone_end: datetime | None
    restored_at: datetime | None  # the student restored to a non-prone position
    injury: Injury | None
    education_plan_known: bool | None
    education_plan_considered: bool | None


@dataclass(frozen=True, slots=True)
class Reason:
    """One missing answer or one flag: the field it is about, what to do, and why."""

    code: str
    field: str
    message: str
    citation: str


@dataclass(frozen=True, slots=True)
class ForceFinding:
    flags: tuple[Reason, ...]  # for the supervisor's review; they do not block submission
    missing: tuple[Reason, ...]  # must be answered before the record is submitted
    prone: bool
    prone_minutes: int | None  # whole minutes, rounded up
    prone_over_threshold: bool
    needs_supervisor_review: bool
    state_report: bool  # reported to the BCA (Minn. Stat. 626.5534)
    rules_version: str = RULES_VERSION

    @property
    def ready(self) -> bool:
        return not self.missing


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is None else moment.astimezone(UTC)


def _elapsed(start: datetime, end: datetime) -> timedelta:
    """Real time from ``start`` to ``end``, in UTC when they carry a time zone."""
    return _utc(end) - _utc(start)


def _ceil(span: timedelta, unit: timedelta) -> int:
    return -(-span // unit)


def _prone_missing(facts: ForceFacts) -> list[Reason]:
    times = {
        "prone_start": (facts.prone_start, "Give the time the student was placed face down."),
        "prone_end": (facts.prone_end, "Give the time the prone restraint ended."),
        "restored_at": (
            facts.restored_at,
            "Give the time the student was restored to a non-prone position.",
        ),
    }
    if all(moment is None for moment, _ in times.values()):
        return []
    out = [
        Reason(field, field, message, PRONE)
        for field, (moment, message) in times.items()
        if moment is None
    ]
    start = facts.prone_start
    if (
        start is not None
        and facts.prone_end is not None
        and _elapsed(start, facts.prone_end) < timedelta(0)
    ):
        out.append(
            Reason(
                "prone_end_before_start",
                "prone_end",
                "The prone restraint cannot end before it began.",
                PRONE,
            )
        )
    if (
        start is not None
        and facts.restored_at is not None
        and _elapsed(start, facts.restored_at) < timedelta(0)
    ):
        out.append(
            Reason(
                "restored_before_start",
                "restored_at",
                "The student cannot be restored to a non-prone position before being placed "
                "face down.",
                PRONE,
            )
        )
    return out


def _missing(facts: ForceFacts) -> list[Reason]:
    out: list[Reason] = []
    if not facts.force:
        out.append(Reason("force", "force", "Name the force used.", FORCE_RECORD))
    if facts.injury is None:
        out.append(
            Reason(
                "injury",
                "injury",
                "Say whether anyone was injured: none, minor, serious, or death.",
                BCA,
            )
        )
    if facts.condition_assessed is None:
        out.append(
            Reason(
                "condition_assessed",
                "condition_assessed",
                "Say whether the student's condition was assessed after the force.",
                AID,
            )
        )
    elif facts.condition_assessed and not facts.aid_by.strip():
        out.append(
            Reason("aid_by", "aid_by", "Name who assessed the student and rendered aid.", AID)
        )
    out.extend(_prone_missing(facts))
    if facts.education_plan_known and facts.education_plan_considered is None:
        out.append(
            Reason(
                "education_plan_considered",
                "education_plan_considered",
                "Say whether the student's education plan or accommodations were considered.",
                MODEL_IV_E_3,
            )
        )
    return out


def _flags(facts: ForceFacts, minutes: int | None, over: bool) -> list[Reason]:
    flags: list[Reason] = []
    if facts.school_rules_only:
        flags.append(
            Reason(
                "school_rules",
                "school_rules_only",
                "Force was used solely to enforce school rules.",
                SUBD_2C,
            )
        )
    if not facts.deadly_force_justification.strip():
        flags.extend(
            Reason(
                "restricted_without_justification",
                "deadly_force_justification",
                f"{f.label} is allowed only where deadly force is authorized, and no "
                "justification for deadly force is given.",
                RESTRICTED,
            )
            for f in facts.force
            if f.restricted
        )
    if not facts.deescalation and not facts.deescalation_other.strip():
        flags.append(
            Reason(
                "no_deescalation",
                "deescalation",
                "No de-escalation strategy is recorded.",
                NO_DEESCALATION,
            )
        )
    if not facts.condition_assessed:
        flags.append(
            Reason(
                "no_aid_assessment",
                "condition_assessed",
                "The student's condition is not recorded as assessed after the force.",
                AID,
            )
        )
    if _is_prone(facts):
        flags.append(
            Reason(
                "prone_restraint",
                "prone_start",
                "The student was placed in a prone (face-down) restraint.",
                PRONE,
            )
        )
    if over:
        flags.append(
            Reason(
                "prone_long",
                "prone_end",
                f"The prone restraint lasted {minutes} minutes, over the department's threshold.",
                PRONE_LONG,
            )
        )
    return flags


def _is_prone(facts: ForceFacts) -> bool:
    """Any of the prone times recorded makes the record one of a prone restraint."""
    return any(m is not None for m in (facts.prone_start, facts.prone_end, facts.restored_at))


def _prone_minutes(facts: ForceFacts) -> int | None:
    if facts.prone_start is None or facts.prone_end is None:
        return None
    span = _elapsed(facts.prone_start, facts.prone_end)
    return None if span < timedelta(0) else _ceil(span, _MINUTE)


def judge_force(facts: ForceFacts, *, prone_threshold_minutes: int) -> ForceFinding:
    """Everything the record still lacks, the flags for the supervisor, and the reports due.

    A prone restraint of more than ``prone_threshold_minutes`` whole minutes (rounded up, so one
    second over is over) is highlighted; exactly the threshold is not."""
    if prone_threshold_minutes < 0:
        raise ValueError("The prone threshold cannot be negative.")
    unknown = facts.deescalation - TECHNIQUE_IDS
    if unknown:
        raise ValueError(f"Unknown de-escalation strategies: {sorted(unknown)}.")
    minutes = _prone_minutes(facts)
    over = minutes is not None and minutes > prone_threshold_minutes
    flags = _flags(facts, minutes, over)
    prone = _is_prone(facts)
    return ForceFinding(
        flags=tuple(flags),
        missing=tuple(_missing(facts)),
        prone=prone,
        prone_minutes=minutes,
        prone_over_threshold=over,
        needs_supervisor_review=prone or bool(flags),
        state_report=facts.injury in STATE_REPORT_INJURIES,
    )


# --- Duty to intercede and report (Minn. Stat. 626.8475) ---------------------------------------


@dataclass(frozen=True, slots=True)
class IntercedeStatus:
    """Whether the written report of force observed was made within 24 hours."""

    observed_at: datetime
    due_at: datetime
    reported_at: datetime | None
    status: IntercedeState
    hours_left: int | None  # "due": whole hours left, rounded down (under an hour left is 0)
    hours_late: int | None  # "late" or "missing": hours after the deadline, rounded up
    citation: str = INTERCEDE


# The name the brief used; the statute's word is "intercede".
InterceptStatus = IntercedeStatus


def intercede_due_at(observed_at: datetime) -> datetime:
    """24 real hours after the force was observed, in the time zone it was recorded in."""
    if observed_at.tzinfo is None:
        return observed_at + INTERCEDE_HOURS * _HOUR
    return (_utc(observed_at) + INTERCEDE_HOURS * _HOUR).astimezone(observed_at.tzinfo)


def intercede_status(
    observed_at: datetime, reported_at: datetime | None, *, now: datetime
) -> IntercedeStatus:
    """A report made at the 24th hour is on time; one made after it is late."""
    due_at = intercede_due_at(observed_at)
    status: IntercedeState
    left = late = None
    if reported_at is not None:
        overdue = _elapsed(due_at, reported_at)
        status = "late" if overdue > timedelta(0) else "on_time"
        if status == "late":
            late = _ceil(overdue, _HOUR)
    else:
        remaining = _elapsed(now, due_at)
        if remaining >= timedelta(0):
            status, left = "due", remaining // _HOUR
        else:
            status, late = "missing", _ceil(-remaining, _HOUR)
    return IntercedeStatus(observed_at, due_at, reported_at, status, left, late)


# --- Monthly report to the BCA (Minn. Stat. 626.5534) -------------------------------------------


@dataclass(frozen=True, slots=True)
class BcaMonth:
    month: date  # the first day of the month reported on
    due_on: date
    status: BcaState
    remind: bool
    sent_on: date | None = None  # the day the report went to the BCA, once it did
    days_late: int = 0  # days after the due date it was sent, or has been missing
    citation: str = BCA


def bca_due_on(month: date, due_day: int) -> date:
    """``due_day`` of the month after ``month``, or that month's last day when it is shorter."""
    following = add_months(month.replace(day=1), 1)
    last = calendar.monthrange(following.year, following.month)[1]
    return following.replace(day=min(due_day, last))


def bca_months(
    first_month: date,
    *,
    today: date,
    sent: Mapping[date, date],
    due_day: int,
    remind_days_before: int,
) -> tuple[BcaMonth, ...]:
    """Each month from ``first_month`` through the month before ``today``'s, with its report's
    status. ``sent`` gives, for each month reported, the day its report went to the BCA. A month
    is reported even when nothing happened in it (a zero report), so a zero report is in
    ``sent`` like any other. Any day of a month stands for the month.

    A report sent on or before its due date is ``submitted``; one sent after it is ``late``
    (sending it does not undo that it was late, so a month filed months afterwards never reads
    as on time); an unsent report is ``due`` until its due date and ``missing`` after."""
    if not 1 <= due_day <= 31:
        raise ValueError("The due day must be a day of the month, 1 to 31.")
    if remind_days_before < 0:
        raise ValueError("The reminder lead time cannot be negative.")
    sent_on = {m.replace(day=1): day for m, day in sent.items()}
    current = today.replace(day=1)
    month = first_month.replace(day=1)
    out: list[BcaMonth] = []
    while month < current:
        due_on = bca_due_on(month, due_day)
        day = sent_on.get(month)
        status: BcaState
        if day is not None:
            status = "late" if day > due_on else "submitted"
            late = max((day - due_on).days, 0)
        else:
            status = "missing" if today > due_on else "due"
            late = max((today - due_on).days, 0)
        remind = status == "due" and today >= due_on - timedelta(days=remind_days_before)
        out.append(BcaMonth(month, due_on, status, remind, day, late))
        month = add_months(month, 1)
    return tuple(out)


# --- Early intervention (department practice, not law) ------------------------------------------


@dataclass(frozen=True, slots=True)
class ForceEvent:
    officer_id: str
    day: date
    kind: EventKind


@dataclass(frozen=True, slots=True)
class Alert:
    officer_id: str
    window_start: date
    window_end: date
    reports: int  # force reports in the window, prone restraints included
    prone: int
    complaints: int
    reasons: tuple[str, ...]
    citation: str = EARLY_INTERVENTION


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def early_intervention(
    events: Sequence[ForceEvent],
    *,
    as_of: date,
    window_days: int = DEFAULT_WINDOW_DAYS,
    report_threshold: int = DEFAULT_REPORT_THRESHOLD,
) -> tuple[Alert, ...]:
    """One alert per officer, by officer id, whose events in the ``window_days`` days ending on
    ``as_of`` (both ends included) reach ``report_threshold`` force reports, or include both a
    prone restraint and a complaint. Events after ``as_of`` are not counted."""
    if window_days < 1:
        raise ValueError("The window must be at least one day.")
    if report_threshold < 1:
        raise ValueError("The report threshold must be at least one.")
    start = as_of - timedelta(days=window_days - 1)
    by_officer: dict[str, list[ForceEvent]] = {}
    for event in events:
        if start <= event.day <= as_of:
            by_officer.setdefault(event.officer_id, []).append(event)
    span = _count(window_days, "day")
    alerts: list[Alert] = []
    for officer_id in sorted(by_officer):
        kinds = [e.kind for e in by_officer[officer_id]]
        reports = sum(k in REPORT_KINDS for k in kinds)
        prone, complaints = kinds.count("prone"), kinds.count("complaint")
        reasons: list[str] = []
        if reports >= report_threshold:
            reasons.append(f"{_count(reports, 'force report')} in {span}")
        if prone and complaints:
            reasons.append(f"a prone restraint and a complaint in {span}")
        if reasons:
            alerts.append(
                Alert(officer_id, start, as_of, reports, prone, complaints, tuple(reasons))
            )
    return tuple(alerts)
