"""Policy 436.4.1 and the student contact day of Minn. Stat. 626.8482, subd. 3, as sentences.

An SRO's day follows the district calendar of the officer's schools: a day on which students
attend is a school day and a student contact day; on a weekday without school a sergeant assigns
the day; in summer the scheduling supervisor assigns duties; patrol may pull the officer at any
time. Contact days are counted once a date, per school year (a new one starts on July 1).

The dates are in the 2026-27 school year: 2026-11-28 is a Saturday, 2026-11-30 a Monday.
"""

from datetime import date, time
from typing import Any

import pytest

from sro.rules.schedule import (
    CONTACT_DAY_CITATION,
    SCHEDULE_CITATION,
    Absence,
    Calendars,
    DayPlan,
    Duty,
    OfficerAtSchool,
    OfficerWeek,
    Post,
    Pull,
    contact_days,
    days_between,
    plan_day,
    plan_range,
    school_coverage,
    serving,
)

from .builders import d

# --- The district calendars ----------------------------------------------------------------------

# Central and Eastview are in ISD 625, North in ISD 709; Westside's district has sent no calendar.
SCHOOL_LEA = {"central": "isd625", "eastview": "isd625", "north": "isd709", "westside": "isd999"}

CALENDARS: Calendars = {
    "isd625": {
        d("2026-06-30"): "instructional",  # Tuesday, the last day of 2025-26
        d("2026-07-06"): "summer",  # Monday
        d("2026-11-27"): "break",  # Friday after Thanksgiving
        d("2026-11-28"): "no_school",  # Saturday
        d("2026-11-30"): "instructional",  # Monday
        d("2026-12-01"): "late_start",  # Tuesday
        d("2026-12-02"): "early_release",  # Wednesday
        d("2026-12-03"): "no_school",  # Thursday
        # Friday 2026-12-04: no entry
        d("2026-12-23"): "break",  # Wednesday
    },
    "isd709": {
        d("2026-11-30"): "instructional",  # Monday
        d("2026-12-01"): "instructional",  # Tuesday
        d("2026-12-02"): "no_school",  # Wednesday
        d("2026-12-03"): "instructional",  # Thursday
        d("2026-12-04"): "no_school",  # Friday
        d("2026-12-05"): "instructional",  # Saturday school
    },
}


def test_the_dates_fall_on_the_weekdays_the_sentences_name() -> None:
    assert [d(day).strftime("%a") for day in ("2026-11-28", "2026-11-29", "2026-11-30")] == [
        "Sat",
        "Sun",
        "Mon",
    ]
    assert [d(day).strftime("%a") for day in ("2026-12-04", "2026-12-05", "2026-12-23")] == [
        "Fri",
        "Sat",
        "Wed",
    ]
    assert d("2026-07-06").strftime("%a") == "Mon"


# --- Builders ---------------------------------------------------------------------------------

Fact = Post | Absence | Duty | Pull


def post(school: str = "central", start: str = "2026-06-01", end: str | None = None) -> Post:
    """A post as SRO at a school from `start` to `end` inclusive (open-ended by default)."""
    return Post(school, SCHOOL_LEA[school], "sro", d(start), None if end is None else d(end))


def leave(first: str, last: str | None = None, label: str = "") -> Absence:
    return Absence(d(first), d(last or first), "leave", label)


def training_day(on: str, label: str = "") -> Absence:
    return Absence(d(on), d(on), "training", label)


def duty(first: str, last: str | None = None, kind: str = "patrol_shift", label: str = "") -> Duty:
    return Duty(d(first), d(last or first), kind, label)


def _time(text: str | None) -> time | None:
    return None if text is None else time.fromisoformat(text)


def pull(on: str, start: str | None = None, end: str | None = None) -> Pull:
    """Pulled to patrol on `on`; no times: the whole day."""
    return Pull(d(on), _time(start), _time(end))


def week(*facts: Fact) -> OfficerWeek:
    """One officer's facts from a mix of posts, absences, duties and pulls."""
    return OfficerWeek(
        posts=tuple(f for f in facts if isinstance(f, Post)),
        absences=tuple(f for f in facts if isinstance(f, Absence)),
        duties=tuple(f for f in facts if isinstance(f, Duty)),
        pulls=tuple(f for f in facts if isinstance(f, Pull)),
    )


def hours(start: str, end: str) -> tuple[time, time]:
    return time.fromisoformat(start), time.fromisoformat(end)


# --- One officer's day -------------------------------------------------------------------------


