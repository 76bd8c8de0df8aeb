"""Scenario tests of school safety, written from policy 436.3 (the yearly security audit), Minn.
Stat. 121A.035, subd. 2 and 299F.30 (the yearly drills) and Minn. Stat. 626.8482, subd. 2(a),
clauses (4) and (5), and subd. 3 (who is not required to advise on drills or find vulnerabilities).

Each case is one sentence of the law: the facts, then what the rule finds.
"""

from typing import Any

import pytest

from sro.rules.safety import (
    AUDIT,
    CLAUSE_4,
    CLAUSE_5,
    DEFAULT_MINIMUMS,
    DRILL_CITATIONS,
    DRILL_KINDS,
    DRILLS,
    FIRE_DRILLS,
    NO_MINIMUM,
    RULES_VERSION,
    AssignmentVerdict,
    DrillRow,
    Reason,
    audit_status,
    drill_status,
    may_assign,
)

from .builders import d

# --- The law's numbers and citations -------------------------------------------------------------


def test_the_citations_name_the_law() -> None:
    assert RULES_VERSION == "safety-2024"
    assert AUDIT == "Policy 436.3"
    assert DRILLS == "Minn. Stat. 121A.035, subd. 2"
    assert FIRE_DRILLS == "Minn. Stat. 121A.035, subd. 2; 299F.30"
    assert "121A.035" in NO_MINIMUM
    assert CLAUSE_4 == "Minn. Stat. 626.8482, subd. 2(a)(4); subd. 3"
    assert CLAUSE_5 == "Minn. Stat. 626.8482, subd. 2(a)(5); subd. 3"


def test_five_lockdown_five_fire_and_one_tornado_drill_each_school_year() -> None:
    assert DRILL_KINDS == ("lockdown", "fire", "tornado", "other")
    assert dict(DEFAULT_MINIMUMS) == {"lockdown": 5, "fire": 5, "tornado": 1}
    assert dict(DRILL_CITATIONS) == {
        "lockdown": DRILLS,
        "fire": FIRE_DRILLS,
        "tornado": DRILLS,
        "other": NO_MINIMUM,
    }


def test_the_defaults_cannot_be_changed_in_place() -> None:
    with pytest.raises(TypeError):
        DEFAULT_MINIMUMS["fire"] = 0  # type: ignore[index]


# --- The yearly security audit (policy 436.3) ---------------------------------------------------


def audit(
    sentence: str,
    last: str | None,
    as_of: str,
    state: str,
    due_on: str | None,
    days_overdue: int | None,
    opens_next: str | None,
    in_progress: str | None = None,
) -> Any:
    return pytest.param(
        last, as_of, in_progress, state, due_on, days_overdue, opens_next, id=sentence
    )


