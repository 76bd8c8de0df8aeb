"""The one rule for dates a person may type or put in an address: years 1900 to 2099.

Every date the program records or shows lies in these years; outside them a typing slip (or a
hostile value such as 0001-01 or 9999-12) would overflow the day-by-day arithmetic of a month,
a school year or a schedule (Python's dates end at 9999-12-31). Forms (``sro.core.forms``), API
input (``sro.core.api``) and the query strings of pages all check through here, so each refuses
the same values with the same words.
"""

from __future__ import annotations

import datetime as dt
import re

from sro.rules.dates import is_school_year_label, school_year_label

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2099, 12, 31)
RANGE = f"{EARLIEST.year} to {LATEST.year}"

MONTH_HELP = "YYYY-MM, for example 2026-11."
SCHOOL_YEAR_HELP = "Two consecutive years, such as 2026-27."
DAY_HELP = "YYYY-MM-DD, for example 2026-11-28."

_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def in_range(value: dt.date | dt.datetime) -> bool:
    day = value.date() if isinstance(value, dt.datetime) else value
    return EARLIEST <= day <= LATEST


def out_of_range(value: dt.date | dt.datetime) -> str:
    """Why a date is refused (the caller names the field)."""
    day = value.date() if isinstance(value, dt.datetime) else value
    return f"{day.isoformat()} is outside the years {RANGE}: check the year."


def _shown(text: str) -> str:
    """The value as typed, shortened when it is long (a message echoes it)."""
    return text if len(text) <= 20 else f"{text[:20]}…"


def day_error(text: str) -> str:
    return f"“{_shown(text)}” is not a date from {EARLIEST} to {LATEST}: write it as {DAY_HELP}"


def month_error(text: str) -> str:
    return (
        f"Write the month as {MONTH_HELP[:-1]}, from {EARLIEST:%Y-%m} to {LATEST:%Y-%m} "
        f"(not “{_shown(text)}”)."
    )


def school_year_error(text: str) -> str:
    return (
        f"“{_shown(text)}” is not a school year. Write it as 2026-27: the first year, a hyphen "
        f"and the next year's last two digits, from {school_year_label(EARLIEST.year)} to "
        f"{school_year_label(LATEST.year - 1)}."
    )


def parse_day(text: str | None) -> dt.date | None:
    """A date written YYYY-MM-DD within the years, or None."""
    try:
        day = dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None
    return day if in_range(day) else None


def parse_month(text: str | None) -> dt.date | None:
    """The first day of a month written YYYY-MM within the years, or None."""
    match = _MONTH.fullmatch((text or "").strip())
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    if not (EARLIEST.year <= year <= LATEST.year and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


def month_end(first: dt.date) -> dt.date:
    """The last day of the month that starts on ``first``."""
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def parse_school_year(text: str | None) -> str | None:
    """A school year label such as 2026-27 whose two years lie within the years, or None."""
    value = (text or "").strip()
    if not is_school_year_label(value):
        return None
    first_year = int(value[:4])
    return value if EARLIEST.year <= first_year < LATEST.year else None