def day_case(
    sentence: str, officer: OfficerWeek, on: str, *, count_unknown: bool = True, **expected: Any
) -> Any:
    return pytest.param(officer, on, count_unknown, expected, id=sentence)


CENTRAL = week(post("central"))
CENTRAL_AND_NORTH = week(post("central"), post("north"))

DAY_SCENARIOS = [
    # --- The officer's school is in session: a school day and a student contact day ---
    day_case(
        "an instructional day at the officer's school is a school day and a contact day",
        CENTRAL,
        "2026-11-30",
        status="school",
        schools=("central",),
        day_kind="instructional",
        contact_day=True,
        needs_assignment=False,
        citation=CONTACT_DAY_CITATION,
        explanation="School is in session (instructional).",
    ),
    day_case(
        "a late start is a school day and a contact day",
        CENTRAL,
        "2026-12-01",
        status="school",
        day_kind="late_start",
        contact_day=True,
        explanation="School is in session (late start).",
    ),
    day_case(
        "an early release is a school day and a contact day",
        CENTRAL,
        "2026-12-02",
        status="school",
        day_kind="early_release",
        contact_day=True,
        explanation="School is in session (early release).",
    ),
    day_case(
        "a Saturday on which students attend is a school day and a contact day",
        week(post("north")),
        "2026-12-05",
        status="school",
        schools=("north",),
        day_kind="instructional",
        contact_day=True,
    ),
    # --- School not in session: a sergeant assigns the day; summer; weekends ---
    day_case(
        "a no-school weekday awaits a sergeant's assignment and is no contact day",
        CENTRAL,
        "2026-12-03",
        status="awaiting_assignment",
        needs_assignment=True,
        day_kind="no_school",
        schools=(),
        contact_day=False,
        citation=SCHEDULE_CITATION,
        explanation="School is not in session: the Patrol Sergeant or Administrative Sergeant "
        "assigns the day's duty.",
    ),
    day_case(
        "a weekday of a break awaits a sergeant's assignment",
        CENTRAL,
        "2026-12-23",
        status="awaiting_assignment",
        needs_assignment=True,
        day_kind="break",
        contact_day=False,
    ),
    day_case(
        "a summer weekday is for the scheduling supervisor to assign",
        CENTRAL,
        "2026-07-06",
        status="summer",
        needs_assignment=True,
        day_kind="summer",
        contact_day=False,
        explanation="Summer: the scheduling supervisor assigns duties and shifts.",
    ),
    day_case(
        "a Saturday marked no school is a day off",
        CENTRAL,
        "2026-11-28",
        status="off",
        needs_assignment=False,
        day_kind="no_school",
        contact_day=False,
        explanation="Weekend.",
    ),
    day_case(
        "a Sunday with no calendar entry is a day off, not a missing calendar",
        CENTRAL,
        "2026-11-29",
        status="off",
        day_kind=None,
        contact_day=False,
    ),
    # --- Absence beats everything ---
    day_case(
        "leave on a school day makes the officer absent and is no contact day",
        week(post("central"), leave("2026-11-30", label="Vacation")),
        "2026-11-30",
        status="absent",
        absence=leave("2026-11-30", label="Vacation"),
        schools=(),
        contact_day=False,
        explanation="Absent: Vacation.",
    ),
    day_case(
        "an absence without a label is explained by its kind",
        week(post("central"), training_day("2026-12-01")),
        "2026-12-01",
        status="absent",
        explanation="Absent: training.",
    ),
    day_case(
        "an absence beats a duty and a whole-day pull on the same day",
        week(
            post("central"),
            leave("2026-11-27", "2026-12-02", label="Medical leave"),
            duty("2026-12-01"),
            pull("2026-12-01"),
        ),
        "2026-12-01",
        status="absent",
        duty=None,
        pulls=(),
        contact_day=False,
    ),
    day_case(
        "a training day on a Saturday makes the officer absent, not off",
        week(post("central"), training_day("2026-11-28", label="Crisis intervention")),
        "2026-11-28",
        status="absent",
        explanation="Absent: Crisis intervention.",
    ),
    day_case(
        "the day after a leave ends is a school day again",
        week(post("central"), leave("2026-11-23", "2026-11-30")),
        "2026-12-01",
        status="school",
        contact_day=True,
    ),
    # --- A sergeant's duty beats school ---
    day_case(
        "a duty a sergeant assigned beats school and is no contact day",
        week(post("central"), duty("2026-11-30", label="Night patrol shift")),
        "2026-11-30",
        status="duty",
        duty=duty("2026-11-30", label="Night patrol shift"),
        schools=(),
        contact_day=False,
        needs_assignment=False,
        explanation="Assigned duty: Night patrol shift.",
    ),
    day_case(
        "a duty on a no-school weekday fills the day that awaited assignment",
        week(post("central"), duty("2026-12-03", kind="training")),
        "2026-12-03",
        status="duty",
        needs_assignment=False,
        explanation="Assigned duty: training.",
    ),
    day_case(
        "a duty beats a whole-day pull on the same day",
        week(post("central"), duty("2026-12-02", kind="other"), pull("2026-12-02")),
        "2026-12-02",
        status="duty",
        pulls=(),
    ),
    # --- Patrol pulls ---
    day_case(
        "a whole-day pull on a school day is patrol and no contact day",
        week(post("central"), pull("2026-11-30")),
        "2026-11-30",
        status="patrol",
        pulls=(pull("2026-11-30"),),
        schools=(),
        contact_day=False,
        explanation="Pulled to patrol for the whole day.",
    ),
    day_case(
        "a whole-day pull on a no-school weekday is patrol",
        week(post("central"), pull("2026-12-03")),
        "2026-12-03",
        status="patrol",
        needs_assignment=False,
    ),
    day_case(
        "a pull with a start time but no end time is for the whole day",
        week(post("central"), pull("2026-11-30", start="10:00")),
        "2026-11-30",
        status="patrol",
        contact_day=False,
    ),
    day_case(
        "a partial pull keeps the school day, lists the pull and is still a contact day",
        week(post("central"), pull("2026-11-30", "09:00", "11:00")),
        "2026-11-30",
        status="school",
        schools=("central",),
        pulls=(pull("2026-11-30", "09:00", "11:00"),),
        contact_day=True,
        explanation="School is in session (instructional). Part of the day on patrol.",
    ),
    day_case(
        "a whole-day pull beats a partial pull on the same day",
        week(post("central"), pull("2026-11-30", "09:00", "11:00"), pull("2026-11-30")),
        "2026-11-30",
        status="patrol",
        pulls=(pull("2026-11-30", "09:00", "11:00"), pull("2026-11-30")),
    ),
    day_case(
        "a pull on another day does not touch this one",
        week(post("central"), pull("2026-12-01")),
        "2026-11-30",
        status="school",
        pulls=(),
        contact_day=True,
    ),
    # --- No calendar entry on a weekday ---
    day_case(
        "a weekday with no calendar entry is flagged and counted as a contact day by default",
        CENTRAL,
        "2026-12-04",
        status="no_calendar",
        schools=("central",),
        day_kind=None,
        contact_day=True,
        needs_assignment=False,
        explanation="The school calendar has no entry for this weekday. It is counted as a "
        "student contact day.",
    ),
    day_case(
        "a weekday with no calendar entry is no contact day when unknown days do not count",
        CENTRAL,
        "2026-12-04",
        count_unknown=False,
        status="no_calendar",
        schools=("central",),
        contact_day=False,
        explanation="The school calendar has no entry for this weekday.",
    ),
    day_case(
        "a partial pull on a weekday with no calendar entry is listed",
        week(post("central"), pull("2026-12-04", "13:00", "14:30")),
        "2026-12-04",
        status="no_calendar",
        pulls=(pull("2026-12-04", "13:00", "14:30"),),
    ),
    day_case(
        "a school whose district sent no calendar at all has no entry on a weekday",
        week(post("westside")),
        "2026-11-30",
        status="no_calendar",
        schools=("westside",),
        contact_day=True,
    ),
    # --- No post ---
    day_case(
        "an officer with no post is not assigned",
        week(),
        "2026-11-30",
        status="not_assigned",
        schools=(),
        contact_day=False,
        needs_assignment=False,
        explanation="No SRO assignment on this date.",
    ),
    day_case(
        "a post that ended the day before is no post",
        week(post("central", "2026-08-31", "2026-11-29")),
        "2026-11-30",
        status="not_assigned",
    ),
    day_case(
        "a post that ends on the day still covers it",
        week(post("central", "2026-08-31", "2026-11-30")),
        "2026-11-30",
        status="school",
    ),
    day_case(
        "a post that starts the day after is no post",
        week(post("central", "2026-12-01")),
        "2026-11-30",
        status="not_assigned",
    ),
    day_case(
        "a post that starts on the day covers it",
        week(post("central", "2026-11-30")),
        "2026-11-30",
        status="school",
        contact_day=True,
    ),
    day_case(
        "a whole-day pull of an officer with no post leaves the officer not assigned",
        week(pull("2026-11-30")),
        "2026-11-30",
        status="not_assigned",
    ),
    # --- Two schools ---
    day_case(
        "posts at two schools in session on one date make one school day at both",
        CENTRAL_AND_NORTH,
        "2026-11-30",
        status="school",
        schools=("central", "north"),
        contact_day=True,
    ),
    day_case(
        "of two schools, only the one in session is where the officer is expected",
        CENTRAL_AND_NORTH,
        "2026-12-03",
        status="school",
        schools=("north",),
        day_kind="instructional",
        contact_day=True,
    ),
    day_case(
        "the kind of day is the one of a school in session, not of the other",
        CENTRAL_AND_NORTH,
        "2026-12-02",
        status="school",
        schools=("central",),
        day_kind="early_release",
    ),
    day_case(
        "a school in session wins over a school with no calendar entry",
        week(post("central"), post("westside")),
        "2026-11-30",
        status="school",
        schools=("central",),
        contact_day=True,
    ),
    day_case(
        "a school with no entry and a school with no school make a day with no calendar",
        CENTRAL_AND_NORTH,
        "2026-12-04",
        status="no_calendar",
        schools=("central",),
        contact_day=True,
    ),
    day_case(
        "a Saturday school at one school and nothing at the other is a school day",
        CENTRAL_AND_NORTH,
        "2026-12-05",
        status="school",
        schools=("north",),
    ),
    day_case(
        "two schools out of session on the same weekday await a sergeant's assignment",
        week(post("central"), post("eastview")),
        "2026-12-03",
        status="awaiting_assignment",
        day_kind="no_school",
    ),
]


