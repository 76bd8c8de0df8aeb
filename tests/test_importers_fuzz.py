"""hypothesis on every file the program reads (course records, school calendars in CSV and
iCalendar, contract documents in PDF, DOCX and text): whatever the bytes, the reader either
returns its result or refuses with a message naming the line or the file. Never another
exception, which would reach a person as a server error."""

from __future__ import annotations

import datetime as dt
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sro.contracts.extract import UnreadableDocument, extract
from sro.scheduling.calendar_files import parse_csv, parse_ics
from sro.training import imports

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
OFFICER = uuid.uuid4()
HEADER = "post_license_number,course,completed_on,hours,provider,course_title\n"
CELLS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["MN-101", "required", "2026-01-05", "8.5", "", "9999-12-31", "NaN", '"']),
)


@FUZZ
@given(st.binary(max_size=2000))
def test_course_record_files_of_any_bytes(data: bytes) -> None:
    text, problem = imports.decode(data)
    if problem is not None:
        assert problem.column == "file"
        return
    _check_course_records(text)


@FUZZ
@given(st.lists(st.lists(CELLS, min_size=0, max_size=8), max_size=12))
def test_course_record_files_of_any_cells(rows: list[list[str]]) -> None:
    body = "\n".join(",".join(row) for row in rows)
    _check_course_records(HEADER + body)


def _check_course_records(text: str) -> None:
    parsed = imports.parse(
        text,
        officers={"MN-101": OFFICER},
        courses={"required", "refresher"},
        on_file=set(),
        today=dt.date(2026, 11, 28),
    )
    for error in parsed.errors:
        assert error.column
        assert error.message
    for row in parsed.rows:  # anything accepted is a valid record
        assert row.officer_id == OFFICER
        assert row.course in {"required", "refresher"}
        assert dt.date(1970, 1, 1) <= row.completed_on <= dt.date(2026, 11, 28)


@FUZZ
@given(st.text(max_size=2000))
def test_calendar_csv_of_any_text(text: str) -> None:
    parsed = parse_csv(text)
    for error in parsed.errors:
        assert str(error)


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=2000),
        st.builds(
            lambda summary, start: (
                "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"
                f"SUMMARY:{summary}\r\nDTSTART;VALUE=DATE:{start}\r\n"
                "END:VEVENT\r\nEND:VCALENDAR\r\n"
            ).encode("utf-8", "surrogatepass"),
            st.text(max_size=40).filter(lambda t: "\r" not in t and "\n" not in t),
            st.text(alphabet="0123456789", max_size=10),
        ),
    )
)
def test_calendar_ics_of_any_bytes(data: bytes) -> None:
    parsed = parse_ics(data)
    for error in parsed.errors:
        assert str(error)


@FUZZ
@given(
    st.binary(max_size=3000),
    st.sampled_from(["contract.pdf", "contract.docx", "contract.txt", "contract", "x.exe"]),
    st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf"]),
)
def test_contract_documents_of_any_bytes(data: bytes, name: str, prefix: bytes) -> None:
    try:
        document = extract(prefix + data, name)
    except UnreadableDocument as refusal:
        message = str(refusal)  # a refusal is fine, if it says why
    else:
        message = "read"
        assert document is not None
    assert message
