"""The public figures of an agency's school year: what happened to students SROs dealt with, by
school and by the groups advocates and the federal Civil Rights Data Collection count (sex, race
and ethnicity, disability, English learners), and the force reports by school with those with a
prone restraint (on /public/), with small counts withheld (sro.rules.suppression).

Only counts leave this module. Every table of both pages for one agency and year is suppressed
together, as one system: the group tables share the total by outcome and the grand total (one
figure, published in all of them or withheld in all), and a reader has both pages. So no
withheld count can be worked out from anything published, in one table or across them.

Only final records count (incidents and force reports whose review is finished, as their own
apps define it), and these figures are computed once per agency and school year, for its
release (sro.public.releases): the pages serve the stored release, never a fresh count, so two
publications cannot be subtracted from each other.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings

from sro.core import clock, csvcells
from sro.core.replica import replica_reads
from sro.incidents.models import Disability, RaceEthnicity, Sex
from sro.incidents.queries import final_students
from sro.rules.dates import school_year_bounds
from sro.rules.suppression import SuppressedTable, Table, suppress_tables

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
        for row in final_students()
        .filter(
            incident__agency_id=agency_id,
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


@dataclass(frozen=True)
class _Grouping:
    key: str
    title: str
    row_heading: str
    labels: list[tuple[object, str]]
    value: Callable[[dict[str, object]], object]


def _choices(choices: list[tuple[str, str]]) -> list[tuple[object, str]]:
    return [*choices, ("", NOT_RECORDED)]


def _groupings(rows: list[dict[str, object]]) -> list[_Grouping]:
    schools = sorted({str(r["incident__school__name"]) for r in rows})
    return [
        _Grouping(
            "by_school",
            "Students by outcome and school",
            "School",
            [(s, s) for s in schools],
            lambda r: r["incident__school__name"],
        ),
        _Grouping("sex", "By sex", "Sex", _choices(Sex.choices), lambda r: r["sex"]),
        _Grouping(
            "race_ethnicity",
            "By race and ethnicity",
            "Race and ethnicity",
            _choices(RaceEthnicity.choices),
            lambda r: r["race_ethnicity"],
        ),
        _Grouping(
            "disability",
            "By disability",
            "Disability",
            _choices(Disability.choices),
            lambda r: r["disability"],
        ),
        _Grouping(
            "english_learner",
            "By English-learner status",
            "English learner",
            [(True, "English learner"), (False, "Not an English learner"), (None, NOT_RECORDED)],
            lambda r: r["english_learner"],
        ),
    ]


def _counts(grouping: _Grouping, rows: list[dict[str, object]]) -> Table:
    """Students by the grouping's rows and by outcome; every grouping's table gives the same
    total by outcome and grand total, so they are named as one figure each."""
    counts: dict[object, Counter[int]] = {k: Counter() for k, _ in grouping.labels}
    for r in rows:
        counts[grouping.value(r)][_outcome(str(r["disposition"]))] += 1
    matrix = tuple(tuple(counts[k][i] for i in range(len(OUTCOMES))) for k, _ in grouping.labels)
    return Table(
        matrix,
        len(OUTCOMES),
        column_keys=tuple(key for key, _, _ in OUTCOMES),
        total_key="students",
    )


def _public_table(grouping: _Grouping, published: SuppressedTable) -> PublicTable:
    return PublicTable(
        key=grouping.key,
        title=grouping.title,
        row_heading=grouping.row_heading,
        columns=tuple(label for _, label, _ in OUTCOMES),
        rows=tuple(
            (label, cells, total)
            for (_, label), cells, total in zip(
                grouping.labels, published.cells, published.row_totals, strict=True
            )
        ),
        column_totals=published.column_totals,
        total=published.total,
    )


@dataclass(frozen=True)
class PublicForceFigures:
    """Force used on students in a school year, by school, with small counts not published
    (None) so no student can be identified (sro.rules.suppression)."""

    school_year: str
    threshold: int
    by_school: list[tuple[str, int | None]]
    total: int | None
    prone: int | None


@dataclass(frozen=True)
class PublicFigures:
    """Every count an agency's school year shows on /public/ and /public/transparency/."""

    tables: tuple[PublicTable, ...]
    force: PublicForceFigures


def _force_reports(agency_id: uuid.UUID, school_year: str) -> tuple[list[str], Table]:
    """Force reports by school and by prone restraint. The page shows each school's reports, the
    reports with a prone restraint and the total; the cells and the reports without a prone
    restraint are not shown, but could be worked out, so they are part of the table."""
    from sro.use_of_force.queries import final_reports

    start, end = school_year_bounds(school_year)
    reports = (
        final_reports()
        .filter(
            incident__agency_id=agency_id,
            occurred_at__date__gte=start,
            occurred_at__date__lte=end,
        )
        .values_list("incident__school__name", "prone_start")
    )
    by_school: dict[str, Counter[bool]] = {}
    for school, prone_start in reports:
        by_school.setdefault(school, Counter())[prone_start is not None] += 1
    names = sorted(by_school)
    cells = tuple((by_school[n][True], by_school[n][False]) for n in names)
    table = Table(cells, 2, show_cells=False, show_column_totals=(True, False))
    return names, table