@pytest.mark.parametrize(("officer", "on", "count_unknown", "expected"), DAY_SCENARIOS)
def test_plan_day(
    officer: OfficerWeek, on: str, count_unknown: bool, expected: dict[str, Any]
) -> None:
    plan = plan_day(officer, d(on), CALENDARS, count_unknown=count_unknown)
    assert plan.day == d(on)
    assert {key: getattr(plan, key) for key in expected} == expected


def test_the_default_counts_a_weekday_without_a_calendar_entry() -> None:
    assert plan_day(CENTRAL, d("2026-12-04"), CALENDARS).contact_day is True


@pytest.mark.parametrize(
    ("pulled", "whole_day"),
    [
        pytest.param(pull("2026-11-30"), True, id="a pull without times is for the whole day"),
        pytest.param(pull("2026-11-30", start="09:00"), True, id="a pull without an end"),
        pytest.param(pull("2026-11-30", end="11:00"), True, id="a pull without a start"),
        pytest.param(pull("2026-11-30", "09:00", "11:00"), False, id="a pull with both times"),
    ],
)
def test_a_pull_without_both_times_is_for_the_whole_day(pulled: Pull, whole_day: bool) -> None:
    assert pulled.whole_day is whole_day


# --- Ranges of days and student contact days -------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        pytest.param("2026-11-30", "2026-11-30", ["2026-11-30"], id="one day"),
        pytest.param(
            "2027-06-29",
            "2027-07-02",
            ["2027-06-29", "2027-06-30", "2027-07-01", "2027-07-02"],
            id="both ends included, across July 1",
        ),
        pytest.param("2026-12-01", "2026-11-30", [], id="nothing when the last day is first"),
    ],
)
def test_days_between(first: str, last: str, expected: list[str]) -> None:
    assert list(days_between(d(first), d(last))) == [d(day) for day in expected]


