"""Reading school calendars from iCalendar (.ics) and CSV files. Pure: no Django, no database.

A file gives entries: a first and last day, a kind of day and a label. `expand` turns entries into
one kind per date. Every problem is reported with its line so that nothing is saved until the
whole file is right. Every value read is held to the rule for text typed into a form
(``sro.core.text``: no control, bidirectional or invisible characters, one line), and a label to
the length a calendar day keeps.

`decode` and `check` are the one check of a file: the import's preview runs them on the upload,
its confirmation runs `check` again on the very text the preview checked (``forms``), so a file
the preview accepts is always imported.

Not read: an event's recurrence (RRULE, RDATE, EXDATE); a repeating event counts as its first
occurrence only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sro.core.text import in_file_problem

# Kinds of day, from most to least specific: where entries overlap on a date, the first wins.
KINDS: dict[str, str] = {
    "no_school": "No school",
    "break": "Break",
    "summer": "Summer",
    "late_start": "Late start",
    "early_release": "Early release",
    "instructional": "School day",
}
STUDENTS_ATTEND = frozenset({"instructional", "late_start", "early_release"})
# Kinds on which students attend cover weekdays only; the others cover every day of the range.
MAX_FILE_BYTES = 1024 * 1024
MAX_LABEL = 200  # CalendarDay.label
MAX_RANGE_DAYS = 400
# A school year's calendar has tens to a few hundred entries. A small file of many long entries
# spread over centuries would otherwise expand to millions of days (and rows) to compare and save.
MAX_ENTRIES = 3000
MAX_SPAN_DAYS = 3 * 366
# The problems listed at once; more add nothing but a longer page to render.
MAX_ERRORS = 100

# Words in an event's title that tell its kind when the file does not say it (CATEGORIES or
# X-SRO-KIND). Checked in this order.
KEYWORDS: list[tuple[str, str]] = [
    (r"late start|delayed start|late arrival", "late_start"),
    (r"early release|early dismissal|half day", "early_release"),
    (r"summer", "summer"),
    (r"break|recess|vacation", "break"),
    (
        r"no school|no classes|closed|holiday|snow day|staff development|teacher workshop|"
        r"conference|workshop day",
        "no_school",
    ),
    (r"school day|classes in session|first day|last day|term|semester|quarter", "instructional"),
]


@dataclass(frozen=True)
class Entry:
    first: dt.date
    last: dt.date
    kind: str
    label: str
    line: int


@dataclass(frozen=True)
class LineError:
    line: int
    message: str


@dataclass
class Parsed:
    entries: list[Entry] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)


def kind_from(text: str) -> str | None:
    lowered = text.strip().lower()
    for key, label in KINDS.items():
        if lowered in {key, label.lower(), key.replace("_", " ")}:
            return key
    for pattern, kind in KEYWORDS:
        if re.search(pattern, lowered):
            return kind
    return None


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text.strip())


def _check_range(first: dt.date, last: dt.date, line: int, errors: list[LineError]) -> bool:
    if last < first:
        errors.append(LineError(line, f"ends ({last}) before it starts ({first})."))
        return False
    if (last - first).days > MAX_RANGE_DAYS:
        errors.append(LineError(line, f"covers more than {MAX_RANGE_DAYS} days; split it."))
        return False
    return True


def decode(data: bytes) -> tuple[str, LineError | None]:
    """The file's text, or why it cannot be read (naming the line of a byte that is not UTF-8)."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return "", LineError(
            line, "this line is not UTF-8 text: save the file as UTF-8 (CSV UTF-8) and try again."
        )


def check(text: str, file_format: str) -> Parsed:
    """Every entry of the file's text, or every problem: the one check, for the preview and the
    confirmation alike."""
    return parse_ics(text.encode("utf-8")) if file_format == "ics" else parse_csv(text)