AUDITS = [
    audit(
        "an audit completed this school year is current",
        "2025-10-01",
        "2026-03-15",
        "current",
        "2026-10-01",
        0,
        "2026-07-01",
    ),
    audit(
        "the day before the anniversary the audit is current",
        "2025-10-01",
        "2026-09-30",
        "current",
        "2026-10-01",
        0,
        "2026-07-01",
    ),
    audit(
        "on the anniversary the audit is one year old, not more: still current",
        "2025-10-01",
        "2026-10-01",
        "current",
        "2026-10-01",
        0,
        "2026-07-01",
    ),
    audit(
        "the day after the anniversary the audit is more than one year old: overdue by one day",
        "2025-10-01",
        "2026-10-02",
        "overdue",
        "2026-10-01",
        1,
        "2026-07-01",
    ),
    audit(
        "an audit completed on the as-of day is current",
        "2026-03-15",
        "2026-03-15",
        "current",
        "2027-03-15",
        0,
        "2026-07-01",
    ),
    audit(
        "an audit from two years ago is overdue by the days since its anniversary",
        "2024-05-01",
        "2026-05-01",
        "overdue",
        "2025-05-01",
        365,
        "2024-07-01",
    ),
    audit(
        "a school never audited is overdue: the conservative reading",
        None,
        "2026-03-15",
        "never",
        None,
        None,
        None,
    ),
    audit(
        "an audit in progress does not make a never-audited school current",
        None,
        "2026-03-15",
        "never",
        None,
        None,
        None,
        in_progress="2026-03-01",
    ),
    audit(
        "an audit in progress does not make an overdue audit current",
        "2024-10-01",
        "2026-03-15",
        "overdue",
        "2025-10-01",
        165,
        "2025-07-01",
        in_progress="2026-03-01",
    ),
    audit(
        "an audit in progress beside a current one leaves it current",
        "2025-10-01",
        "2026-03-15",
        "current",
        "2026-10-01",
        0,
        "2026-07-01",
        in_progress="2026-03-15",
    ),
    # Leap day: 29 February is due again on 28 February, the earlier reading.
    audit(
        "an audit on leap day is due on 28 February of the next year",
        "2024-02-29",
        "2025-02-28",
        "current",
        "2025-02-28",
        0,
        "2024-07-01",
    ),
    audit(
        "an audit on leap day is overdue on 1 March of the next year",
        "2024-02-29",
        "2025-03-01",
        "overdue",
        "2025-02-28",
        1,
        "2024-07-01",
    ),
    audit(
        "the day before the anniversary of a leap-day audit it is current",
        "2024-02-29",
        "2025-02-27",
        "current",
        "2025-02-28",
        0,
        "2024-07-01",
    ),
    audit(
        "an audit on 28 February before a leap day is due on 28 February, not on leap day",
        "2023-02-28",
        "2024-02-29",
        "overdue",
        "2024-02-28",
        1,
        "2023-07-01",
    ),
    audit(
        "an audit on 1 March is due on 1 March, with a leap day in between",
        "2023-03-01",
        "2024-03-01",
        "current",
        "2024-03-01",
        0,
        "2023-07-01",
    ),
    # A new school year (1 July to 30 June) opens the next audit.
    audit(
        "an audit on the last day of a school year opens the next the following day",
        "2025-06-30",
        "2025-07-01",
        "current",
        "2026-06-30",
        0,
        "2025-07-01",
    ),
    audit(
        "an audit on the first day of a school year opens the next a year later",
        "2025-07-01",
        "2025-07-01",
        "current",
        "2026-07-01",
        0,
        "2026-07-01",
    ),
]


@pytest.mark.parametrize(
    ("last", "as_of", "in_progress", "state", "due_on", "days_overdue", "opens_next"), AUDITS
)
def test_audit_scenarios(
    last: str | None,
    as_of: str,
    in_progress: str | None,
    state: str,
    due_on: str | None,
    days_overdue: int | None,
    opens_next: str | None,
) -> None:
    status = audit_status(
        None if last is None else d(last),
        in_progress_since=None if in_progress is None else d(in_progress),
        as_of=d(as_of),
    )
    assert status.state == state
    assert status.overdue is (state != "current")
    assert status.last_completed == (None if last is None else d(last))
    assert status.due_on == (None if due_on is None else d(due_on))
    assert status.days_overdue == days_overdue
    assert status.in_progress is (in_progress is not None)
    assert status.opens_next == (None if opens_next is None else d(opens_next))
    assert status.reason.code == f"audit_{state}"
    assert status.reason.citation == AUDIT
    opened = opens_next is not None and d(as_of) >= d(opens_next)
    assert status.needed is (state != "current" or opened)
    assert status.rules_version == RULES_VERSION
    # A new school year always opens the next audit on or before the day it is due.
    if status.opens_next is not None and status.due_on is not None:
        assert status.opens_next <= status.due_on


@pytest.mark.parametrize(
    ("last", "as_of", "needed"),
    [
        pytest.param(None, "2026-11-28", True, id="a school never audited needs one"),
        pytest.param(
            "2026-09-15", "2026-11-28", False, id="an audit done this school year: none needed"
        ),
        pytest.param(
            "2026-07-01", "2027-06-30", False, id="done on the year's first day: none all year"
        ),
        pytest.param(
            "2026-06-30", "2026-07-01", True, id="done on the year's last day: the next opens"
        ),
        pytest.param(
            "2025-10-01", "2026-08-15", True, id="done last school year, still current: needed"
        ),
        pytest.param("2025-10-01", "2026-10-02", True, id="overdue: needed"),
    ],
)
def test_a_school_needs_an_audit_unless_this_school_years_is_done(
    last: str | None, as_of: str, needed: bool
) -> None:
    """One current audit per school and school year: a school whose audit for the school year
    is done and current needs no other."""
    status = audit_status(None if last is None else d(last), in_progress_since=None, as_of=d(as_of))
    assert status.needed is needed
    if not needed:
        assert "the next opens with the school year" in status.reason.message
    elif status.state == "current":
        assert "the next opened with the school year" in status.reason.message