def test_plan_range_plans_each_day_once_in_order() -> None:
    plans = plan_range(CENTRAL_AND_NORTH, d("2026-11-28"), d("2026-12-06"), CALENDARS)
    assert [(p.day.isoformat(), p.status) for p in plans] == [
        ("2026-11-28", "off"),
        ("2026-11-29", "off"),
        ("2026-11-30", "school"),
        ("2026-12-01", "school"),
        ("2026-12-02", "school"),
        ("2026-12-03", "school"),
        ("2026-12-04", "no_calendar"),
        ("2026-12-05", "school"),
        ("2026-12-06", "off"),
    ]


@pytest.mark.parametrize(
    ("count_unknown", "expected"),
    [
        pytest.param(True, {"2026-27": 6}, id="a week at two schools counts each date once"),
        pytest.param(
            False, {"2026-27": 5}, id="the weekday without a calendar entry drops out if asked"
        ),
    ],
)
def test_a_week_at_two_schools_counts_each_date_once(
    count_unknown: bool, expected: dict[str, int]
) -> None:
    plans = plan_range(
        CENTRAL_AND_NORTH,
        d("2026-11-28"),
        d("2026-12-06"),
        CALENDARS,
        count_unknown=count_unknown,
    )
    assert contact_days(plans) == expected


