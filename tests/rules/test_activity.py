"""The SRO's activities by duty clause (Minn. Stat. 626.8482, subd. 2(a)), and the clauses a
restricted officer cannot log as their own (subd. 3)."""

import datetime as dt

import pytest

from sro.rules.activity import KINDS, may_log, proposed_clause, retain_until
from sro.rules.duties import DUTIES, duty_citation


@pytest.mark.parametrize(
    ("kind", "clause"),
    [
        ("positive_contact", 1),  # relationships and open communication
        ("family_meeting", 1),
        ("mentoring", 1),
        ("support_referral", 1),
        ("event_security", 2),  # protecting students, staff and visitors
        ("patrol", 2),
        ("liaison_meeting", 3),  # liaison to school officials
        ("drill_advice", 4),  # advising on safety drills
        ("vulnerability_walk", 5),  # identifying vulnerabilities
        ("class_taught", 6),  # educating and advising students and staff
        ("staff_consultation", 6),
    ],
)
def test_each_kind_proposes_the_duty_it_serves(kind: str, clause: int) -> None:
    assert proposed_clause(kind) == clause


def test_every_kind_is_in_the_table_and_names_a_real_clause() -> None:
    assert len(KINDS) == 11
    assert all(k.clause in DUTIES for k in KINDS.values())


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown activity kind"):
        proposed_clause("coffee")


@pytest.mark.parametrize(
    ("clause", "restricted", "allowed"),
    [
        (4, (4, 5), False),  # a restricted officer cannot log drill advice
        (5, (4, 5), False),  # nor a vulnerability walk-through
        (1, (4, 5), True),  # the other duties stay open to them
        (7, (4, 5), True),
        (4, (), True),  # an officer not restricted may log them
        (5, (), True),
    ],
)
def test_a_restricted_officer_cannot_log_clauses_four_and_five(
    clause: int, restricted: tuple[int, ...], allowed: bool
) -> None:
    verdict = may_log(clause, restricted_clauses=restricted)
    assert verdict.allowed is allowed
    assert verdict.citation.startswith(f"Minn. Stat. 626.8482, subd. 2(a)({clause})")
    if not allowed:
        assert verdict.citation.endswith("subd. 3")
        assert "cannot be logged as their own work" in verdict.message


@pytest.mark.parametrize("clause", [0, 8])
def test_there_are_seven_clauses(clause: int) -> None:
    with pytest.raises(ValueError, match=r"clauses \(1\) to \(7\)"):
        duty_citation(clause)


@pytest.mark.parametrize(
    ("kind", "clause", "restricted", "allowed", "verdict_clause"),
    [
        # Drill advice or a walk-through re-filed under another clause is still refused.
        ("drill_advice", 1, (4, 5), False, 4),
        ("vulnerability_walk", 6, (4, 5), False, 5),
        ("drill_advice", 4, (), True, 4),
        # Other kinds follow the clause the officer chose.
        ("positive_contact", 1, (4, 5), True, 1),
        ("staff_consultation", 5, (4, 5), False, 5),
        ("liaison_meeting", 3, (4, 5), True, 3),
    ],
)
def test_the_kind_of_work_decides_as_well_as_the_clause(
    kind: str, clause: int, restricted: tuple[int, ...], allowed: bool, verdict_clause: int
) -> None:
    verdict = may_log(clause, restricted_clauses=restricted, kind=kind)
    assert verdict.allowed is allowed
    assert verdict.clause == verdict_clause


@pytest.mark.parametrize(
    ("made_on", "years", "expected"),
    [
        (dt.date(2026, 11, 28), 0, None),  # no period adopted: nothing is marked for removal
        (dt.date(2026, 11, 28), 3, dt.date(2030, 6, 30)),  # school year 2026-27 ends 2027-06-30
        (dt.date(2027, 6, 30), 1, dt.date(2028, 6, 30)),  # the last day of the school year
        (dt.date(2027, 7, 1), 1, dt.date(2029, 6, 30)),  # the first day of the next
    ],
)
def test_a_referral_is_kept_to_the_end_of_its_school_year_plus_the_period(
    made_on: dt.date, years: int, expected: dt.date | None
) -> None:
    assert retain_until(made_on, years=years) == expected
