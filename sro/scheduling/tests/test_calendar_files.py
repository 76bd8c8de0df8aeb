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
    assert parsed.errors == []
    days = expand(parsed.entries)
    assert days[D(2026, 12, 23)] == ("break", "Winter Break - No School")
    assert days[D(2027, 1, 1)][0] == "break"
    assert D(2027, 1, 2) not in days  # DTEND of an all-day event is exclusive
    # A timed event changes no day unless the file names its kind: "Late Start" 8-10 am.
    assert D(2026, 10, 14) not in days
    assert [(e.label, e.first) for e in parsed.ignored] == [("Late Start", D(2026, 10, 14))]
    assert days[D(2027, 1, 12)] == ("no_school", "Snow")
    # A title that tells no kind is asked, not refused.
    assert [(e.label, e.first) for e in parsed.unknown] == [("Pizza party", D(2027, 2, 1))]
    assert parsed.asked == [("party pizza", "Pizza party")]


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
    """Back-to-back 400-day breaks from 1900: a small file covering two centuries."""
    rows, day = ["start,end,kind,label"], D(1900, 1, 1)
    for _ in range(entries):
        last = day + dt.timedelta(days=399)
        rows.append(f"{day},{last},break,")
        day = last + dt.timedelta(days=1)
    return "\n".join(rows) + "\n"


def test_entries_spread_over_centuries_are_refused_before_they_expand() -> None:
    """9,000 entries in 265 KB expanded to 3.6 million days (then compared and saved)."""
    parsed = parse_csv(_centuries_csv(180))
    assert len(parsed.errors) == 1
    (error,) = parsed.errors
    assert error.line == 2
    assert error.message.startswith("the entries run from 1900-01-01 (line 2) to 2097-")
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
    assert parsed.errors[0].line == 14  # the SUMMARY line itself, not the event's BEGIN:VEVENT
    assert parsed.errors[0].message.startswith(message)


def test_a_file_that_is_not_utf8_is_named_by_the_line_of_its_first_bad_byte() -> None:
    text, error = decode("start,end,kind,label\n2026-09-08,,break,Caf\xe9\n".encode("latin-1"))
    assert text == ""
    assert error == LineError(
        2, "this line is not UTF-8 text: save the file as UTF-8 (CSV UTF-8) and try again."
    )
    assert decode(b"\xef\xbb\xbfstart") == ("start", None)  # the byte-order mark is no text


# --- District feeds (issue 24) ------------------------------------------------------------------


def _feed(*events: str) -> bytes:
    """An iCalendar file of these events (each its lines without BEGIN/END:VEVENT)."""
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{body}END:VCALENDAR\r\n".encode()


def _event(summary: str, start: str, end: str = "", *extra: str) -> str:
    timed = "T" in start
    lines = [f"DTSTART{'' if timed else ';VALUE=DATE'}:{start}"]
    if end:
        lines.append(f"DTEND{'' if timed else ';VALUE=DATE'}:{end}")
    return "\r\n".join([*lines, f"SUMMARY:{summary}", *extra])


def test_a_timed_event_changes_no_day_unless_the_file_names_its_kind() -> None:
    parsed = parse_ics(
        _feed(
            _event("Parent-Teacher Conferences 4-8 pm", "20261015T160000", "20261015T200000"),
            _event("Varsity football vs. Brainerd", "20261016T190000", "", "CATEGORIES:Athletics"),
            _event("Conferences", "20261022T080000", "20261022T150000", "CATEGORIES:No-School"),
            _event("Parent-Teacher Conferences - No School", "20261023"),
        )
    )
    assert parsed.errors == []
    assert parsed.unknown == []
    assert parsed.days() == {
        D(2026, 10, 22): ("no_school", "Conferences"),
        D(2026, 10, 23): ("no_school", "Parent-Teacher Conferences - No School"),
    }
    assert [(e.first, e.why[:14]) for e in parsed.ignored] == [
        (D(2026, 10, 15), "a timed event:"),
        (D(2026, 10, 16), "a timed event:"),
    ]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("No School", "no_school"),
        ("NO SCHOOL!", "no_school"),
        ("School - No", "no_school"),  # word order
        ("Delayed Opening", "late_start"),
        ("2 Hour Delay", "late_start"),
        ("Professional Development Days - No Students", "no_school"),
        ("Snow Day Makeup", "instructional"),
        ("Snow Day Make-Up", "instructional"),
        ("Early Dismissal", "early_release"),
        ("Early Release", "early_release"),
        ("Winter Break", "break"),
        ("Teacher Workshop - No School", "no_school"),
        ("Last Day of School", "instructional"),
        ("First Day of School", "instructional"),
        ("Last Day of School - Early Release", "early_release"),
        ("Parent-Teacher Conferences", None),  # asked: some districts hold school
    ],
)
def test_a_districts_titles_tell_the_kind(title: str, kind: str | None) -> None:
    assert kind_from(title) == kind


