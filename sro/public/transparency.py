"""The public transparency figures: what happened to students SROs dealt with, by school and by
the groups advocates and the federal Civil Rights Data Collection count (sex, race and ethnicity,
disability, English learners), with small counts withheld (sro.rules.suppression).

Only counts leave this module. Each table is suppressed as a whole (cells, row totals, column
totals and the grand total), so no withheld count can be worked out from the published ones.
Every group table shares the same column totals, which are published or withheld alike in each.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from sro.core import clock
from sro.core.replica import replica_reads
from sro.incidents.models import Disability, IncidentPerson, PersonKind, RaceEthnicity, Sex
from sro.rules.dates import school_year_bounds
from sro.rules.suppression import suppress_table

# The outcome columns: the national juvenile disposition terms, grouped as advocates read them.
OUTCOMES: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("referred_to_school", "Referred to school authorities", frozenset({"referred_to_school"})),
    (
        "alternative",
        "Diversion or restorative justice",
        frozenset({"diversion", "restorative_justice"}),
    ),
    ("handled", "Handled within the department", frozenset({"handled_in_department"})),
    ("court", "Citation or referral to court", frozenset({"citation", "referred_to_court"})),
    ("arrest", "Custodial arrest", frozenset({"custodial_arrest"})),
)
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class PublicTable:
    key: str  # by_school, sex, race_ethnicity, disability, english_learner
    title: str
    row_heading: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int | None, ...], int | None], ...]  # label, cells, total
    column_totals: tuple[int | None, ...]
    total: int | None


@dataclass(frozen=True)
class PublicSchoolLine:
    """A school's program facts for the year, none of them about a student."""

    name: str
    district: str
    officers: str  # public personnel data (Minn. Stat. 13.43, subd. 2)
    notices: int
    audit: str
    recommendations: int
    recommendations_closed: int


@dataclass(frozen=True)
class Transparency:
    agency_id: uuid.UUID
    agency: str
    school_year: str
    threshold: int
    tables: tuple[PublicTable, ...]
    schools: tuple[PublicSchoolLine, ...] = ()
    complaints: PublicComplaints | None = None


@dataclass(frozen=True)
class PublicComplaints:
    """Complaints about SROs received in the year: how many, how many closed, and the closed
    ones by outcome (the existence and status of complaints about public employees are public:
    Minn. Stat. 13.43, subd. 2(a)(4))."""

    received: int
    closed: int
    outcomes: tuple[tuple[str, int], ...]


def _outcome(disposition: str) -> int:
    return next(i for i, (_, _, ids) in enumerate(OUTCOMES) if disposition in ids)


def _students(agency_id: uuid.UUID, school_year: str) -> list[dict[str, object]]:
    first, last = school_year_bounds(school_year)
    zone = clock.agency_zone()
    return [
        dict(row)
        for row in IncidentPerson.objects.filter(
            incident__agency_id=agency_id,
            kind=PersonKind.STUDENT,
            incident__occurred_at__gte=dt.datetime.combine(first, dt.time.min, zone),
            incident__occurred_at__lt=dt.datetime.combine(
                last + dt.timedelta(days=1), dt.time.min, zone
            ),
        )
        .exclude(disposition="")
        .values(
            "disposition",
            "incident__school__name",
            "sex",
            "race_ethnicity",
            "disability",
            "english_learner",
        )
    ]


def _table(
    key: str,
    title: str,
    row_heading: str,
    labels: list[tuple[object, str]],
    rows: list[dict[str, object]],
    value: Callable[[dict[str, object]], object],
    threshold: int,
) -> PublicTable:
    counts: dict[object, Counter[int]] = {k: Counter() for k, _ in labels}
    for r in rows:
        counts[value(r)][_outcome(str(r["disposition"]))] += 1
    matrix = [[counts[k][i] for i in range(len(OUTCOMES))] for k, _ in labels]
    published = suppress_table(matrix, threshold=threshold, width=len(OUTCOMES))
    return PublicTable(
        key=key,
        title=title,
        row_heading=row_heading,
        columns=tuple(label for _, label, _ in OUTCOMES),
        rows=tuple(
            (label, cells, total)
            for (_, label), cells, total in zip(
                labels, published.cells, published.row_totals, strict=True
            )
        ),
        column_totals=published.column_totals,
        total=published.total,
    )


def _choices(choices: list[tuple[str, str]]) -> list[tuple[object, str]]:
    return [*choices, ("", NOT_RECORDED)]


