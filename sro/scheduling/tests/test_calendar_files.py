"""Reading calendars from CSV and iCalendar files, with every problem named by line."""

from __future__ import annotations

import datetime as dt

import pytest

from sro.scheduling.calendar_files import (
    LineError,
    decode,
    expand,
    kind_from,
    parse_csv,
    parse_ics,
)

D = dt.date


def test_a_csv_calendar_becomes_one_kind_per_day() -> None:
    parsed = parse_csv(
        "start,end,kind,label\n"
        "2026-09-08,2026-09-18,instructional,School day\n"
        "2026-09-11,,no school,Staff development\n"
        "2026-09-16,,Late start,\n"
    )
    assert parsed.errors == []
    days = expand(parsed.entries)
    assert days[D(2026, 9, 8)] == ("instructional", "School day")
    assert D(2026, 9, 12) not in days  # a Saturday is not a school day
    assert days[D(2026, 9, 11)] == ("no_school", "Staff development")
    assert days[D(2026, 9, 16)] == ("late_start", "Late start")
    assert len(days) == 9


def test_overlaps_keep_the_more_specific_kind_whatever_the_order() -> None:
    parsed = parse_csv(
        "start,end,kind,label\n2026-12-23,2027-01-01,break,Winter break\n"
        "2026-12-01,2027-01-15,instructional,School day\n"
    )
    days = expand(parsed.entries)
    assert days[D(2026, 12, 28)] == ("break", "Winter break")
    assert days[D(2027, 1, 4)] == ("instructional", "School day")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2026-02-30,,no_school,x", "start “2026-02-30” is not a date (write YYYY-MM-DD)."),
        ("2026-09-08,2026-13-01,break,x", "end “2026-13-01” is not a date (write YYYY-MM-DD)."),
        ("2026-09-08,2026-09-01,break,x", "ends (2026-09-01) before it starts (2026-09-08)."),
        (
            "2026-09-08,,party,x",
            "kind “party” is not one of: no_school, break, summer, "
            "late_start, early_release, instructional.",
        ),
        ("2026-01-01,2028-01-01,summer,x", "covers more than 400 days; split it."),
    ],
)
def test_each_bad_row_is_named_by_its_line(row: str, message: str) -> None:
    parsed = parse_csv(f"start,end,kind,label\n2026-09-08,,instructional,ok\n{row}\n")
    assert parsed.errors == [LineError(3, message)]
    assert len(parsed.entries) == 1


def test_a_csv_without_its_header_is_refused() -> None:
    assert parse_csv("2026-09-08,,no_school\n").errors[0].line == 1


ICS = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Demo District//Calendar//EN\r
BEGIN:VEVENT\r
UID:winter@demo\r
DTSTART;VALUE=DATE:20261223\r
DTEND;VALUE=DATE:20270102\r
SUMMARY:Winter Break - No School\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:late@demo\r
DTSTART:20261014T080000\r
DTEND:20261014T100000\r
SUMMARY:Late Start\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:cat@demo\r
DTSTART;VALUE=DATE:20270112\r
SUMMARY:Snow\r
CATEGORIES:no_school\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:odd@demo\r
DTSTART;VALUE=DATE:20270201\r
SUMMARY:Pizza party\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_an_ics_calendar_reads_all_day_and_timed_events() -> None:
    parsed = parse_ics(ICS)
    days = expand(parsed.entries)
    assert days[D(2026, 12, 23)] == ("break", "Winter Break - No School")
    assert days[D(2027, 1, 1)][0] == "break"
    assert D(2027, 1, 2) not in days  # DTEND of an all-day event is exclusive
    assert days[D(2026, 10, 14)] == ("late_start", "Late Start")
    assert days[D(2027, 1, 12)] == ("no_school", "Snow")
    assert parsed.errors == [
        LineError(
            22,
            "cannot tell what kind of day “Pizza party” is: set CATEGORIES or X-SRO-KIND to one "
            "of no_school, break, summer, late_start, early_release, instructional.",
        )
    ]


def test_a_file_that_is_not_a_calendar_is_refused() -> None:
    assert parse_ics(b"hello").errors[0].line == 1
    assert parse_ics(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").errors == [
        LineError(1, "The file has no events (VEVENT).")
    ]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Early Dismissal", "early_release"),
        ("MEA - No School", "no_school"),
        ("First Day of School", "instructional"),
        ("Summer vacation", "summer"),
        ("Spring Break", "break"),
        ("School Board meeting", None),
    ],
)
def test_titles_tell_the_kind(title: str, kind: str | None) -> None:
    assert kind_from(title) == kind


# --- Files that would expand to millions of days -------------------------------------------------


def _centuries_csv(entries: int) -> str:
    """Back-to-back 400-day breaks from the year 1: a small file covering millennia."""
    rows, day = ["start,end,kind,label"], D(1, 1, 1)
    for _ in range(entries):
        last = day + dt.timedelta(days=399)
        rows.append(f"{day},{last},break,")
        day = last + dt.timedelta(days=1)
    return "\n".join(rows) + "\n"