@pytest.mark.parametrize(
    ("category", "kind"),
    [
        ("no-school", "no_school"),
        ("No School", "no_school"),
        ("school", "instructional"),
        ("Holiday", "no_school"),
        ("early-release", "early_release"),
        ("Early Dismissal", "early_release"),
        ("late start", "late_start"),
        ("LATE-START", "late_start"),
        ("Athletics", None),
        ("School Board", None),
    ],
)
def test_a_districts_categories_name_the_kind(category: str, kind: str | None) -> None:
    parsed = parse_ics(_feed(_event("Event", "20261015T080000", "", f"CATEGORIES:{category}")))
    assert [e.kind for e in parsed.entries] == ([kind] if kind else [])


def test_an_unknown_title_is_classified_by_the_choice_remembered_for_it() -> None:
    data = _feed(_event("Homecoming Parade", "20261009"), _event("homecoming - PARADE", "20261010"))
    asked = parse_ics(data)
    assert asked.asked == [("homecoming parade", "Homecoming Parade")]
    assert len(asked.unknown) == 2
    assert asked.entries == []
    chosen = parse_ics(data, {"homecoming parade": "no_school"})
    assert chosen.unknown == []
    assert chosen.chosen == {"homecoming parade": "no_school"}
    assert chosen.days() == {
        D(2026, 10, 9): ("no_school", "Homecoming Parade"),
        D(2026, 10, 10): ("no_school", "homecoming - PARADE"),
    }
    ignored = parse_ics(data, {"homecoming parade": "ignore"})
    assert ignored.unknown == []
    assert ignored.days() == {}
    assert len(ignored.ignored) == 2


def test_an_all_day_dtend_is_exclusive_and_make_up_days_are_student_days() -> None:
    parsed = parse_ics(
        _feed(
            _event("Winter Break", "20261221", "20270104"),
            _event("Snow Day Makeup", "20270213"),  # a Saturday
        )
    )
    days = parsed.days()
    assert min(days) == D(2026, 12, 21)
    assert max(d for d, (k, _) in days.items() if k == "break") == D(2027, 1, 3)
    assert D(2027, 1, 4) not in days
    assert days[D(2027, 2, 13)] == ("instructional", "Snow Day Makeup")


def test_weekdays_between_the_first_and_last_day_of_school_are_school_days() -> None:
    parsed = parse_ics(
        _feed(
            _event("First Day of School", "20260908"),
            _event("No School - MEA", "20261015", "20261017"),
            _event("Last Day of School", "20261023"),
        )
    )
    days = parsed.days()
    assert parsed.school_year == (D(2026, 9, 8), D(2026, 10, 23))
    assert days[D(2026, 9, 9)] == ("instructional", "School day")
    assert days[D(2026, 10, 16)] == ("no_school", "No School - MEA")
    assert D(2026, 9, 12) not in days  # a Saturday
    assert D(2026, 10, 26) not in days  # after the last day
    assert sum(1 for k, _ in days.values() if k == "instructional") == 32
    # Without both marks, only the days the events name.
    assert parse_ics(_feed(_event("No School", "20261015"))).days() == {
        D(2026, 10, 15): ("no_school", "No School")
    }


def test_a_repeating_all_day_event_is_read_with_its_exceptions() -> None:
    parsed = parse_ics(
        _feed(
            _event(
                "Late Start Wednesday",
                "20260909",
                "",
                "RRULE:FREQ=WEEKLY;BYDAY=WE;UNTIL=20261007",
                "EXDATE;VALUE=DATE:20260923",
                "RDATE;VALUE=DATE:20261008",
            ),
            _event("Early Release", "20270106", "", "RRULE:FREQ=MONTHLY;COUNT=3"),
        )
    )
    days = parsed.days()
    assert [d for d, (k, _) in days.items() if k == "late_start"] == [
        D(2026, 9, 9),
        D(2026, 9, 16),
        D(2026, 9, 30),
        D(2026, 10, 7),
        D(2026, 10, 8),
    ]
    assert [d for d, (k, _) in days.items() if k == "early_release"] == [
        D(2027, 1, 6),
        D(2027, 2, 6),
        D(2027, 3, 6),
    ]