@replica_reads
def transparency(agency_id: uuid.UUID, agency: str, school_year: str) -> Transparency:
    threshold = settings.SRO_PUBLIC_MIN_COUNT
    rows = _students(agency_id, school_year)
    schools = sorted({str(r["incident__school__name"]) for r in rows})
    tables = (
        _table(
            "by_school",
            "Students by outcome and school",
            "School",
            [(s, s) for s in schools],
            rows,
            lambda r: r["incident__school__name"],
            threshold,
        ),
        _table("sex", "By sex", "Sex", _choices(Sex.choices), rows, lambda r: r["sex"], threshold),
        _table(
            "race_ethnicity",
            "By race and ethnicity",
            "Race and ethnicity",
            _choices(RaceEthnicity.choices),
            rows,
            lambda r: r["race_ethnicity"],
            threshold,
        ),
        _table(
            "disability",
            "By disability",
            "Disability",
            _choices(Disability.choices),
            rows,
            lambda r: r["disability"],
            threshold,
        ),
        _table(
            "english_learner",
            "By English-learner status",
            "English learner",
            [(True, "English learner"), (False, "Not an English learner"), (None, NOT_RECORDED)],
            rows,
            lambda r: r["english_learner"],
            threshold,
        ),
    )
    from sro.complaints.queries import public_counts

    complaints = public_counts(agency_id, school_year)
    return Transparency(
        agency_id,
        agency,
        school_year,
        threshold,
        tables,
        _school_lines(agency_id, school_year),
        PublicComplaints(complaints.received, complaints.closed, tuple(complaints.outcomes)),
    )


def _school_lines(agency_id: uuid.UUID, school_year: str) -> tuple[PublicSchoolLine, ...]:
    from sro.reports.annual import annual_report
    from sro.roster.models import Agency

    report = annual_report(Agency.objects.get(pk=agency_id), school_year, full=False)
    return tuple(
        PublicSchoolLine(
            name=s.name,
            district=s.district,
            officers=s.officers,
            notices=s.notices,
            audit=s.audit,
            recommendations=s.recommendations,
            recommendations_closed=s.recommendations_closed,
        )
        for s in report.schools
    )


CSV_HEADER = ("agency", "school_year", "table", "row", "column", "value")
WITHHELD = "withheld"


def csv_rows(figures: Transparency) -> list[tuple[str, ...]]:
    """Every published cell and total; a withheld one says so (never a number)."""
    out: list[tuple[str, ...]] = []

    def shown(n: int | None) -> str:
        return WITHHELD if n is None else str(n)

    for table in figures.tables:
        base = (figures.agency, figures.school_year, table.key)
        for label, cells, total in table.rows:
            out += [(*base, label, c, shown(n)) for c, n in zip(table.columns, cells, strict=True)]
            out.append((*base, label, "All outcomes", shown(total)))
        out += [
            (*base, "All students", c, shown(n))
            for c, n in zip(table.columns, table.column_totals, strict=True)
        ]
        out.append((*base, "All students", "All outcomes", shown(table.total)))
    if figures.complaints is not None:
        base = (figures.agency, figures.school_year, "complaints")
        c = figures.complaints
        out += [(*base, "All complaints", "received", str(c.received))]
        out += [(*base, "All complaints", "closed", str(c.closed))]
        out += [(*base, "Closed complaints", label, str(n)) for label, n in c.outcomes]
    return out


# The data dictionary: each column of the CSV and each figure, in plain words.
DICTIONARY: tuple[tuple[str, str], ...] = (
    ("agency", "The police department that runs the SRO program."),
    ("school_year", "The school year, 1 July to 30 June, e.g. 2026-27."),
    (
        "table",
        "by_school: students by the school where the incident happened; sex, race_ethnicity, "
        "disability, english_learner: students by that group (the categories of the federal "
        "Civil Rights Data Collection, as the officer recorded them; 'Not recorded' when not).",
    ),
    (
        "row",
        "The school or group; 'All students' is the column total. In the complaints table: "
        "all complaints about SROs received in the year, or the closed ones by outcome.",
    ),
    (
        "column",
        "The outcome for the student: referred to school authorities (the school handles it "
        "under its own rules); diversion or restorative justice (a program instead of a "
        "criminal referral); handled within the department (a warning or release to a parent); "
        "citation or referral to court (a formal criminal referral); custodial arrest. "
        "'All outcomes' is the row total.",
    ),
    (
        "value",
        "The number of students (each student counted once per incident, by the outcome "
        "recorded). 'withheld' means the count is from 1 to one below the threshold, or was "
        "withheld so that such a count cannot be worked out from the totals.",
    ),
)
