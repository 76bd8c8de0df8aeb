"""The numbers and dates the law sets, each named, cited and dated, gathered in a rules version.

Logic in ``sro.rules`` never writes these values as literals; it reads them from a
``RulesVersion``. A change in the law adds a new, differently named version (with a dated variant
of each changed parameter); it never edits an existing one, so an old finding can always be
explained by the version it records.

Sources: Minn. Stat. 626.8482, subd. 3, and the state School Resource Officer Model Policy,
section G, as settled in the project's ``domain/training.md``.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple


@dataclass(frozen=True, slots=True)
class Parameter[T]:
    """One value the law sets, with where it comes from and the dates it is in force.

    ``effective_to`` is None while no later variant replaces it. Both dates are inclusive.
    """

    name: str
    value: T
    citation: str
    effective_from: date
    effective_to: date | None = None
    note: str = ""


class MonthDay(NamedTuple):
    """A day of the year without a year, such as the first day of a school year."""

    month: int
    day: int


# The date the training requirement of subd. 3 applies from ("beginning September 1, 2025").
# It is also the date from which every parameter below is in force: they are all part of the
# training rule that begins then. The sources give no earlier adoption date for model policy G.
IN_FORCE_FROM = date(2025, 9, 1)

REQUIREMENT_START = Parameter(
    name="requirement_start",
    value=IN_FORCE_FROM,
    citation="Minn. Stat. 626.8482, subd. 3(a)",
    effective_from=IN_FORCE_FROM,
    note="Beginning on this date an officer assigned as SRO completes the required course "
    "before assuming SRO duties.",
)

BASIC_COURSE_CUTOFF = Parameter(
    name="basic_course_cutoff",
    value=date(2025, 8, 31),
    citation="Minn. Stat. 626.8482, subd. 3(b)",
    effective_from=IN_FORCE_FROM,
    note="A School Safety Center or NASRO basic SRO course completed on or before this date "
    '("prior to September 1, 2025") makes the officer a transition officer.',
)

TRANSITION_DEADLINE = Parameter(
    name="transition_deadline",
    value=date(2027, 5, 31),
    citation="Minn. Stat. 626.8482, subd. 3(b)",
    effective_from=IN_FORCE_FROM,
    note="A transition officer completes the required or a supplemental course on or before "
    'this date ("before June 1, 2027").',
)

GRACE_PERIOD_MONTHS = Parameter(
    name="grace_period_months",
    value=6,
    citation="Minn. Stat. 626.8482, subd. 3(c)",
    effective_from=IN_FORCE_FROM,
    note="Calendar months after assuming duties within which an officer whose employer could "
    "not provide the course completes it.",
)

SUBSTITUTE_CONTACT_DAY_LIMIT = Parameter(
    name="substitute_contact_day_limit",
    value=60,
    citation="Minn. Stat. 626.8482, subd. 3; Model policy G.4",
    effective_from=IN_FORCE_FROM,
    note="A substitute SRO serving fewer than this many student contact days in a school year "
    "is not obligated to complete the required course.",
)

REFRESHER_INTERVAL_YEARS = Parameter(
    name="refresher_interval_years",
    value=3,
    citation="Model policy G.5",
    effective_from=IN_FORCE_FROM,
    note="An SRO completes a refresher course at least once every this many years.",
)

SCHOOL_YEAR_START = Parameter(
    name="school_year_start",
    value=MonthDay(month=7, day=1),
    citation="Department setting (school year July 1 to June 30)",
    effective_from=IN_FORCE_FROM,
    note="A setting, not law: student contact days are counted per school year from this day.",
)


@dataclass(frozen=True, slots=True)
class RulesVersion:
    """A named, dated set of parameters; every finding records the name of the one it used."""

    name: str
    effective_from: date
    requirement_start: Parameter[date]
    basic_course_cutoff: Parameter[date]
    transition_deadline: Parameter[date]
    grace_period_months: Parameter[int]
    substitute_contact_day_limit: Parameter[int]
    refresher_interval_years: Parameter[int]
    school_year_start: Parameter[MonthDay]

    def parameters(self) -> tuple[Parameter[Any], ...]:
        """Every parameter of this version, in the order they are declared."""
        return (
            self.requirement_start,
            self.basic_course_cutoff,
            self.transition_deadline,
            self.grace_period_months,
            self.substitute_contact_day_limit,
            self.refresher_interval_years,
            self.school_year_start,
        )


RULES_VERSION = "mn-626.8482-2025.1"

RULES = RulesVersion(
    name=RULES_VERSION,
    effective_from=IN_FORCE_FROM,
    requirement_start=REQUIREMENT_START,
    basic_course_cutoff=BASIC_COURSE_CUTOFF,
    transition_deadline=TRANSITION_DEADLINE,
    grace_period_months=GRACE_PERIOD_MONTHS,
    substitute_contact_day_limit=SUBSTITUTE_CONTACT_DAY_LIMIT,
    refresher_interval_years=REFRESHER_INTERVAL_YEARS,
    school_year_start=SCHOOL_YEAR_START,
)