def test_a_rule_without_an_end_stops_at_the_end_of_its_school_year() -> None:
    days = parse_ics(_feed(_event("No School", "20260904", "", "RRULE:FREQ=MONTHLY"))).days()
    assert max(days) == D(2027, 6, 4)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=HOURLY", "repeats hourly; a school calendar's events repeat DAILY, WEEKLY,"),
        ("FREQ=DAILY;BYSETPOS=2", "uses BYSETPOS, which this program does not read"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "names a day no month of it has"),
        ("FREQ=SOMETIMES", "is not a rule this program reads; write it like FREQ=WEEKLY;"),
    ],
)
def test_a_rule_not_read_is_named_on_its_line(rule: str, message: str) -> None:
    parsed = parse_ics(_feed(_event("No School", "20260904", "", f"RRULE:{rule}")))
    (error,) = parsed.errors
    assert error.line == 7
    assert error.message.startswith(f"RRULE “{rule}” {message}")


def test_a_broken_date_is_named_on_its_own_line_in_plain_words() -> None:
    data = _feed(
        _event("No School", "20261015"),
        "UID:x\r\nSUMMARY:Conferences\r\nDTSTART;VALUE=DATE:2026-13-40\r\nDTEND;VALUE=DATE:20261016",
        _event("Winter Break", "20261221", "2027-01-4x"),
    )
    parsed = parse_ics(data)
    assert parsed.errors == [
        LineError(
            11,
            "DTSTART “2026-13-40” is not a date; write it as 20261015 (a whole day) or "
            "20261015T080000 (a time).",
        ),
        LineError(
            16,
            "DTEND “2027-01-4x” is not a date; write it as 20261015 (a whole day) or "
            "20261015T080000 (a time).",
        ),
    ]
    assert not any("vDDD" in e.message or "Cannot access" in e.message for e in parsed.errors)


def test_a_line_that_is_not_icalendar_and_a_missing_end_are_named_by_line() -> None:
    data = _feed(_event("No School", "20261015", "", "oops this is not a line"))
    (error,) = parse_ics(data).errors
    assert error.line == 7
    assert error.message.startswith("“oops this is not a line” is not an iCalendar line")
    data = _feed(_event("No School", "20261015")).replace(b"END:VEVENT\r\n", b"")
    (error,) = parse_ics(data).errors
    assert error == LineError(
        7,
        "END:VCALENDAR closes nothing open here; END:VEVENT (for line 4) was expected. "
        "Check the BEGIN and END lines around it.",
    )


# --- The adversarial test of the import (after issue 24) -----------------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("1850-09-08,,no_school,x", "start: 1850-09-08 is outside the years 1900 to 2099"),
        ("2099-12-30,2100-01-02,break,x", "end: 2100-01-02 is outside the years 1900 to 2099"),
    ],
)
def test_a_csv_day_outside_the_years_the_program_keeps_is_refused_on_its_line(
    row: str, message: str
) -> None:
    parsed = parse_csv(f"start,end,kind,label\n{row}\n")
    assert parsed.errors == [LineError(2, f"{message}: check the year.")]
    assert parsed.entries == []