def test_pulls_absences_and_duties_take_days_out_of_the_count() -> None:
    officer = week(
        post("central"),
        pull("2026-11-30", "09:00", "10:00"),  # partial: still a contact day
        pull("2026-12-01"),  # whole day: not one
        leave("2026-12-02"),  # absent: not one
        duty("2026-12-04"),  # a sergeant's duty on the day without a calendar: not one
    )
    plans = plan_range(officer, d("2026-11-30"), d("2026-12-04"), CALENDARS)
    assert [p.day.isoformat() for p in plans if p.contact_day] == ["2026-11-30"]
    assert contact_days(plans) == {"2026-27": 1}


def contact(on: str, counted: bool = True) -> DayPlan:
    """A day plan that is, or is not, a student contact day."""
    return DayPlan(d(on), "school" if counted else "off", "", contact_day=counted)


@pytest.mark.parametrize(
    ("plans", "expected"),
    [
        pytest.param([], {}, id="no plans, no school years"),
        pytest.param(
            [contact("2026-11-30"), contact("2026-11-30")],
            {"2026-27": 1},
            id="a date given twice counts once",
        ),
        pytest.param(
            [contact("2026-11-28", counted=False)], {}, id="a year with no contact day is absent"
        ),
        pytest.param(
            [contact("2026-06-30"), contact("2026-07-01")],
            {"2025-26": 1, "2026-27": 1},
            id="June 30 ends one school year and July 1 starts the next",
        ),
        pytest.param(
            [contact("2027-06-30"), contact("2027-07-01"), contact("2027-07-02")],
            {"2026-27": 1, "2027-28": 2},
            id="the count starts again on July 1, 2027",
        ),
        pytest.param(
            [contact("2026-09-08"), contact("2026-11-30"), contact("2027-01-04", counted=False)],
            {"2026-27": 2},
            id="September and November count to the same year; a day that is not one does not",
        ),
        pytest.param(
            [contact("2027-01-04"), contact("2026-08-31")],
            {"2026-27": 2},
            id="dates across January 1 belong to the same school year",
        ),
    ],
)
def test_contact_days_per_school_year(plans: list[DayPlan], expected: dict[str, int]) -> None:
    assert contact_days(plans) == expected


def test_contact_days_across_july_1_from_the_calendar() -> None:
    officer = week(post("central", "2026-06-29"))
    plans = plan_range(officer, d("2026-06-29"), d("2026-07-06"), CALENDARS)
    statuses = {p.day.isoformat(): p.status for p in plans}
    assert statuses["2026-06-30"] == "school"
    assert statuses["2026-07-06"] == "summer"
    # June 29 and the days of July 1-3 have no entry: counted by default, each in its own year.
    assert contact_days(plans) == {"2025-26": 2, "2026-27": 3}
    unknown = plan_range(officer, d("2026-06-29"), d("2026-07-06"), CALENDARS, count_unknown=False)
    assert contact_days(unknown) == {"2025-26": 1}


# --- Coverage of a school on one day -------------------------------------------------------------


def cover_case(
    sentence: str,
    on: str,
    officers: dict[str, OfficerWeek],
    *,
    school: str = "central",
    day_kind: str | None = "calendar",
    **expected: Any,
) -> Any:
    """`officers`: those posted at `school` on `on`, by id; `day_kind`: the school's, by default
    from its calendar."""
    return pytest.param(school, on, officers, day_kind, expected, id=sentence)


A_CENTRAL = week(post("central"))