def test_entries_spread_over_centuries_are_refused_before_they_expand() -> None:
    """9,000 entries in 265 KB expanded to 3.6 million days (then compared and saved)."""
    parsed = parse_csv(_centuries_csv(2000))
    assert len(parsed.errors) == 1
    (error,) = parsed.errors
    assert error.line == 2
    assert error.message.startswith("the entries run from 0001-01-01 (line 2) to 2191-")
    assert "more than 1098 days: check those years, or import one school year" in error.message


def test_a_mistyped_year_is_named_with_its_line() -> None:
    parsed = parse_csv(
        "start,end,kind,label\n2026-09-08,,instructional,\n2062-09-09,,no_school,Typo\n"
    )
    assert parsed.errors == [
        LineError(
            2,
            "the entries run from 2026-09-08 (line 2) to 2062-09-09 (line 3), more than 1098 "
            "days: check those years, or import one school year at a time.",
        )
    ]


def test_more_entries_than_a_calendar_has_are_refused() -> None:
    rows = "".join("2026-09-08,,instructional,\n" for _ in range(3001))
    parsed = parse_csv("start,end,kind,label\n" + rows)
    assert parsed.errors[-1] == LineError(
        3002,
        "the file has more than 3,000 entries, more than a school calendar has: import one "
        "school year at a time.",
    )
    events = b"".join(
        b"BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260908\r\nSUMMARY:No school\r\nEND:VEVENT\r\n"
        for _ in range(3001)
    )
    parsed = parse_ics(b"BEGIN:VCALENDAR\r\n" + events + b"END:VCALENDAR\r\n")
    assert parsed.entries == []
    assert parsed.errors == [
        LineError(
            12002,
            "the file has more than 3,000 events, more than a school calendar has: import one "
            "school year at a time.",
        )
    ]


def test_reading_stops_after_a_hundred_problems() -> None:
    parsed = parse_csv("start,end,kind,label\n" + "not a date,,break,\n" * 5000)
    assert len(parsed.errors) == 101
    assert parsed.errors[-1] == LineError(
        102, "reading stopped after 100 problems: fix these first."
    )


# --- Imported text held to the rule for text typed into forms (issue 23, adversarial test) -------


@pytest.mark.parametrize(
    ("label", "message"),
    [
        (
            "Winter\u202ebreak",
            "label: U+202E at character 7; delete it in the file (it may not show in a "
            "spreadsheet or an editor) and import it again.",
        ),
        ("No\u200bschool", "label: an invisible character, U+200B, at character 3; delete it"),
        ('"Staff\ndevelopment"', "label: a line break at character 6; the value is one line: "),
        ("Snow\x07day", "label: U+0007 at character 5; delete it"),
        ("x" * 201, "label: 201 characters; a day's label holds at most 200. Shorten it."),
    ],
    ids=["bidi override", "zero-width space", "line break", "control", "too long"],
)
def test_a_label_is_held_to_the_text_rule_naming_line_and_column(label: str, message: str) -> None:
    parsed = parse_csv(
        f"start,end,kind,label\n2026-09-08,,instructional,ok\n2026-09-09,,break,{label}\n"
    )
    (error,) = parsed.errors
    assert error.line == 3
    assert error.message.startswith(message)
    assert len(parsed.entries) == 1


def test_a_row_after_a_value_of_two_lines_is_named_by_its_own_line() -> None:
    parsed = parse_csv(
        'start,end,kind,label\n2026-09-08,,instructional,"two\nlines"\n2026-09-09,,party,x\n'
    )
    assert [e.line for e in parsed.errors] == [2, 4]


def test_every_column_and_the_header_are_checked() -> None:
    (error,) = parse_csv("start,end,kind,label\n2026-09-08,,no\u00adschool,x\n").errors
    assert error.message.startswith("kind: an invisible character, U+00AD, at character 3")
    (error,) = parse_csv("start,end,kind\u2066,label\n2026-09-08,,break,x\n").errors
    assert error == LineError(
        1,
        "column 3 of the header holds U+2066 at character 5; delete it in the file (it may not "
        "show in a spreadsheet or an editor) and import it again.",
    )


@pytest.mark.parametrize(
    ("summary", "message"),
    [
        (b"Winter\xe2\x80\xaebreak", "SUMMARY: U+202E at character 7"),
        (b"Staff\\ndevelopment", "SUMMARY: a line break at character 6"),  # an escaped break
        (b"x" * 201, "SUMMARY: 201 characters; a day's label holds at most 200"),
    ],
)
def test_an_events_title_is_held_to_the_text_rule(summary: bytes, message: str) -> None:
    data = ICS.replace(b"SUMMARY:Late Start", b"SUMMARY:" + summary + b"\r\nX-SRO-KIND:late_start")
    parsed = parse_ics(data)
    assert parsed.errors[0].line == 10  # the event's BEGIN:VEVENT
    assert parsed.errors[0].message.startswith(message)


def test_a_file_that_is_not_utf8_is_named_by_the_line_of_its_first_bad_byte() -> None:
    text, error = decode("start,end,kind,label\n2026-09-08,,break,Caf\xe9\n".encode("latin-1"))
    assert text == ""
    assert error == LineError(
        2, "this line is not UTF-8 text: save the file as UTF-8 (CSV UTF-8) and try again."
    )
    assert decode(b"\xef\xbb\xbfstart") == ("start", None)  # the byte-order mark is no text