def _text_problems(values: dict[str, str], line: int, errors: list[LineError]) -> bool:
    """Whether a value breaks the text rule or a label is too long; each problem is added."""
    before = len(errors)
    for name, value in values.items():
        if (problem := in_file_problem(value)) is not None:
            errors.append(LineError(line, f"{name}: {problem}"))
    label = values.get("label", values.get("SUMMARY", ""))
    if len(errors) == before and len(label) > MAX_LABEL:
        errors.append(
            LineError(
                line,
                f"{'label' if 'label' in values else 'SUMMARY'}: {len(label)} characters; a day's "
                f"label holds at most {MAX_LABEL}. Shorten it.",
            )
        )
    return len(errors) > before


def parse_csv(text: str) -> Parsed:
    """Columns: start, end (optional, inclusive), kind, label. One row per entry."""
    result = Parsed()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        result.errors.append(LineError(1, f"The file is not CSV ({exc}); save it as CSV."))
        return result
    for number, name in enumerate(header, start=1):
        if (problem := in_file_problem(name)) is not None:
            result.errors.append(LineError(1, f"column {number} of the header holds {problem}"))
    if result.errors:
        return result
    if "start" not in header or "kind" not in header:
        result.errors.append(
            LineError(
                1,
                "The first line must name the columns: "
                "start,end,kind,label (end and label optional).",
            )
        )
        return result
    reader.fieldnames = header
    end = reader.line_num
    try:
        for row in reader:
            # A row's first line: a quoted value can hold line breaks, so rows and lines differ.
            line, end = end + 1, reader.line_num
            values = {k: (v or "").strip() for k, v in row.items() if k}
            if not any(values.values()):
                continue
            if _full(result, line):
                break
            if not _text_problems(values, line, result.errors):
                _csv_row(values, line, result)
    except csv.Error as exc:
        result.errors.append(
            LineError(reader.line_num, f"this line is not CSV ({exc}): check its quotes.")
        )
    _check_span(result)
    return result


def _full(result: Parsed, line: int) -> bool:
    """Whether to stop reading before `line`: too many entries, or problems enough to fix."""
    if len(result.entries) >= MAX_ENTRIES:
        result.errors.append(
            LineError(
                line,
                f"the file has more than {MAX_ENTRIES:,} entries, more than a school calendar "
                "has: import one school year at a time.",
            )
        )
        return True
    if len(result.errors) >= MAX_ERRORS:
        result.errors.append(
            LineError(line, f"reading stopped after {MAX_ERRORS} problems: fix these first.")
        )
        return True
    return False


def _check_span(result: Parsed) -> None:
    """The entries together cover at most `MAX_SPAN_DAYS`: a year mistyped (2062 for 2026), or a
    file made to expand to millions of days, is named before anything is expanded."""
    if not result.entries:
        return
    earliest = min(result.entries, key=lambda e: e.first)
    latest = max(result.entries, key=lambda e: e.last)
    if (latest.last - earliest.first).days > MAX_SPAN_DAYS:
        result.errors.append(
            LineError(
                earliest.line,
                f"the entries run from {earliest.first} (line {earliest.line}) to {latest.last} "
                f"(line {latest.line}), more than {MAX_SPAN_DAYS} days: check those years, or "
                "import one school year at a time.",
            )
        )


def _csv_row(values: dict[str, str], line: int, result: Parsed) -> None:
    try:
        first = _date(values.get("start", ""))
    except ValueError:
        result.errors.append(
            LineError(line, f"start “{values.get('start', '')}” is not a date (write YYYY-MM-DD).")
        )
        return
    try:
        last = _date(values["end"]) if values.get("end") else first
    except ValueError:
        result.errors.append(
            LineError(line, f"end “{values['end']}” is not a date (write YYYY-MM-DD).")
        )
        return
    kind = kind_from(values.get("kind", ""))
    if kind is None:
        result.errors.append(
            LineError(line, f"kind “{values.get('kind', '')}” is not one of: {', '.join(KINDS)}.")
        )
        return
    if _check_range(first, last, line, result.errors):
        result.entries.append(
            Entry(first, last, kind, values.get("label", "") or KINDS[kind], line)
        )