COVERAGE_SCENARIOS = [
    # --- Not in session ---
    cover_case(
        "a school on a no-school weekday is not in session",
        "2026-12-03",
        {"A": A_CENTRAL},
        status="not_in_session",
        reason="",
        explanation="School is not in session.",
        changed=False,
    ),
    cover_case(
        "a school in summer is not in session",
        "2026-07-06",
        {"A": A_CENTRAL},
        status="not_in_session",
    ),
    cover_case(
        "a school with no calendar entry on a Sunday is not in session",
        "2026-11-29",
        {},
        status="not_in_session",
    ),
    # --- Vacancy ---
    cover_case(
        "a school in session with no officer posted there is a vacancy",
        "2026-11-30",
        {},
        status="gap",
        reason="vacancy",
        explanation="No SRO is assigned to this school.",
        present=(),
        away=(),
        changed=False,
    ),
    cover_case(
        "a school with no calendar entry on a weekday counts as in session: a vacancy",
        "2026-12-04",
        {},
        status="gap",
        reason="vacancy",
    ),
    cover_case(
        "a school holding Saturday classes with no officer is a vacancy",
        "2026-12-05",
        {},
        school="north",
        status="gap",
        reason="vacancy",
    ),
    # --- Gaps: nobody posted there is present ---
    cover_case(
        "the only officer on leave leaves a gap because of absence",
        "2026-11-30",
        {"A": week(post("central"), leave("2026-11-30"))},
        status="gap",
        reason="absence",
        explanation="No SRO on duty here (absence).",
        present=(),
        away=("A",),
        changed=True,
    ),
    cover_case(
        "the only officer pulled for the whole day leaves a gap because of the patrol pull",
        "2026-11-30",
        {"A": week(post("central"), pull("2026-11-30"))},
        status="gap",
        reason="patrol_pull",
        explanation="No SRO on duty here (patrol pull).",
        away=("A",),
        changed=True,
    ),
    cover_case(
        "the only officer on a sergeant's duty leaves a gap because of the duty",
        "2026-11-30",
        {"A": week(post("central"), duty("2026-11-30"))},
        status="gap",
        reason="duty",
        explanation="No SRO on duty here (duty).",
        away=("A",),
        changed=True,
    ),
    cover_case(
        "of two officers away, a patrol pull is named before an absence",
        "2026-11-30",
        {
            "A": week(post("central"), leave("2026-11-30")),
            "B": week(post("central"), pull("2026-11-30")),
        },
        status="gap",
        reason="patrol_pull",
        away=("A", "B"),
    ),
    cover_case(
        "of two officers away, an absence is named before a duty",
        "2026-11-30",
        {
            "A": week(post("central"), duty("2026-11-30")),
            "B": week(post("central"), leave("2026-11-30")),
        },
        status="gap",
        reason="absence",
        away=("A", "B"),
    ),
    cover_case(
        "an officer expected at another school that day leaves a gap named a vacancy",
        "2026-11-30",
        {"A": week(post("central"), post("westside"))},
        school="westside",
        day_kind=None,
        status="gap",
        reason="vacancy",
        explanation="No SRO on duty here (vacancy).",
        present=(),
        away=("A",),
        changed=True,
    ),
    # --- Covered ---
    cover_case(
        "an officer at the school is coverage and nothing changed",
        "2026-11-30",
        {"A": A_CENTRAL},
        status="covered",
        reason="",
        explanation="An SRO is on duty.",
        present=("A",),
        away=(),
        gaps=(),
        changed=False,
    ),
    cover_case(
        "an officer at a school with no calendar entry on a weekday covers it",
        "2026-12-04",
        {"A": A_CENTRAL},
        status="covered",
        present=("A",),
        changed=False,
    ),
    cover_case(
        "one officer present covers for another on leave, and the day changed",
        "2026-11-30",
        {"A": A_CENTRAL, "B": week(post("central"), leave("2026-11-30"))},
        status="covered",
        reason="",
        present=("A",),
        away=("B",),
        changed=True,
    ),
    cover_case(
        "an officer present all day covers for another pulled part of it, and the day changed",
        "2026-11-30",
        {"A": A_CENTRAL, "B": week(post("central"), pull("2026-11-30", "09:00", "11:00"))},
        status="covered",
        present=("A", "B"),
        away=(),
        gaps=(),
        changed=True,
    ),
    cover_case(
        "two officers pulled at different hours cover the school between them",
        "2026-11-30",
        {
            "A": week(post("central"), pull("2026-11-30", "09:00", "10:00")),
            "B": week(post("central"), pull("2026-11-30", "13:00", "14:00")),
        },
        status="covered",
        reason="",
        explanation="An SRO is on duty.",
        present=("A", "B"),
        gaps=(),
        changed=True,
    ),
    cover_case(
        "pulls that meet at 10:00 without overlapping leave no gap",
        "2026-11-30",
        {
            "A": week(post("central"), pull("2026-11-30", "09:00", "10:00")),
            "B": week(post("central"), pull("2026-11-30", "10:00", "11:00")),
        },
        status="covered",
        gaps=(),
        changed=True,
    ),
    # --- Partial: every officer present is pulled for part of the day ---
    cover_case(
        "the only officer pulled for part of the day leaves a gap for those hours",
        "2026-11-30",
        {"A": week(post("central"), pull("2026-11-30", "09:00", "11:00"))},
        status="partial",
        reason="patrol_pull",
        explanation="No SRO on duty 09:00\u201311:00 (patrol pull).",
        present=("A",),
        away=(),
        gaps=(hours("09:00", "11:00"),),
        changed=True,
    ),
    cover_case(
        "two officers pulled at overlapping hours leave a gap where the pulls overlap",
        "2026-11-30",
        {
            "A": week(post("central"), pull("2026-11-30", "09:00", "11:00")),
            "B": week(post("central"), pull("2026-11-30", "10:00", "12:00")),
        },
        status="partial",
        gaps=(hours("10:00", "11:00"),),
        explanation="No SRO on duty 10:00\u201311:00 (patrol pull).",
    ),
    cover_case(
        "the gaps are the hours in every present officer's pulls, in order",
        "2026-11-30",
        {
            "A": week(
                post("central"),
                pull("2026-11-30", "13:00", "15:00"),
                pull("2026-11-30", "08:00", "10:00"),
            ),
            "B": week(post("central"), pull("2026-11-30", "09:00", "14:00")),
        },
        status="partial",
        gaps=(hours("09:00", "10:00"), hours("13:00", "14:00")),
        explanation="No SRO on duty 09:00\u201310:00, 13:00\u201314:00 (patrol pull).",
    ),
    cover_case(
        "an officer pulled part of the day while the other is on leave leaves a partial gap",
        "2026-11-30",
        {
            "A": week(post("central"), leave("2026-11-30")),
            "B": week(post("central"), pull("2026-11-30", "12:00", "12:45")),
        },
        status="partial",
        reason="patrol_pull",
        present=("B",),
        away=("A",),
        gaps=(hours("12:00", "12:45"),),
        changed=True,
    ),
    cover_case(
        "the pull of an officer away does not narrow the gap of the one present",
        "2026-11-30",
        {
            "A": week(post("central"), pull("2026-11-30")),
            "B": week(post("central"), pull("2026-11-30", "09:00", "11:00")),
        },
        status="partial",
        present=("B",),
        away=("A",),
        gaps=(hours("09:00", "11:00"),),
    ),
    cover_case(
        "one officer's overlapping pulls show as one gap",
        "2026-11-30",
        {
            "A": week(
                post("central"),
                pull("2026-11-30", "09:00", "11:00"),
                pull("2026-11-30", "10:00", "12:00"),
            )
        },
        status="partial",
        gaps=(hours("09:00", "12:00"),),
        explanation="No SRO on duty 09:00\u201312:00 (patrol pull).",
    ),
    cover_case(
        "one officer's back-to-back pulls show as one gap, and the other's pull cuts it",
        "2026-11-30",
        {
            "A": week(
                post("central"),
                pull("2026-11-30", "10:00", "11:00"),
                pull("2026-11-30", "09:00", "10:00"),
            ),
            "B": week(post("central"), pull("2026-11-30", "09:30", "13:00")),
        },
        status="partial",
        gaps=(hours("09:30", "11:00"),),
    ),
    cover_case(
        "an officer partly pulled on a day with no calendar entry leaves a partial gap",
        "2026-12-04",
        {"A": week(post("central"), pull("2026-12-04", "13:00", "14:30"))},
        status="partial",
        gaps=(hours("13:00", "14:30"),),
    ),
]


