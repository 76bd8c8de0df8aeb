"""Calendar arithmetic: same day number, else the last day of the month; July 1 school years."""

from datetime import date

import pytest

from sro.rules.dates import (
    add_months,
    add_years,
    is_school_year_label,
    recent_school_years,
    school_year_bounds,
    school_year_label,
    school_year_of,
)
from sro.rules.params import MonthDay

from .builders import d


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param("2025-08-31", 6, "2026-02-28", id="2025-08-31 plus 6 months is 2026-02-28"),
        pytest.param("2026-01-12", 6, "2026-07-12", id="the same day number when it exists"),
        pytest.param("2027-08-29", 6, "2028-02-29", id="2027-08-29 plus 6 months is leap day"),
        pytest.param("2027-08-31", 6, "2028-02-29", id="2027-08-31 plus 6 months is leap day"),
        pytest.param("2026-08-31", 6, "2027-02-28", id="2026-08-31 plus 6 months is 2027-02-28"),
        pytest.param("2026-03-31", 1, "2026-04-30", id="a 31st into a 30-day month"),
        pytest.param("2026-07-15", 6, "2027-01-15", id="across a year end"),
        pytest.param("2026-12-31", 1, "2027-01-31", id="from December into January"),
        pytest.param("2026-03-31", -1, "2026-02-28", id="backwards into a short month"),
        pytest.param("2026-05-10", 0, "2026-05-10", id="zero months is the same day"),
    ],
)
def test_add_months(start: str, months: int, expected: str) -> None:
    assert add_months(d(start), months) == d(expected)


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        pytest.param("2024-02-29", 3, "2027-02-28", id="2024-02-29 plus 3 years is 2027-02-28"),
        pytest.param("2024-02-29", 4, "2028-02-29", id="leap day to leap day"),
        pytest.param("2025-09-15", 3, "2028-09-15", id="an ordinary day keeps month and day"),
    ],
)
def test_add_years(start: str, years: int, expected: str) -> None:
    assert add_years(d(start), years) == d(expected)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param("2026-06-30", "2025-26", id="June 30 ends a school year"),
        pytest.param("2026-07-01", "2026-27", id="July 1 starts the next school year"),
        pytest.param("2026-11-28", "2026-27", id="late November is in the year begun in July"),
        pytest.param("2027-01-01", "2026-27", id="January belongs to the year begun last July"),
        pytest.param("2099-12-31", "2099-00", id="the label wraps at a century"),
    ],
)
def test_school_year_of(day: str, expected: str) -> None:
    assert school_year_of(d(day)) == expected


def test_a_school_year_may_start_on_another_day() -> None:
    assert school_year_of(date(2026, 8, 31), MonthDay(9, 1)) == "2025-26"
    assert school_year_of(date(2026, 9, 1), MonthDay(9, 1)) == "2026-27"


def test_school_year_label() -> None:
    assert school_year_label(2026) == "2026-27"
    assert school_year_label(2009) == "2009-10"


@pytest.mark.parametrize(
    ("label", "valid"),
    [
        pytest.param("2026-27", True, id="2026-27 is a school year"),
        pytest.param("1999-00", True, id="1999-00 is a school year"),
        pytest.param("2026-28", False, id="2026-28 skips a year"),
        pytest.param("2026-26", False, id="2026-26 does not end a year later"),
        pytest.param("2026", False, id="a bare year is not a label"),
        pytest.param("2026-2027", False, id="the long form is not the label"),
        pytest.param(" 2026-27", False, id="surrounding spaces are not allowed"),
        pytest.param("２０２６-27", False, id="only ASCII digits count"),
        pytest.param("1000-01", True, id="the first year with four digits is a school year"),
        pytest.param("9998-99", True, id="9998-99 ends on 30 June 9999, within the calendar"),
        pytest.param("9999-00", False, id="9999-00 would end in the year 10000: not a label"),
    ],
)
def test_is_school_year_label(label: str, valid: bool) -> None:
    assert is_school_year_label(label) is valid


@pytest.mark.parametrize(
    ("label", "first", "last"),
    [
        ("2026-27", date(2026, 7, 1), date(2027, 6, 30)),
        ("2027-28", date(2027, 7, 1), date(2028, 6, 30)),  # a leap year's June still ends on 30
    ],
)
def test_a_school_year_runs_from_july_1_to_june_30(label: str, first: date, last: date) -> None:
    assert school_year_bounds(label) == (first, last)


@pytest.mark.parametrize("label", ["1000-01", "9998-99"])
def test_every_school_year_label_has_bounds(label: str) -> None:
    # Pages take a label from the address and look its days up: no label may fail there.
    first, last = school_year_bounds(label)
    assert (last - first).days in (364, 365)


def test_a_label_that_is_not_a_school_year_is_refused() -> None:
    with pytest.raises(ValueError, match="is not a school year label"):
        school_year_bounds("2026-28")


def test_recent_school_years_are_newest_first_across_a_century() -> None:
    assert recent_school_years("2026-27") == ["2026-27", "2025-26", "2024-25", "2023-24", "2022-23"]
    assert recent_school_years("2000-01", count=2) == ["2000-01", "1999-00"]