def parse_ics(data: bytes) -> Parsed:
    """All-day and timed events; DTEND of an all-day event is the day after its last day."""
    import icalendar

    result = Parsed()
    lines = [
        i + 1
        for i, text in enumerate(data.decode("utf-8", "replace").splitlines())
        if text.strip().upper() == "BEGIN:VEVENT"
    ]
    if len(lines) > MAX_ENTRIES:  # counted before icalendar reads the whole file
        result.errors.append(
            LineError(
                lines[MAX_ENTRIES],
                f"the file has more than {MAX_ENTRIES:,} events, more than a school calendar "
                "has: import one school year at a time.",
            )
        )
        return result
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        result.errors.append(LineError(1, f"This is not an iCalendar file ({exc})."))
        return result
    for index, event in enumerate(calendar.walk("VEVENT")):
        line = lines[index] if index < len(lines) else 0
        if _full(result, line):
            break
        try:
            _ics_event(event, line, result)
        except (ValueError, OverflowError, TypeError, AttributeError) as exc:
            # A property icalendar cannot read (a DTSTART that is not a date, …).
            result.errors.append(LineError(line, f"this event cannot be read ({exc})."))
    if not lines and not result.errors:
        result.errors.append(LineError(1, "The file has no events (VEVENT)."))
    _check_span(result)
    return result


def _ics_event(event: object, line: int, result: Parsed) -> None:
    summary = str(event.get("SUMMARY", "")).strip()  # type: ignore[attr-defined]
    declared_kind = str(event.get("X-SRO-KIND", ""))  # type: ignore[attr-defined]
    if _text_problems({"SUMMARY": summary, "X-SRO-KIND": declared_kind}, line, result.errors):
        return
    start = event.get("DTSTART")  # type: ignore[attr-defined]
    if start is None:
        result.errors.append(LineError(line, f"event “{summary}” has no start date (DTSTART)."))
        return
    first = start.dt if not isinstance(start.dt, dt.datetime) else start.dt.date()
    end = event.get("DTEND")  # type: ignore[attr-defined]
    if end is None:
        last = first
    elif isinstance(end.dt, dt.datetime):
        last = end.dt.date()
    else:
        last = end.dt - dt.timedelta(days=1)  # all-day DTEND is exclusive
    declared = declared_kind or _categories(event)
    kind = kind_from(declared) if declared else None
    kind = kind or kind_from(summary)
    if kind is None:
        result.errors.append(
            LineError(
                line,
                f"cannot tell what kind of day “{summary}” is: set "
                "CATEGORIES or X-SRO-KIND to one of "
                f"{', '.join(KINDS)}.",
            )
        )
        return
    if _check_range(first, max(last, first), line, result.errors):
        result.entries.append(Entry(first, max(last, first), kind, summary or KINDS[kind], line))


def _categories(event: object) -> str:
    value = event.get("CATEGORIES")  # type: ignore[attr-defined]
    if value is None:
        return ""
    items = value if isinstance(value, list) else [value]
    names = [str(c) for item in items for c in getattr(item, "cats", [item])]
    return next((n for n in names if kind_from(n)), "")


def expand(entries: Iterable[Entry]) -> dict[dt.date, tuple[str, str]]:
    """One (kind, label) per date; where entries overlap the more specific kind wins."""
    rank = {kind: i for i, kind in enumerate(KINDS)}
    days: dict[dt.date, tuple[str, str]] = {}
    for entry in entries:
        day = entry.first
        while day <= entry.last:
            weekday_only = entry.kind in STUDENTS_ATTEND
            if not (weekday_only and day.weekday() >= 5):
                current = days.get(day)
                if current is None or rank[entry.kind] < rank[current[0]]:
                    days[day] = (entry.kind, entry.label)
            day += dt.timedelta(days=1)
    return dict(sorted(days.items()))