@pytest.mark.parametrize(("school", "on", "officers", "day_kind", "expected"), COVERAGE_SCENARIOS)
def test_school_coverage(
    school: str,
    on: str,
    officers: dict[str, OfficerWeek],
    day_kind: str | None,
    expected: dict[str, Any],
) -> None:
    day = d(on)
    if day_kind == "calendar":
        day_kind = CALENDARS.get(SCHOOL_LEA[school], {}).get(day)
    at_school = [
        OfficerAtSchool(officer_id, plan_day(officer, day, CALENDARS))
        for officer_id, officer in officers.items()
    ]
    coverage = school_coverage(school, day_kind, at_school, weekday=day.weekday() < 5)
    assert {key: getattr(coverage, key) for key in expected} == expected


@pytest.mark.parametrize(
    ("day_kind", "weekday", "in_session"),
    [
        pytest.param("instructional", True, True, id="an instructional weekday is in session"),
        pytest.param("late_start", True, True, id="a late start is in session"),
        pytest.param("early_release", True, True, id="an early release is in session"),
        pytest.param("instructional", False, True, id="an instructional weekend day is too"),
        pytest.param(None, True, True, id="a weekday without a calendar entry is assumed to be"),
        pytest.param(None, False, False, id="a weekend day without an entry is not"),
        pytest.param("no_school", True, False, id="a no-school weekday is not"),
        pytest.param("break", True, False, id="a weekday of a break is not"),
        pytest.param("summer", True, False, id="a summer weekday is not"),
    ],
)
def test_which_days_a_school_is_in_session(
    day_kind: str | None, weekday: bool, in_session: bool
) -> None:
    coverage = school_coverage("central", day_kind, [], weekday=weekday)
    assert (coverage.status != "not_in_session") is in_session


