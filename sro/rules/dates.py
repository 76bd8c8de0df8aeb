"""Calendar arithmetic shared by the rules.

Adding months or years keeps the day number; when the target month is shorter, the result is its
last day (2025-08-31 + 6 months = 2026-02-28; 2024-02-29 + 3 years = 2027-02-28), as settled in
``domain/training.md``. A school year runs from ``SCHOOL_YEAR_START`` (July 1, a setting) and is
labelled by its two calendar years, such as "2026-27".
"""

import calendar
import re
from datetime import date, timedelta

from sro.rules.params import SCHOOL_YEAR_START, MonthDay

MONTHS_IN_YEAR = 12
_SCHOOL_YEAR_LABEL = re.compile(r"([0-9]{4})-[0-9]{2}")


def add_months(day: date, months: int) -> date:
    """The same day number ``months`` calendar months later, or that month's last day."""
    year, month_index = divmod(day.year * MONTHS_IN_YEAR + day.month - 1 + months, MONTHS_IN_YEAR)
    month = month_index + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def add_years(day: date, years: int) -> date:
    """The same month and day ``years`` later; February 29 becomes February 28."""
    return add_months(day, years * MONTHS_IN_YEAR)


def school_year_label(first_year: int) -> str:
    """The label of the school year that starts in ``first_year``: 2026 -> "2026-27"."""
    return f"{first_year}-{(first_year + 1) % 100:02d}"


def school_year_of(day: date, start: MonthDay = SCHOOL_YEAR_START.value) -> str:
    """The label of the school year containing ``day``; a new one begins on ``start``."""
    first_year = day.year if (day.month, day.day) >= start else day.year - 1
    return school_year_label(first_year)


def is_school_year_label(text: str) -> bool:
    """Whether ``text`` names a school year: four digits, a hyphen, the next year's last two,
    and every day of it in the calendar (so "9999-00", which would end in the year 10000, is
    not one: pages look a label's days up)."""
    match = _SCHOOL_YEAR_LABEL.fullmatch(text)
    return (
        match is not None
        and int(match[1]) < date.max.year
        and school_year_label(int(match[1])) == text
    )


def recent_school_years(label: str, count: int = 5) -> list[str]:
    """``label`` and the school years before it, newest first: "2026-27", "2025-26", ..."""
    first = int(label[:4])
    return [school_year_label(y) for y in range(first, first - count, -1)]


def school_year_bounds(label: str, start: MonthDay = SCHOOL_YEAR_START.value) -> tuple[date, date]:
    """The first and last day of the school year labelled like "2026-27"."""
    if not is_school_year_label(label):
        raise ValueError(f"{label!r} is not a school year label such as 2026-27.")
    first_year = int(label[:4])
    first = date(first_year, start.month, start.day)
    return first, date(first_year + 1, start.month, start.day) - timedelta(days=1)
