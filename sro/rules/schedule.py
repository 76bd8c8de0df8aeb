"""Where an SRO is expected each day, which schools are covered, and student contact days.

Policy 436.4.1: an SRO's schedule follows the school district's calendar during the school year;
when school is not in session the Patrol Sergeant or Administrative Sergeant gives the day's
assignment; in summer the scheduling supervisor may assign other duties and shifts; an SRO may be
pulled to patrol at any time.

Minn. Stat. 626.8482, subd. 3, and model policy G.4: a substitute serving fewer than 60 student
contact days in a school year is exempt from the training requirement. A student contact day is
a date on which students attend one of the officer's schools under its calendar and the officer
serves there; dates at several schools add up over the school year, and a date counts once even
when the officer served two schools on it.

Pure: no Django, no database, no clock. The caller passes each date and every fact.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from typing import Literal

from sro.rules.dates import school_year_of

SCHEDULE_CITATION = "Policy 436.4.1"
CONTACT_DAY_CITATION = "Minn. Stat. 626.8482, subd. 3; Model policy G.4"
TRAINING_CITATION = "Minn. Stat. 626.8482, subd. 3"

# Calendar kinds on which students attend (the same names as the calendar importer's).
STUDENTS_ATTEND = frozenset({"instructional", "late_start", "early_release"})
SATURDAY = 5

Status = Literal[
    "school",  # at one or more schools in session
    "no_calendar",  # assigned, a weekday, but the district's calendar has no entry for it
    "awaiting_assignment",  # school not in session on a weekday: a sergeant assigns the day
    "summer",  # summer: the scheduling supervisor assigns duties and shifts
    "duty",  # a duty a sergeant assigned (patrol shift, training, other)
    "patrol",  # pulled to patrol for the whole day
    "absent",  # leave or a training day
    "off",  # a weekend day with nothing assigned
    "not_assigned",  # no SRO assignment on this date
    "may_not_serve",  # the schedule puts them at a school, the training rule says they may not
]


@dataclass(frozen=True, slots=True)
class Post:
    """An assignment to a school (as SRO or substitute) from `start` to `end` inclusive."""

    school_id: str
    lea_id: str
    role: str
    start: date
    end: date | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Absence:
    first: date
    last: date
    kind: str  # "leave" or "training"
    label: str = ""


@dataclass(frozen=True, slots=True)
class Duty:
    """A duty a sergeant assigned for a non-school day or a summer period."""

    first: date
    last: date
    kind: str  # "patrol_shift", "training" or "other"
    label: str = ""


@dataclass(frozen=True, slots=True)
class Pull:
    """Pulled to patrol on `day`, from `start` to `end`; no times means the whole day."""

    day: date
    start: time | None = None
    end: time | None = None

    @property
    def whole_day(self) -> bool:
        return self.start is None or self.end is None


@dataclass(frozen=True, slots=True)
class OfficerWeek:
    """Everything about one officer that the schedule depends on."""

    posts: tuple[Post, ...] = ()
    absences: tuple[Absence, ...] = ()
    duties: tuple[Duty, ...] = ()
    pulls: tuple[Pull, ...] = ()


# lea id -> date -> calendar kind
Calendars = Mapping[str, Mapping[date, str]]


@dataclass(frozen=True, slots=True)
class DayPlan:
    day: date
    status: Status
    explanation: str
    schools: tuple[str, ...] = ()  # the schools where the officer is expected
    day_kind: str | None = None  # the calendar's kind of day at the officer's schools
    absence: Absence | None = None
    duty: Duty | None = None
    pulls: tuple[Pull, ...] = ()
    contact_day: bool = False
    citation: str = SCHEDULE_CITATION
    barred_from: tuple[str, ...] = ()  # schools the schedule expects them at, may not serve

    @property
    def needs_assignment(self) -> bool:
        return self.status in {"awaiting_assignment", "summer"}


AT_SCHOOL: frozenset[Status] = frozenset({"school", "no_calendar"})


def serving(
    plan: DayPlan, *, may_serve: bool, why: str = "", citation: str = TRAINING_CITATION
) -> DayPlan:
    """The day as the law lets it stand: an officer whom the training rule does not allow to
    serve on the day (Minn. Stat. 626.8482, subd. 3) is not on duty at the schools the schedule
    expects them at; those schools are named in `barred_from`, and `why` says why.

    The day still counts as a student contact day when the schedule made it one: the count
    comes from the schedule (the conservative reading: a substitute reaches the limit no later
    than in fact), and the verdict that bars the officer is itself decided from that count.
    """
    if may_serve or plan.status not in AT_SCHOOL:
        return plan
    return replace(
        plan,
        status="may_not_serve",
        explanation=(
            f"Scheduled at school, but may not serve under the training rule. {why}"
        ).strip(),
        schools=(),
        barred_from=plan.schools,
        citation=citation,
    )


def plan_day(
    officer: OfficerWeek, day: date, calendars: Calendars, *, count_unknown: bool = True
) -> DayPlan:
    """Where the officer is expected on `day`, and why.

    `count_unknown`: a weekday at a school whose calendar has no entry counts as a student
    contact day (the conservative default: a substitute reaches the limit no later than in fact).
    """
    posts = [p for p in officer.posts if p.covers(day)]
    absence = next((a for a in officer.absences if a.first <= day <= a.last), None)
    duty = next((d for d in officer.duties if d.first <= day <= d.last), None)
    pulls = tuple(p for p in officer.pulls if p.day == day)
    if absence is not None:
        return DayPlan(day, "absent", f"Absent: {absence.label or absence.kind}.", absence=absence)
    if duty is not None:
        return DayPlan(day, "duty", f"Assigned duty: {duty.label or duty.kind}.", duty=duty)
    if not posts:
        return DayPlan(day, "not_assigned", "No SRO assignment on this date.")
    kinds = {p.school_id: calendars.get(p.lea_id, {}).get(day) for p in posts}
    attending = tuple(s for s, k in kinds.items() if k in STUDENTS_ATTEND)
    weekday = day.weekday() < SATURDAY
    unknown = tuple(s for s, k in kinds.items() if k is None) if weekday else ()
    if any(p.whole_day for p in pulls):
        return DayPlan(day, "patrol", "Pulled to patrol for the whole day.", pulls=pulls)
    if attending:
        kind = next(k for k in kinds.values() if k in STUDENTS_ATTEND)
        note = " Part of the day on patrol." if pulls else ""
        return DayPlan(
            day,
            "school",
            f"School is in session ({kind.replace('_', ' ')}).{note}",
            schools=attending,
            day_kind=kind,
            pulls=pulls,
            contact_day=True,
            citation=CONTACT_DAY_CITATION,
        )
    if unknown:
        counted = " It is counted as a student contact day." if count_unknown else ""
        return DayPlan(
            day,
            "no_calendar",
            f"The school calendar has no entry for this weekday.{counted}",
            schools=unknown,
            pulls=pulls,
            contact_day=count_unknown,
        )
    out = next((k for k in kinds.values() if k is not None), None)
    if not weekday:
        return DayPlan(day, "off", "Weekend.", day_kind=out)
    if out == "summer":
        return DayPlan(
            day,
            "summer",
            "Summer: the scheduling supervisor assigns duties and shifts.",
            day_kind=out,
        )
    return DayPlan(
        day,
        "awaiting_assignment",
        "School is not in session: the Patrol Sergeant or Administrative Sergeant assigns "
        "the day's duty.",
        day_kind=out,
    )


def days_between(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def plan_range(
    officer: OfficerWeek,
    first: date,
    last: date,
    calendars: Calendars,
    *,
    count_unknown: bool = True,
) -> list[DayPlan]:
    return [
        plan_day(officer, day, calendars, count_unknown=count_unknown)
        for day in days_between(first, last)
    ]


def contact_days(plans: Iterable[DayPlan]) -> dict[str, int]:
    """Student contact days per school year label for one officer's plans.

    A date given twice still counts once: a contact day is a day, however many schools.
    """
    counts: dict[str, int] = {}
    for day in sorted({plan.day for plan in plans if plan.contact_day}):
        year = school_year_of(day)
        counts[year] = counts.get(year, 0) + 1
    return counts


# --- Coverage of a school on one day ---------------------------------------------------------

CoverageStatus = Literal["covered", "partial", "gap", "not_in_session"]


@dataclass(frozen=True, slots=True)
class OfficerAtSchool:
    officer_id: str
    plan: DayPlan


@dataclass(frozen=True, slots=True)
class Coverage:
    status: CoverageStatus
    reason: str  # "", "vacancy", "absence", "patrol_pull" or "duty"
    explanation: str
    present: tuple[str, ...] = ()  # officers serving the school
    away: tuple[str, ...] = ()  # officers posted there but absent, pulled or on other duty
    gaps: tuple[tuple[time, time], ...] = ()  # hours without an SRO on a partial day
    changed: bool = False  # any officer posted there was pulled or absent


def school_coverage(
    school_id: str, day_kind: str | None, officers: Sequence[OfficerAtSchool], *, weekday: bool
) -> Coverage:
    """Whether a school in session has an SRO on a day, and if not, why.

    `officers` are those with a post at the school on the day, with their day plans.
    """
    if day_kind not in STUDENTS_ATTEND and not (day_kind is None and weekday):
        return Coverage("not_in_session", "", "School is not in session.")
    present = tuple(o.officer_id for o in officers if school_id in o.plan.schools)
    away = tuple(o.officer_id for o in officers if school_id not in o.plan.schools)
    changed = bool(away) or any(o.plan.pulls for o in officers)
    if not officers:
        return Coverage("gap", "vacancy", "No SRO is assigned to this school.")
    if not present:
        reason = _away_reason([o.plan for o in officers])
        return Coverage(
            "gap",
            reason,
            _gap_explanation(reason, [o.plan for o in officers]),
            away=away,
            changed=True,
        )
    unpulled = [o for o in officers if school_id in o.plan.schools and not o.plan.pulls]
    if unpulled:
        return Coverage(
            "covered", "", "An SRO is on duty.", present=present, away=away, changed=changed
        )
    windows = [
        [(p.start, p.end) for p in o.plan.pulls if p.start is not None and p.end is not None]
        for o in officers
        if school_id in o.plan.schools
    ]
    gaps = _intersect_all(windows)
    if not gaps:
        return Coverage(
            "covered", "", "An SRO is on duty.", present=present, away=away, changed=True
        )
    hours = ", ".join(f"{a:%H:%M}\u2013{b:%H:%M}" for a, b in gaps)
    return Coverage(
        "partial",
        "patrol_pull",
        f"No SRO on duty {hours} (patrol pull).",
        present=present,
        away=away,
        gaps=tuple(gaps),
        changed=True,
    )


AWAY_REASONS = (
    ("patrol", "patrol_pull"),
    ("absent", "absence"),
    ("duty", "duty"),
    ("may_not_serve", "training"),
)


def _gap_explanation(reason: str, plans: Sequence[DayPlan]) -> str:
    if reason != "training":
        return f"No SRO on duty here ({reason.replace('_', ' ')})."
    citations = dict.fromkeys(p.citation for p in plans if p.status == "may_not_serve")
    return (
        "No SRO on duty here: the SRO posted here may not serve under the training rule "
        f"({'; '.join(citations)})."
    )


def _away_reason(plans: Sequence[DayPlan]) -> str:
    """Why the posted officers are not at the school; a patrol pull is named first."""
    statuses = {p.status for p in plans}
    return next((reason for status, reason in AWAY_REASONS if status in statuses), "vacancy")


def _intersect_all(windows: Sequence[Sequence[tuple[time, time]]]) -> list[tuple[time, time]]:
    """The hours in every officer's list of pulled hours (when all are away at once)."""
    merged = [_merge(w) for w in windows]
    result = merged[0]
    for other in merged[1:]:
        result = [
            (max(a0, b0), min(a1, b1))
            for a0, a1 in result
            for b0, b1 in other
            if max(a0, b0) < min(a1, b1)
        ]
    return result


def _merge(windows: Sequence[tuple[time, time]]) -> list[tuple[time, time]]:
    """One officer's pulled hours with overlapping or touching windows joined."""
    merged: list[tuple[time, time]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