def test_the_audit_reasons_read_in_plain_english() -> None:
    never = audit_status(None, in_progress_since=None, as_of=d("2026-03-15"))
    assert never.reason.message == (
        "No completed security audit is on record, so one is overdue: each school's security "
        "measures are audited at least annually, with recommendations."
    )
    one_day = audit_status(d("2025-10-01"), in_progress_since=None, as_of=d("2026-10-02"))
    assert one_day.reason.message.startswith(
        "The last completed security audit was on 2025-10-01; the next was due by 2026-10-01 "
        "and is 1 day overdue."
    )
    two_days = audit_status(
        d("2025-10-01"), in_progress_since=d("2026-09-01"), as_of=d("2026-10-03")
    )
    assert "is 2 days overdue." in two_days.reason.message
    assert two_days.reason.message.endswith(
        "The audit in progress since 2026-09-01 counts once it is completed."
    )
    current = audit_status(d("2025-10-01"), in_progress_since=None, as_of=d("2026-03-15"))
    assert current.reason.message == (
        "The last completed security audit was on 2025-10-01; the next opens with the school "
        "year on 2026-07-01 and is due by 2026-10-01."
    )


@pytest.mark.parametrize(
    ("last", "in_progress", "message"),
    [
        pytest.param(
            "2026-03-16", None, "last completed", id="an audit completed after the as-of day"
        ),
        pytest.param(
            "2025-10-01", "2026-03-16", "in progress", id="an audit begun after the as-of day"
        ),
    ],
)
def test_audits_after_the_as_of_day_are_refused(
    last: str, in_progress: str | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        audit_status(
            d(last),
            in_progress_since=None if in_progress is None else d(in_progress),
            as_of=d("2026-03-15"),
        )


# --- The yearly drills (Minn. Stat. 121A.035, subd. 2) -------------------------------------------

YEAR = "2025-26"


def drills(
    sentence: str,
    counts: dict[str, int],
    remaining: dict[str, int],
    *,
    minimums: dict[str, int] | None = None,
    as_of: str = "2026-03-15",
    days_left: int = 108,
) -> Any:
    return pytest.param(
        counts, minimums or dict(DEFAULT_MINIMUMS), as_of, remaining, days_left, id=sentence
    )


DRILL_SCENARIOS = [
    drills(
        "five lockdown, five fire and one tornado drill meet the year's minimums",
        {"lockdown": 5, "fire": 5, "tornado": 1},
        {"lockdown": 0, "fire": 0, "tornado": 0, "other": 0},
    ),
    drills(
        "no drills yet leaves every minimum to do",
        {},
        {"lockdown": 5, "fire": 5, "tornado": 1, "other": 0},
    ),
    drills(
        "four lockdown drills are one short of five",
        {"lockdown": 4, "fire": 5, "tornado": 1},
        {"lockdown": 1, "fire": 0, "tornado": 0, "other": 0},
    ),
    drills(
        "more drills than the minimum leave nothing remaining",
        {"lockdown": 7, "fire": 9, "tornado": 2},
        {"lockdown": 0, "fire": 0, "tornado": 0, "other": 0},
    ),
    drills(
        "other drills are counted but do not stand in for a required kind",
        {"lockdown": 5, "fire": 5, "other": 3},
        {"lockdown": 0, "fire": 0, "tornado": 1, "other": 0},
    ),
    drills(
        "a minimum of nought means the kind is not required",
        {"lockdown": 5, "fire": 5},
        {"lockdown": 0, "fire": 0, "tornado": 0, "other": 0},
        minimums={"lockdown": 5, "fire": 5, "tornado": 0},
    ),
    drills(
        "the minimums passed in are the ones applied",
        {"lockdown": 5, "fire": 5, "tornado": 1},
        {"lockdown": 1, "fire": 0, "tornado": 1, "other": 0},
        minimums={"lockdown": 6, "fire": 5, "tornado": 2},
    ),
    drills(
        "on the first day of the school year every day of it is left",
        {},
        {"lockdown": 5, "fire": 5, "tornado": 1, "other": 0},
        as_of="2025-07-01",
        days_left=365,
    ),
    drills(
        "before the school year begins every day of it is left",
        {},
        {"lockdown": 5, "fire": 5, "tornado": 1, "other": 0},
        as_of="2025-03-01",
        days_left=365,
    ),
    drills(
        "on the last day of the school year that day is left",
        {"lockdown": 5, "fire": 5},
        {"lockdown": 0, "fire": 0, "tornado": 1, "other": 0},
        as_of="2026-06-30",
        days_left=1,
    ),
    drills(
        "after the school year ends no days are left",
        {"lockdown": 5, "fire": 5},
        {"lockdown": 0, "fire": 0, "tornado": 1, "other": 0},
        as_of="2026-07-01",
        days_left=0,
    ),
    drills(
        "long after the school year ends no days are left either",
        {"lockdown": 5, "fire": 5},
        {"lockdown": 0, "fire": 0, "tornado": 1, "other": 0},
        as_of="2027-09-01",
        days_left=0,
    ),
]


@pytest.mark.parametrize(("counts", "minimums", "as_of", "remaining", "days_left"), DRILL_SCENARIOS)
def test_drill_scenarios(
    counts: dict[str, int],
    minimums: dict[str, int],
    as_of: str,
    remaining: dict[str, int],
    days_left: int,
) -> None:
    status = drill_status(counts, minimums=minimums, school_year=YEAR, as_of=d(as_of))
    assert [r.kind for r in status.rows] == list(DRILL_KINDS)
    assert {r.kind: r.remaining for r in status.rows} == remaining
    for row in status.rows:
        assert row.done == counts.get(row.kind, 0)
        assert row.required == minimums.get(row.kind, 0)
        assert row.met is (row.remaining == 0)
        assert row.citation == DRILL_CITATIONS[row.kind]
    assert status.all_met is (not any(remaining.values()))
    assert status.days_left == days_left
    assert status.school_year == YEAR
    assert status.ends_on == d("2026-06-30")
    assert status.rules_version == RULES_VERSION


def test_each_row_reads_in_full() -> None:
    status = drill_status(
        {"lockdown": 2, "other": 4},
        minimums=DEFAULT_MINIMUMS,
        school_year=YEAR,
        as_of=d("2026-03-15"),
    )
    assert status.rows == (
        DrillRow("lockdown", 2, 5, 3, False, "Minn. Stat. 121A.035, subd. 2"),
        DrillRow("fire", 0, 5, 5, False, "Minn. Stat. 121A.035, subd. 2; 299F.30"),
        DrillRow("tornado", 0, 1, 1, False, "Minn. Stat. 121A.035, subd. 2"),
        DrillRow("other", 4, 0, 0, True, NO_MINIMUM),
    )
    assert status.all_met is False


def test_a_school_year_with_a_leap_day_has_366_days() -> None:
    status = drill_status(
        {}, minimums=DEFAULT_MINIMUMS, school_year="2027-28", as_of=d("2027-07-01")
    )
    assert status.days_left == 366
    on_leap_day = drill_status(
        {}, minimums=DEFAULT_MINIMUMS, school_year="2027-28", as_of=d("2028-02-29")
    )
    assert on_leap_day.days_left == 123  # 29 February to 30 June, both included


@pytest.mark.parametrize(
    ("counts", "minimums", "school_year", "message"),
    [
        pytest.param(
            {"fire": 5, "earthquake": 1},
            DEFAULT_MINIMUMS,
            YEAR,
            "Unknown drill kinds",
            id="a kind of drill the law does not name is refused",
        ),
        pytest.param(
            {"fire": -1},
            DEFAULT_MINIMUMS,
            YEAR,
            "count cannot be negative",
            id="a negative count of drills is refused",
        ),
        pytest.param(
            {},
            {"lockdown": 5, "fire": 5},
            YEAR,
            "minimums name exactly",
            id="minimums that leave out a kind the law requires are refused",
        ),
        pytest.param(
            {},
            {**DEFAULT_MINIMUMS, "other": 1},
            YEAR,
            "minimums name exactly",
            id="a minimum for other drills, which have none, is refused",
        ),
        pytest.param(
            {},
            {**DEFAULT_MINIMUMS, "tornado": -1},
            YEAR,
            "minimum cannot be negative",
            id="a negative minimum is refused",
        ),
        pytest.param(
            {},
            DEFAULT_MINIMUMS,
            "2025-27",
            "not a school year label",
            id="a school year that is not one July-to-June year is refused",
        ),
    ],
)
def test_drill_inputs_out_of_range(
    counts: dict[str, int], minimums: dict[str, int], school_year: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        drill_status(counts, minimums=minimums, school_year=school_year, as_of=d("2026-03-15"))


# --- Who may be given the audit or drill advice (Minn. Stat. 626.8482, subd. 2(a), 3) ----------

OVERRIDE = "No other trained officer covers this building before the spring drills."


def assign(
    sentence: str,
    duty: str,
    restricted: bool,
    override: str,
    verdict: tuple[bool, bool, bool],
    code: str,
) -> Any:
    return pytest.param(duty, restricted, override, verdict, code, id=sentence)


ASSIGNMENTS = [
    assign(
        "a trained officer may be given a school's security audit",
        "audit",
        False,
        "",
        (True, False, False),
        "assignable",
    ),
    assign(
        "a trained officer may be given advice on safety drills",
        "drill_advice",
        False,
        "",
        (True, False, False),
        "assignable",
    ),
    assign(
        "an officer not required to identify vulnerabilities is not given an audit",
        "audit",
        True,
        "",
        (False, True, False),
        "restricted",
    ),
    assign(
        "an officer not required to advise on safety drills is not given drill advice",
        "drill_advice",
        True,
        "",
        (False, True, False),
        "restricted",
    ),
    assign(
        "an override of blank spaces is no written reason",
        "audit",
        True,
        "   ",
        (False, True, False),
        "restricted",
    ),
    assign(
        "a supervisor's override with a written reason assigns the audit",
        "audit",
        True,
        OVERRIDE,
        (True, True, True),
        "overridden",
    ),
    assign(
        "a supervisor's override with a written reason assigns drill advice",
        "drill_advice",
        True,
        OVERRIDE,
        (True, True, True),
        "overridden",
    ),
    assign(
        "an override for an officer who is not restricted is not needed and not recorded",
        "audit",
        False,
        OVERRIDE,
        (True, False, False),
        "assignable",
    ),
]


@pytest.mark.parametrize(("duty", "restricted", "override", "verdict", "code"), ASSIGNMENTS)
def test_assignment_scenarios(
    duty: Any, restricted: bool, override: str, verdict: tuple[bool, bool, bool], code: str
) -> None:
    result = may_assign(duty, restricted=restricted, override_reason=override)
    assert (result.allowed, result.needs_override, result.overridden) == verdict
    assert result.reason.code == code
    clause, citation = (5, CLAUSE_5) if duty == "audit" else (4, CLAUSE_4)
    assert result.clause == clause
    assert result.reason.citation == citation
    assert f"Clause ({clause})" in result.reason.message
    assert result.duty == duty
    assert result.rules_version == RULES_VERSION


def test_the_assignment_reasons_read_in_plain_english() -> None:
    refused = may_assign("audit", restricted=True, override_reason="")
    assert refused.reason.message == (
        "Clause (5), identifying vulnerabilities in school facilities and safety protocols, is "
        "not required of an officer in the training grace period or of a substitute with fewer "
        "than 60 student contact days; it is not assigned without a supervisor's override with a "
        "written reason."
    )
    overridden = may_assign("drill_advice", restricted=True, override_reason=f"  {OVERRIDE} ")
    assert overridden.reason.message == (
        "Clause (4), advising on safety drills, is not required of an officer in the training "
        "grace period or of a substitute with fewer than 60 student contact days; assigned on a "
        f"supervisor's override: {OVERRIDE}"
    )
    allowed = may_assign("drill_advice", restricted=False, override_reason="")
    assert allowed == AssignmentVerdict(
        "drill_advice",
        4,
        True,
        False,
        False,
        Reason("assignable", allowed.reason.message, CLAUSE_4),
    )
    assert allowed.reason.message == (
        "Clause (4), advising on safety drills, may be assigned to this officer."
    )
    assert may_assign("audit", restricted=False, override_reason="").reason.message == (
        "Clause (5), identifying vulnerabilities in school facilities and safety protocols, may "
        "be assigned to this officer."
    )


def test_a_duty_the_law_does_not_name_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown duty"):
        may_assign("patrol", restricted=False, override_reason="")  # type: ignore[arg-type]


def test_an_officer_who_may_not_serve_needs_the_override_with_the_verdicts_reason() -> None:
    why = "The refresher course was due by 2026-06-15 and has not been completed. (subd. 3)"
    refused = may_assign("audit", restricted=False, override_reason="", not_serving=why)
    assert (refused.allowed, refused.needs_override, refused.overridden) == (False, True, False)
    assert refused.reason.code == "may_not_serve"
    assert why in refused.reason.message
    assert "not assigned without a supervisor's override" in refused.reason.message
    overridden = may_assign("audit", restricted=True, override_reason=OVERRIDE, not_serving=why)
    assert (overridden.allowed, overridden.overridden) == (True, True)
    assert overridden.reason.code == "overridden"
    assert why in overridden.reason.message
    assert OVERRIDE in overridden.reason.message