@pytest.mark.parametrize(
    ("event", "line", "message"),
    [
        (_event("No School", "00010101"), 5, "DTSTART: 0001-01-01 is outside"),
        (_event("No School", "99991230", "99991231"), 5, "DTSTART: 9999-12-30 is outside"),
        (_event("No School", "20991230", "21000105"), 6, "DTEND: 2100-01-05 is outside"),
        (
            _event("No School", "20261015", "", "RDATE;VALUE=DATE:00010101"),
            7,
            "RDATE: 0001-01-01 is outside",
        ),
        (
            _event("No School", "20990901", "", "RRULE:FREQ=MONTHLY"),
            7,
            "RRULE: 2100-01-01 is outside",
        ),
    ],
)
def test_an_event_outside_the_years_the_program_keeps_is_refused_on_its_line(
    event: str, line: int, message: str
) -> None:
    parsed = parse_ics(_feed(event))
    assert parsed.errors == [LineError(line, f"{message} the years 1900 to 2099: check the year.")]
    assert parsed.entries == []
    # The last day the program keeps is still read: DTEND is the day after it.
    assert parse_ics(_feed(_event("No School", "20991231", "21000101"))).errors == []


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (
            "20261015",
            "20261010",
            "DTEND 20261010 is before DTSTART 20261015: an event cannot end before it starts. "
            "Write DTEND as the day after the event's last day (20261016 for an event of one "
            "day), or delete the DTEND line.",
        ),
        (
            "20261015T100000",
            "20261015T080000",
            "DTEND 20261015T080000 is not after DTSTART 20261015T100000: an event cannot end "
            "before it starts. Write DTEND as the time the event ends, later than DTSTART.",
        ),
        (
            "20261015T100000",
            "20261015T100000",
            "DTEND 20261015T100000 is not after DTSTART 20261015T100000: an event cannot end "
            "before it starts. Write DTEND as the time the event ends, later than DTSTART.",
        ),
    ],
    ids=["all day, before", "timed, before", "timed, equal"],
)
def test_an_event_ending_before_it_starts_is_refused_on_its_dtend_line(
    start: str, end: str, message: str
) -> None:
    for extra in ((), ("CATEGORIES:No School",)):  # timed or not, with a kind or not
        parsed = parse_ics(_feed(_event("No School", start, end, *extra)))
        assert parsed.errors == [LineError(6, message)]
        assert parsed.entries == parsed.ignored == []


def test_an_all_day_dtend_equal_to_dtstart_is_one_day_and_a_negative_duration_is_refused() -> None:
    parsed = parse_ics(_feed(_event("No School", "20261015", "20261015")))
    assert parsed.errors == []
    assert parsed.days() == {D(2026, 10, 15): ("no_school", "No School")}
    parsed = parse_ics(_feed(_event("No School", "20261015", "", "DURATION:-P2D")))
    assert parsed.errors == [
        LineError(
            7,
            "DURATION -P2D ends the event before it starts: write how long it lasts, like P1D "
            "(one day) or PT2H (two hours).",
        )
    ]


def test_a_cancelled_event_changes_no_day_and_is_listed_as_cancelled() -> None:
    parsed = parse_ics(
        _feed(
            _event("No School - Snow", "20270112", "", "STATUS:CANCELLED"),
            _event("Homecoming", "20261009", "", "STATUS:cancelled"),  # not asked either
            _event(
                "Conferences", "20261022T080000", "", "CATEGORIES:No School", "STATUS:CANCELLED"
            ),
            _event("No School", "20261023", "", "STATUS:CONFIRMED"),
        )
    )
    assert parsed.errors == []
    assert parsed.unknown == []
    assert parsed.days() == {D(2026, 10, 23): ("no_school", "No School")}
    assert [(e.label, e.first, e.why) for e in parsed.ignored] == [
        ("No School - Snow", D(2027, 1, 12), "cancelled"),
        ("Homecoming", D(2026, 10, 9), "cancelled"),
        ("Conferences", D(2026, 10, 22), "cancelled"),
    ]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            "FREQ=DAILY;INTERVAL=0",
            "has INTERVAL=0; write INTERVAL=1 or more (2 for every other day, week or month), "
            "or delete it.",
        ),
        ("FREQ=WEEKLY;COUNT=0", "has COUNT=0; write COUNT=1 or more, or delete it."),
        (
            "FREQ=DAILY;COUNT=100000000",
            "repeats past 2029-09-04, 1098 days after its DTSTART, more than a file of this "
            "program holds: lower its COUNT or end it with UNTIL, or import one school year at a "
            "time.",
        ),
        (
            "FREQ=WEEKLY;UNTIL=20990101",
            "repeats past 2029-09-04, 1098 days after its DTSTART, more than a file of this "
            "program holds: lower its COUNT or end it with UNTIL, or import one school year at a "
            "time.",
        ),
    ],
)
def test_a_rule_repeating_never_or_past_what_a_file_holds_is_refused_not_cut(
    rule: str, message: str
) -> None:
    parsed = parse_ics(_feed(_event("No School", "20260902", "", f"RRULE:{rule}")))
    assert parsed.errors == [LineError(7, f"RRULE “{rule}” {message}")]
    assert parsed.entries == []
    # A rule that ends within it is read to its end.
    days = parse_ics(_feed(_event("No School", "20260902", "", "RRULE:FREQ=YEARLY;COUNT=4")))
    assert max(days.days()) == D(2029, 9, 2)


