"""The reminder schedule, as sentences."""

from datetime import date

import pytest

from sro.rules.reminders import notice_due, notices

DUE = date(2027, 2, 28)


def test_the_schedule_is_60_30_and_7_days_before_and_the_day_after() -> None:
    assert notices(DUE) == [
        (date(2026, 12, 30), "60"),
        (date(2027, 1, 29), "30"),
        (date(2027, 2, 21), "7"),
        (date(2027, 3, 1), "passed"),
    ]


@pytest.mark.parametrize(
    ("today", "sent", "expected"),
    [
        pytest.param(date(2026, 12, 29), set(), None, id="nothing more than 60 days before"),
        pytest.param(date(2026, 12, 30), set(), "60", id="the 60-day notice on its day"),
        pytest.param(date(2026, 12, 31), {"60"}, None, id="each notice once"),
        pytest.param(date(2027, 1, 29), {"60"}, "30", id="the 30-day notice on its day"),
        pytest.param(date(2027, 2, 21), {"60", "30"}, "7", id="the 7-day notice on its day"),
        pytest.param(date(2027, 2, 28), {"60", "30", "7"}, None, id="nothing on the last day"),
        pytest.param(date(2027, 3, 1), {"60", "30", "7"}, "passed", id="passed the day after"),
        pytest.param(date(2027, 6, 1), {"passed"}, None, id="nothing after the passed notice"),
        pytest.param(date(2027, 2, 25), set(), "7", id="a missed job catches up with one notice"),
        pytest.param(date(2027, 2, 25), {"7"}, None, id="never an earlier notice after a later"),
        pytest.param(date(2027, 4, 1), {"60"}, "passed", id="catching up after the date"),
    ],
)
def test_which_notice_is_due(today: date, sent: set[str], expected: str | None) -> None:
    assert notice_due(DUE, today, sent) == expected


def test_assumed_duties_is_the_start_of_the_current_chain() -> None:
    from sro.rules.training import Assignment, OfficerFacts, assumed_duties

    facts = OfficerFacts(
        id="X",
        assignments=(
            Assignment(role="substitute", start=date(2026, 1, 5), end=date(2026, 3, 1)),
            Assignment(role="sro", start=date(2026, 3, 2)),
        ),
    )
    assert assumed_duties(facts, as_of=date(2026, 11, 28)) == date(2026, 1, 5)
    assert assumed_duties(facts, as_of=date(2025, 12, 31)) is None