@replica_reads
def public_figures(agency_id: uuid.UUID, school_year: str) -> PublicFigures:
    """The agency's counts for the school year, suppressed together (see the module
    docstring)."""
    threshold = settings.SRO_PUBLIC_MIN_COUNT
    rows = _students(agency_id, school_year)
    groupings = _groupings(rows)
    schools, force = _force_reports(agency_id, school_year)
    *published, force_published = suppress_tables(
        [*(_counts(g, rows) for g in groupings), force], threshold=threshold
    )
    return PublicFigures(
        tables=tuple(_public_table(g, p) for g, p in zip(groupings, published, strict=True)),
        force=PublicForceFigures(
            school_year=school_year,
            threshold=threshold,
            by_school=list(zip(schools, force_published.row_totals, strict=True)),
            total=force_published.total,
            prone=force_published.column_totals[0],
        ),
    )


@replica_reads
def transparency(
    agency_id: uuid.UUID, agency: str, school_year: str, figures: PublicFigures | None = None
) -> Transparency:
    """The transparency page of the agency's school year (``figures``: its counts, when the
    caller has them already)."""
    from sro.complaints.queries import public_counts

    complaints = public_counts(agency_id, school_year)
    return Transparency(
        agency_id,
        agency,
        school_year,
        settings.SRO_PUBLIC_MIN_COUNT,
        (figures or public_figures(agency_id, school_year)).tables,
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
    (
        "school_year",
        "The school year, 1 July to 30 June, e.g. 2026-27. A year's figures are published once, "
        "some weeks after it ends (the page gives the day), counting only records whose review "
        "is finished, and do not change afterwards.",
    ),
    (
        "table",
        "by_school: students by the school where the incident happened; sex, race_ethnicity, "
        "disability, english_learner: students by that group (the categories of the federal "
        "Civil Rights Data Collection, as the officer recorded them; 'Not recorded' when not).",
    ),
    (
        "row",
        "The school or group; 'All students' is the column total, the same figure in every "
        "table (published in all of them or withheld in all). In the complaints table: all "
        "complaints about SROs received in the year, or the closed ones by outcome.",
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
        "recorded). 'withheld' means the count is not published: either it is from 1 to one "
        "below the threshold (SRO_PUBLIC_MIN_COUNT, 10 unless the department set another; the "
        "page says which), or it was withheld so that no such count can be worked out from the "
        "published figures, by subtracting or by combining rows, columns, totals and tables, "
        "nor by knowing that a withheld count is at least 1. A withheld count can be large. "
        "Zero is always published.",
    ),
)


def csv_text(figures: Transparency) -> str:
    """The CSV file of the agency's year, as it is published (and stored with the release)."""
    out = io.StringIO()
    writer = csvcells.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(figures))
    return out.getvalue()


# A release stores its figures as JSON (sro.public.models.PublicRelease): these two functions
# write and read that form. Labels and titles are stored too, so a release reads as published.


def release_content(agency_id: uuid.UUID, agency: str, school_year: str) -> dict[str, Any]:
    """Everything both public pages show of the agency's year, already suppressed, and the CSV
    file: computed once, for the year's release."""
    figures = public_figures(agency_id, school_year)
    page = transparency(agency_id, agency, school_year, figures)
    force = figures.force
    return {
        "agency": page.agency,
        "school_year": page.school_year,
        "threshold": page.threshold,
        "tables": [
            {
                "key": t.key,
                "title": t.title,
                "row_heading": t.row_heading,
                "columns": list(t.columns),
                "rows": [[label, list(cells), total] for label, cells, total in t.rows],
                "column_totals": list(t.column_totals),
                "total": t.total,
            }
            for t in page.tables
        ],
        "schools": [asdict(line) for line in page.schools],
        "complaints": None
        if page.complaints is None
        else {
            "received": page.complaints.received,
            "closed": page.complaints.closed,
            "outcomes": [[label, n] for label, n in page.complaints.outcomes],
        },
        "force": {
            "by_school": [[name, n] for name, n in force.by_school],
            "total": force.total,
            "prone": force.prone,
        },
        "csv": csv_text(page),
    }


def page_of(agency_id: uuid.UUID, content: dict[str, Any]) -> Transparency:
    """The transparency page of a stored release."""
    complaints = content["complaints"]
    return Transparency(
        agency_id=agency_id,
        agency=content["agency"],
        school_year=content["school_year"],
        threshold=content["threshold"],
        tables=tuple(
            PublicTable(
                key=t["key"],
                title=t["title"],
                row_heading=t["row_heading"],
                columns=tuple(t["columns"]),
                rows=tuple((label, tuple(cells), total) for label, cells, total in t["rows"]),
                column_totals=tuple(t["column_totals"]),
                total=t["total"],
            )
            for t in content["tables"]
        ),
        schools=tuple(PublicSchoolLine(**line) for line in content["schools"]),
        complaints=None
        if complaints is None
        else PublicComplaints(
            received=complaints["received"],
            closed=complaints["closed"],
            outcomes=tuple((label, n) for label, n in complaints["outcomes"]),
        ),
    )


def force_of(content: dict[str, Any]) -> PublicForceFigures:
    """The use-of-force table of a stored release."""
    force = content["force"]
    return PublicForceFigures(
        school_year=content["school_year"],
        threshold=content["threshold"],
        by_school=[(name, n) for name, n in force["by_school"]],
        total=force["total"],
        prone=force["prone"],
    )
