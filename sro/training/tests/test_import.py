"""Importing course records from a CSV file: every row checked first, then all or nothing."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from conftest import Demo
from sro.audittrail.models import AuditEvent
from sro.training import imports, services
from sro.training.models import Completion

TODAY = dt.date(2026, 11, 28)
HEADER = "post_license_number,course,completed_on,hours,provider,course_title\n"
OFFICER = uuid.uuid4()


def _parse(body: str, header: str = HEADER) -> imports.ParsedImport:
    return imports.parse(
        header + body,
        officers={"MN-101": OFFICER},
        courses={"required", "refresher"},
        on_file={(OFFICER, "refresher", dt.date(2025, 6, 1))},
        today=TODAY,
    )


@pytest.mark.parametrize(
    ("row", "column", "says"),
    [
        (",required,2026-01-05,,,", "post_license_number", "empty"),
        ("MN-999,required,2026-01-05,,,", "post_license_number", "no officer of the agency"),
        ("MN-101,basic,2026-01-05,,,", "course", "use one of refresher, required"),
        ("MN-101,required,05/01/2026,,,", "completed_on", "write it as YYYY-MM-DD"),
        ("MN-101,required,2026-02-30,,,", "completed_on", "not a date"),
        ("MN-101,required,2026-11-29,,,", "completed_on", "in the future"),
        ("MN-101,required,1969-12-31,,,", "completed_on", "before 1970"),
        ("MN-101,required,2026-01-05,0.4,,", "hours", "not 0.5 to 400"),
        ("MN-101,required,2026-01-05,NaN,,", "hours", "not 0.5 to 400"),
        ("MN-101,required,2026-01-05,many,,", "hours", "not 0.5 to 400"),
        ("MN-101,required,2026-01-05,8.25,,", "hours", "more than one decimal place"),
        ("MN-101,required,2026-01-05,8," + "x" * 201 + ",", "provider", "longer than 200"),
        ("MN-101,required,2026-01-05,8", "row", "4 values for 6 columns"),
    ],
)
def test_each_problem_names_its_line_column_and_fix(row: str, column: str, says: str) -> None:
    parsed = _parse("MN-101,required,2026-01-04,8,,\n" + row + "\n")
    (error,) = parsed.errors
    assert (error.line, error.column) == (3, column)
    assert says in error.message


def test_a_good_file_reads_every_row_and_skips_what_is_on_file() -> None:
    parsed = _parse(
        "mn-101, Required ,2026-01-05,8.5,Academy,SRO basics\n"
        "\n"
        "MN-101,refresher,2025-06-01,,,\n"  # on file
        "MN-101,required,2026-01-05,8.5,,\n"  # repeated in the file
    )
    assert parsed.errors == []
    (row,) = parsed.rows
    assert (row.officer_id, row.course, row.completed_on) == (
        OFFICER,
        "required",
        dt.date(2026, 1, 5),
    )
    assert str(row.hours) == "8.5"
    assert (row.provider, row.course_title, row.line) == ("Academy", "SRO basics", 2)
    assert (parsed.already_on_file, parsed.repeated_in_file) == (1, 1)


def test_the_header_must_name_the_columns() -> None:
    parsed = _parse("MN-101,required\n", header="licence,course,when\n")
    (error,) = parsed.errors
    assert error.column == "header"
    assert "missing column post_license_number, completed_on" in error.message
    assert "unknown column licence, when" in error.message


@pytest.mark.parametrize(
    ("data", "says"),
    [(b"a\x00b", "NUL bytes"), (b"\xff\xfeabc", "not UTF-8")],
)
def test_a_file_that_is_not_text_is_refused(data: bytes, says: str) -> None:
    _, error = imports.decode(data)
    assert error is not None
    assert says in str(error)


def _file(demo: Demo, rows: int, bad_last: bool = False) -> bytes:
    licences = [o.post_license_number for o in demo.officers.values()]
    lines = [HEADER.strip()]
    for i in range(rows):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=i)
        lines.append(f"{licences[i % len(licences)]},supplemental,{day},4,Academy,Course {i}")
    if bad_last:
        lines.append(f"{licences[0]},supplemental,2027-01-01,4,,")
    return ("\n".join(lines) + "\n").encode()


def test_the_service_adds_every_record_with_its_audit_event(demo: Demo) -> None:
    before = Completion.objects.count()
    parsed = services.import_completions(
        demo.agency, _file(demo, 300), actor=demo.users["sergeant"], source="a.csv", today=TODAY
    )
    assert len(parsed.rows) == 300
    assert Completion.objects.count() == before + 300
    created = AuditEvent.objects.filter(action="completion.create", actor_username="sergeant")
    assert created.count() == 300
    summary = AuditEvent.objects.get(action="completion.import")
    assert summary.new_values == {
        "source": "a.csv",
        "added": 300,
        "already_on_file": 0,
        "repeated_in_file": 0,
    }
    again = services.import_completions(
        demo.agency, _file(demo, 300), actor=None, source="a.csv", today=TODAY
    )
    assert (len(again.rows), again.already_on_file) == (0, 300)
    assert Completion.objects.count() == before + 300


def test_one_bad_row_and_nothing_is_added(demo: Demo) -> None:
    before = (Completion.objects.count(), AuditEvent.objects.count())
    with pytest.raises(services.ImportRefused) as refused:
        services.import_completions(
            demo.agency, _file(demo, 300, bad_last=True), actor=None, source="b", today=TODAY
        )
    (error,) = refused.value.errors
    assert (error.line, error.column) == (302, "completed_on")
    assert (Completion.objects.count(), AuditEvent.objects.count()) == before


def test_another_agencys_officers_are_unknown(demo: Demo) -> None:
    with pytest.raises(services.ImportRefused) as refused:
        services.import_completions(
            demo.other_agency, _file(demo, 3), actor=None, source="c", today=TODAY
        )
    assert {e.column for e in refused.value.errors} == {"post_license_number"}


def test_the_page_imports_a_good_file_and_lists_a_bad_files_problems(
    demo: Demo, clients: dict[str, Any]
) -> None:
    chief = clients["chief"]
    before = Completion.objects.count()
    bad = SimpleUploadedFile("bad.csv", _file(demo, 5, bad_last=True), "text/csv")
    page = chief.post("/training/import/", {"file": bad})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Nothing was imported: 1 problem" in text
    assert "is in the future" in text
    assert Completion.objects.count() == before
    good = SimpleUploadedFile("good.csv", _file(demo, 5), "text/csv")
    done = chief.post("/training/import/", {"file": good}, follow=True)
    assert "Added 5 course record(s)" in done.content.decode()
    assert Completion.objects.count() == before + 5
    assert "Import course records" in chief.get("/training/").content.decode()
    assert "Import course records" not in clients["records"].get("/training/").content.decode()
    empty = chief.post("/training/import/", {})
    assert "This field is required" in empty.content.decode()


def test_the_command_imports_or_refuses(demo: Demo, tmp_path: Any, capsys: Any) -> None:
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(_file(demo, 10))
    bad.write_bytes(_file(demo, 10, bad_last=True))
    before = Completion.objects.count()
    with pytest.raises(CommandError, match="1 problem.*nothing was imported"):
        call_command("training_import", str(bad), agency=demo.agency.name)
    assert Completion.objects.count() == before
    call_command("training_import", str(good), agency=demo.agency.name)
    assert "Added 10 course record(s)" in capsys.readouterr().out
    assert Completion.objects.count() == before + 10
    with pytest.raises(CommandError, match="no agency matches"):
        call_command("training_import", str(good), agency="Nowhere")


def test_a_quote_never_closed_is_a_problem_named_not_a_server_error(
    demo: Demo, clients: dict[str, Any]
) -> None:
    """Python's csv refuses a value over 128 KB; an opening quote that is never closed makes one
    of the rest of the file. The page lists it like any problem (it was a server error)."""
    runaway = HEADER + 'MN-101,required,2026-01-05,8,"POST Board\n' + "x" * 140_000 + "\n"
    parsed = _parse(runaway[len(HEADER) :])
    (error,) = parsed.errors
    assert error.column == "file"
    assert "check its quotes" in error.message
    page = clients["chief"].post(
        "/training/import/",
        {"file": SimpleUploadedFile("runaway.csv", runaway.encode(), "text/csv")},
    )
    assert page.status_code == 200
    assert "check its quotes" in page.content.decode()


def test_a_header_of_many_unknown_columns_is_named_briefly() -> None:
    header = "post_license_number,course,completed_on," + ",".join(f"extra{n}" for n in range(5000))
    (error,) = _parse("", header=header + "\n").errors
    assert "unknown column extra0, extra1" in error.message
    assert "and 4,990 more" in error.message
    assert len(error.message) < 1000


# --- Imported text held to the rule for text typed into forms (issue 23, adversarial test) -------


@pytest.mark.parametrize(
    ("row", "column", "says"),
    [
        (
            "MN-101,required,2026-01-05,8,Academy\u202e,",
            "provider",
            "U+202E at character 8; delete it in the file (it may not show in a spreadsheet or "
            "an editor) and import it again.",
        ),
        ("MN-101,required,2026-01-05,8,,SRO\u200bbasics", "course_title", "invisible character"),
        ('MN-101,required,2026-01-05,8,"Line\none",', "provider", "a line break at character 5"),
        ("MN-101\x1b,required,2026-01-05,8,,", "post_license_number", "U+001B at character 7"),
        ("MN-101,required,2026-01-05,8\u2066,,", "hours", "U+2066 at character 2"),
    ],
    ids=["bidi", "zero-width", "line break", "escape", "isolate"],
)
def test_every_value_is_held_to_the_text_rule(row: str, column: str, says: str) -> None:
    parsed = _parse("MN-101,required,2026-01-04,8,,\n" + row + "\n")
    (error,) = parsed.errors
    assert (error.line, error.column) == (3, column)
    assert says in error.message
    assert len(parsed.rows) == 1  # the good row; nothing is written while one is refused


def test_a_row_after_a_value_of_two_lines_is_named_by_its_own_line() -> None:
    parsed = _parse('MN-101,required,2026-01-04,8,"Two\nlines",\nMN-999,required,2026-01-05,,,\n')
    assert [(e.line, e.column) for e in parsed.errors] == [
        (2, "provider"),
        (4, "post_license_number"),
    ]


def test_a_header_with_an_invisible_character_is_named() -> None:
    (error,) = _parse("", header="post_license_number,course\u200b,completed_on\n").errors
    assert (error.line, error.column) == (1, "header")
    assert error.message.startswith("column 2 holds an invisible character, U+200B, at")


def test_a_file_with_a_bidi_override_imports_nothing(demo: Demo) -> None:
    before = Completion.objects.count()
    licence = demo.officers["Lindqvist"].post_license_number
    data = _file(demo, 3) + f"{licence},supplemental,2026-01-05,8,Academy\u202e,\n".encode()
    with pytest.raises(services.ImportRefused) as refused:
        services.import_completions(demo.agency, data, actor=None, source="c", today=TODAY)
    assert [e.column for e in refused.value.errors] == ["provider"]
    assert Completion.objects.count() == before