# --- The training rule applied to the schedule (Minn. Stat. 626.8482, subd. 3) ----------------

BARRED = "Assumed duties 2026-09-08 without the required course."
SUBD_3A = "Minn. Stat. 626.8482, subd. 3(a)"


def test_an_officer_who_may_not_serve_is_not_on_duty_at_their_school() -> None:
    booked = plan_day(A_CENTRAL, d("2026-11-30"), CALENDARS)
    barred = serving(booked, may_serve=False, why=BARRED, citation=SUBD_3A)
    assert barred.status == "may_not_serve"
    assert barred.schools == ()
    assert barred.barred_from == ("central",)
    assert barred.citation == SUBD_3A
    assert barred.explanation == (
        "Scheduled at school, but may not serve under the training rule. " + BARRED
    )
    # The day is still the contact day the schedule made it: the count the verdict reads.
    assert barred.contact_day is True


def test_a_day_without_an_entry_is_barred_like_a_school_day() -> None:
    booked = plan_day(A_CENTRAL, d("2026-12-04"), CALENDARS)
    assert booked.status == "no_calendar"
    assert serving(booked, may_serve=False).status == "may_not_serve"
    assert serving(booked, may_serve=False).citation == "Minn. Stat. 626.8482, subd. 3"


@pytest.mark.parametrize(
    ("officer", "on", "may_serve"),
    [
        pytest.param(A_CENTRAL, "2026-11-30", True, id="an officer who may serve keeps the day"),
        pytest.param(A_CENTRAL, "2026-12-03", False, id="a no-school day is not barred"),
        pytest.param(
            week(post("central"), leave("2026-11-30")), "2026-11-30", False, id="nor a leave"
        ),
        pytest.param(A_CENTRAL, "2026-11-28", False, id="nor a weekend"),
    ],
)
def test_only_a_day_at_school_is_barred(officer: OfficerWeek, on: str, may_serve: bool) -> None:
    plan = plan_day(officer, d(on), CALENDARS)
    assert serving(plan, may_serve=may_serve, why=BARRED) == plan


def test_a_school_whose_only_officer_may_not_serve_is_a_gap_with_the_citation() -> None:
    day = d("2026-11-30")
    barred = serving(plan_day(A_CENTRAL, day, CALENDARS), may_serve=False, citation=SUBD_3A)
    coverage = school_coverage(
        "central", "instructional", [OfficerAtSchool("A", barred)], weekday=True
    )
    assert (coverage.status, coverage.reason) == ("gap", "training")
    assert coverage.explanation == (
        "No SRO on duty here: the SRO posted here may not serve under the training rule "
        f"({SUBD_3A})."
    )
    assert (coverage.present, coverage.away, coverage.changed) == ((), ("A",), True)


def test_another_officer_who_may_serve_covers_the_school() -> None:
    day = d("2026-11-30")
    barred = serving(plan_day(A_CENTRAL, day, CALENDARS), may_serve=False)
    present = plan_day(A_CENTRAL, day, CALENDARS)
    coverage = school_coverage(
        "central",
        "instructional",
        [OfficerAtSchool("A", barred), OfficerAtSchool("B", present)],
        weekday=True,
    )
    assert (coverage.status, coverage.present, coverage.away) == ("covered", ("B",), ("A",))
    assert coverage.changed is True


def test_an_absence_is_named_before_the_training_rule() -> None:
    day = d("2026-11-30")
    barred = serving(plan_day(A_CENTRAL, day, CALENDARS), may_serve=False)
    away = plan_day(week(post("central"), leave("2026-11-30")), day, CALENDARS)
    coverage = school_coverage(
        "central",
        "instructional",
        [OfficerAtSchool("A", barred), OfficerAtSchool("B", away)],
        weekday=True,
    )
    assert (coverage.reason, coverage.explanation) == ("absence", "No SRO on duty here (absence).")


def test_posts_and_plans_keep_their_facts() -> None:
    """The records are plain values: equal facts make equal plans."""
    officer = week(post("central"), pull("2026-11-30", "09:00", "11:00"))
    first = plan_day(officer, d("2026-11-30"), CALENDARS)
    again = plan_day(officer, d("2026-11-30"), CALENDARS)
    assert first == again
    assert post("central").covers(date(2030, 1, 1)) is True
    assert post("central", "2026-06-01", "2026-06-30").covers(d("2026-07-01")) is False