def test_an_unknown_time_zone_is_refused_only_where_it_decides_the_day() -> None:
    start = "DTSTART;TZID=Mars/Olympus:20261015T080000\r\nDTEND;TZID=Mars/Olympus:20261015T150000"
    # A timed event without a kind changes no day whatever its zone.
    parsed = parse_ics(_feed(f"{start}\r\nSUMMARY:Conferences"))
    assert parsed.errors == []
    assert [e.why[:14] for e in parsed.ignored] == ["a timed event:"]
    # With a kind, its zone decides its day: refused on its line, naming the zone.
    parsed = parse_ics(_feed(f"{start}\r\nSUMMARY:Conferences\r\nCATEGORIES:No School"))
    assert parsed.errors == [
        LineError(
            5,
            "DTSTART names the time zone “Mars/Olympus”, which neither this program nor the file "
            "(VTIMEZONE) defines, so the day of the event is not known: write a zone such as "
            "America/Chicago, or make it a whole day (DTSTART;VALUE=DATE:20261015).",
        )
    ]
    known = start.replace("Mars/Olympus", "America/Chicago")
    parsed = parse_ics(_feed(f"{known}\r\nSUMMARY:Conferences\r\nCATEGORIES:No School"))
    assert parsed.errors == []
    assert parsed.days() == {D(2026, 10, 15): ("no_school", "Conferences")}


def test_an_override_of_one_occurrence_replaces_it() -> None:
    """RECURRENCE-ID: an event of the same UID moving (or cancelling) one day of a rule."""
    parsed = parse_ics(
        _feed(
            _event(
                "Late Start",
                "20260923",
                "",
                "UID:late@demo",
                "RECURRENCE-ID;VALUE=DATE:20260923",
                "STATUS:CANCELLED",
            ),
            _event(
                "Late Start",
                "20260909",
                "",
                "UID:late@demo",
                "RRULE:FREQ=WEEKLY;BYDAY=WE;UNTIL=20261007",
            ),
            _event(
                "Late Start (moved)",
                "20260917",
                "",
                "UID:late@demo",
                "RECURRENCE-ID;VALUE=DATE:20260916",
            ),
            # An override whose rule is not in the file is read as the day it gives.
            _event("Late Start", "20261014", "", "UID:other@demo", "RECURRENCE-ID:20261014T000000"),
        )
    )
    assert parsed.errors == []
    assert [(d, label) for d, (_, label) in parsed.days().items()] == [
        (D(2026, 9, 9), "Late Start"),
        (D(2026, 9, 17), "Late Start (moved)"),
        (D(2026, 9, 30), "Late Start"),
        (D(2026, 10, 7), "Late Start"),
        (D(2026, 10, 14), "Late Start"),
    ]
    assert [(e.first, e.why) for e in parsed.ignored] == [(D(2026, 9, 23), "cancelled")]


def test_an_override_of_this_and_future_occurrences_is_refused_on_its_line() -> None:
    parsed = parse_ics(
        _feed(
            _event(
                "Late Start",
                "20260916",
                "",
                "UID:late@demo",
                "RECURRENCE-ID;RANGE=THISANDFUTURE;VALUE=DATE:20260916",
            ),
        )
    )
    assert parsed.errors == [
        LineError(
            8,
            "RECURRENCE-ID;RANGE=THISANDFUTURE changes every later day of a rule, which this "
            "program does not read: end the rule with UNTIL and give the later days a rule of "
            "their own.",
        )
    ]


def test_a_preview_asks_about_fifty_titles_at_most() -> None:
    events = [_event(f"Club meeting {n}", "20261015") for n in range(1, 52)]
    parsed = parse_ics(_feed(*events[:50]))
    assert parsed.errors == []
    assert len(parsed.asked) == 50
    parsed = parse_ics(_feed(*events))
    assert parsed.errors == [
        LineError(
            4 + 4 * 50,  # the BEGIN:VEVENT of the title number 51
            "more than 50 different titles tell no kind of day (title number 51 is “Club meeting "
            "51”), more than one preview asks about: give those events a kind with CATEGORIES "
            "(such as CATEGORIES:No School) or X-SRO-KIND (such as X-SRO-KIND:no_school), or "
            "split the file and import it in parts.",
        )
    ]
    # Titles whose kind was chosen before are not asked again.
    assert parse_ics(_feed(*events), {"1 club meeting": "ignore"}).errors == []
