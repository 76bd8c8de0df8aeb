"""Reading school calendars from iCalendar (.ics) and CSV files. Pure: no Django, no database.

A file gives entries: a first and last day, a kind of day and a label. `expand` turns entries into
one kind per date. Every problem is reported with its line (the broken line itself) so that
nothing is saved until the whole file is right. Every value read is held to the rule for text
typed into a form (``sro.core.text``: no control, bidirectional or invisible characters, one
line), and a label to the length a calendar day keeps.

`decode` and `check` are the one check of a file: the import's preview runs them on the upload,
its confirmation runs `check` again on the very text the preview checked (``forms``), so a file
the preview accepts is always imported.

An iCalendar file is a district's feed, so its events are read the way districts write them:
- a timed event (a DTSTART with a time: conferences 4-8 pm, a game) does not change the school
  day, unless the file names a kind for it (X-SRO-KIND, or a CATEGORIES value such as
  ``no-school``);
- an all-day event's kind comes from X-SRO-KIND, CATEGORIES, or its title (`TITLES`), ignoring
  case, punctuation and word order; a title still unknown is asked (`Parsed.unknown`) and the
  answer remembered per district (``choices``);
- recurrence (RRULE, with EXDATE and RDATE) is read with dateutil; a rule without an end stops
  at the end of its school year (June 30).
Between the first and the last day of school (events so titled), a weekday that no entry names
is a school day.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sro.core.dates import in_range, out_of_range
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
# Kinds on which students attend cover weekdays only when an entry covers several days; an
# entry of one day (a make-up day on a Saturday) is taken as the file gives it.
# A person's answer for an event whose title tells no kind: one of KINDS, or this.
IGNORE = "ignore"
CHOICES: dict[str, str] = {**KINDS, IGNORE: "Ignore: does not change the school day"}
MAX_FILE_BYTES = 1024 * 1024
MAX_LABEL = 200  # CalendarDay.label
MAX_RANGE_DAYS = 400
# A school year's calendar has tens to a few hundred entries. A small file of many long entries
# spread over centuries would otherwise expand to millions of days (and rows) to compare and save.
MAX_ENTRIES = 3000
MAX_SPAN_DAYS = 3 * 366
# The problems listed at once; more add nothing but a longer page to render.
MAX_ERRORS = 100
# The titles that tell no kind one preview asks about (a choice each); more is a form no one
# answers with care, and a page of thousands of fields.
MAX_ASKED = 50
SCHOOL_DAY_LABEL = KINDS["instructional"]


def words(text: str) -> list[str]:
    """The words of a title or category: lower case, without punctuation ("Make-up" is two
    words, "makeup" one)."""
    return re.findall(r"[a-z0-9]+", text.lower())


def title_key(text: str) -> str:
    """What a title is remembered by: its words, whatever their case, punctuation or order."""
    return " ".join(sorted(set(words(text))))[:MAX_LABEL]


def _phrases(*texts: str) -> list[frozenset[str]]:
    return [frozenset(words(t)) for t in texts]


# A CATEGORIES value (or X-SRO-KIND, or a CSV kind) names a kind when its words are exactly one
# of these, in any order.
CATEGORY_WORDS: list[tuple[frozenset[str], str]] = [
    *((p, kind) for kind in KINDS for p in _phrases(kind, KINDS[kind])),
    *(
        (p, "no_school")
        for p in _phrases(
            "noschool",
            "holiday",
            "holidays",
            "closed",
            "school closed",
            "no students",
            "non student day",
            "no classes",
            "day off",
        )
    ),
    *((p, "break") for p in _phrases("vacation", "recess")),
    *(
        (p, "late_start")
        for p in _phrases("late start", "latestart", "delayed start", "delayed opening")
    ),
    *((p, "early_release") for p in _phrases("early dismissal", "early out", "half day")),
    *(
        (p, "instructional")
        for p in _phrases("school", "student day", "makeup day", "make up day", "classes")
    ),
]
# A title names a kind when its words include all the words of one of these, in any order;
# checked in this order, so "Snow Day Makeup" is a make-up day and "Winter Break - No School" a
# break.
TITLES: list[tuple[list[frozenset[str]], str]] = [
    (_phrases("makeup", "make up day", "make up school"), "instructional"),
    (
        _phrases(
            "late start",
            "delayed start",
            "late arrival",
            "delayed opening",
            "late opening",
            "hour delay",
        ),
        "late_start",
    ),
    (_phrases("early release", "early dismissal", "half day", "early out"), "early_release"),
    (_phrases("summer"), "summer"),
    (_phrases("break", "recess", "vacation"), "break"),
    (
        _phrases(
            "no school",
            "no students",
            "no classes",
            "closed",
            "holiday",
            "snow day",
            "staff development",
            "professional development",
            "teacher workshop",
            "workshop day",
            "inservice",
            "in service",
            "teacher work day",
            "non student",
            "school cancelled",
            "school canceled",
        ),
        "no_school",
    ),
    (
        _phrases(
            "school day",
            "classes in session",
            "first day",
            "last day",
            "students attend",
            "term",
            "semester",
            "quarter",
        ),
        "instructional",
    ),
]
FIRST_DAY = _phrases("first day school", "first day students", "first day classes")
LAST_DAY = _phrases("last day school", "last day students", "last day classes")


@dataclass(frozen=True)
class Entry:
    first: dt.date
    last: dt.date
    kind: str  # "" for an event whose kind is not known (Parsed.unknown)
    label: str
    line: int
    why: str = ""  # for an event that changes no day (Parsed.ignored): why not


@dataclass(frozen=True)
class LineError:
    line: int
    message: str


@dataclass
class Parsed:
    entries: list[Entry] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    # All-day events whose title tells no kind: the person chooses one (remembered per title).
    unknown: list[Entry] = field(default_factory=list)
    # Events that change no day: timed ones, cancelled ones (STATUS:CANCELLED), and those the
    # person chose to ignore.
    ignored: list[Entry] = field(default_factory=list)
    # Titles classified by a choice remembered from an earlier import: title key -> kind.
    chosen: dict[str, str] = field(default_factory=dict)

    @property
    def asked(self) -> list[tuple[str, str]]:
        """Each unknown title once, in the file's order: (key, title as first written)."""
        seen: dict[str, str] = {}
        for entry in self.unknown:
            seen.setdefault(title_key(entry.label), entry.label)
        return list(seen.items())

    @property
    def school_year(self) -> tuple[dt.date, dt.date] | None:
        """From the first day of school to the last, when the file marks both."""
        firsts = [e.first for e in self.entries if _is(e.label, FIRST_DAY)]
        lasts = [e.last for e in self.entries if _is(e.label, LAST_DAY)]
        if not firsts or not lasts or max(lasts) < min(firsts):
            return None
        return min(firsts), max(lasts)

    def days(self) -> dict[dt.date, tuple[str, str]]:
        return expand(self.entries, school_year=self.school_year)


def _is(label: str, phrases: list[frozenset[str]]) -> bool:
    have = set(words(label))
    return any(p <= have for p in phrases)


def kind_of_category(text: str) -> str | None:
    """The kind a CATEGORIES value (or X-SRO-KIND, or a CSV kind) names, if any."""
    have = frozenset(words(text))
    return next((kind for phrase, kind in CATEGORY_WORDS if phrase == have), None)


def kind_of_title(text: str) -> str | None:
    """The kind an event's title tells, if any."""
    have = set(words(text))
    for phrases, kind in TITLES:
        if any(p <= have for p in phrases):
            return kind
    return None


def kind_from(text: str) -> str | None:
    return kind_of_category(text) or kind_of_title(text)


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


def check(text: str, file_format: str, choices: Mapping[str, str] | None = None) -> Parsed:
    """Every entry of the file's text, or every problem: the one check, for the preview and the
    confirmation alike. `choices` (title key -> one of CHOICES) classifies the events whose title
    tells no kind."""
    if file_format == "ics":
        return parse_ics(text.encode("utf-8"), choices)
    return parse_csv(text)


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
    for name, day in (("start", first), ("end", last)):
        if not in_range(day):  # the years every date of the program lies in (sro.core.dates)
            result.errors.append(LineError(line, f"{name}: {out_of_range(day)}"))
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


@dataclass
class _Lines:
    """Where an event's parts are in the file: its BEGIN:VEVENT line, and each property's lines
    with their values as written (after unfolding), read from the text itself because icalendar
    keeps no line numbers."""

    begin: int
    props: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    unreadable: list[tuple[int, str]] = field(default_factory=list)

    def line(self, name: str, value: str | None = None) -> int:
        found = self.props.get(name, [])
        for number, written in found:
            if value is None or written == value:
                return number
        return found[0][0] if found else self.begin

    def value(self, name: str) -> str:
        found = self.props.get(name, [])
        return found[0][1] if found else ""


def _content_lines(text: str) -> list[tuple[int, str]]:
    """The file's content lines, unfolded (RFC 5545 3.1), each with the number of its first
    physical line."""
    lines: list[tuple[int, str]] = []
    for number, physical in enumerate(text.splitlines(), start=1):
        if physical[:1] in {" ", "\t"} and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + physical[1:])
        elif physical.strip():
            lines.append((number, physical))
    return lines


def _split(line: str) -> tuple[str, str] | None:
    """A content line's name and value (after the first colon outside quotes)."""
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            name = line[:i].split(";", 1)[0].strip().upper()
            return (name, line[i + 1 :]) if re.fullmatch(r"[A-Z0-9-]+", name) else None
    return None


@dataclass
class _Scan:
    events: list[_Lines] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)


def _scan(text: str) -> _Scan:
    """Each event's lines, and the problems of the file's structure, named by line."""
    scan, stack = _Scan(), list[tuple[str, int]]()
    for number, line in _content_lines(text):
        parts = _split(line)
        if parts is None:
            if scan.events and stack and stack[-1][0] == "VEVENT":
                scan.events[-1].unreadable.append((number, line))
            else:
                scan.errors.append(LineError(number, _not_a_line(line)))
            continue
        name, value = parts
        component = value.strip().upper()
        if name == "BEGIN":
            stack.append((component, number))
            if component == "VEVENT":
                scan.events.append(_Lines(number))
        elif name == "END":
            if not stack or stack[-1][0] != component:
                expected = f"END:{stack[-1][0]} (for line {stack[-1][1]})" if stack else "nothing"
                scan.errors.append(
                    LineError(
                        number,
                        f"END:{component} closes nothing open here; {expected} was expected. "
                        "Check the BEGIN and END lines around it.",
                    )
                )
                return scan
            stack.pop()
        elif stack and stack[-1][0] == "VEVENT":
            scan.events[-1].props.setdefault(name, []).append((number, value))
    for component, number in stack:
        scan.errors.append(
            LineError(number, f"BEGIN:{component} has no END:{component}; add it after its lines.")
        )
    return scan


def _not_a_line(line: str) -> str:
    shown = line if len(line) <= 60 else line[:57] + "…"
    return (
        f"“{shown}” is not an iCalendar line (NAME:value, e.g. SUMMARY:No School); join it to "
        "the line before it by starting it with a space, or delete it."
    )


DATE_FIX = "write it as 20261015 (a whole day) or 20261015T080000 (a time)."
PROPERTY_FIX = {
    "DTSTART": f"is not a date; {DATE_FIX}",
    "DTEND": f"is not a date; {DATE_FIX}",
    "EXDATE": f"is not a date (or dates separated by commas); {DATE_FIX}",
    "RDATE": f"is not a date (or dates separated by commas); {DATE_FIX}",
    "DURATION": "is not a duration; write it like P1D (one day) or PT2H (two hours).",
    "RRULE": "is not a rule this program reads; write it like FREQ=WEEKLY;BYDAY=MO;UNTIL=20270601.",
}


def parse_ics(data: bytes, choices: Mapping[str, str] | None = None) -> Parsed:
    """All-day and timed events; DTEND of an all-day event is the day after its last day."""
    import icalendar

    result = Parsed()
    text = data.decode("utf-8", "replace")
    scan = _scan(text)
    if len(scan.events) > MAX_ENTRIES:  # counted before icalendar reads the whole file
        result.errors.append(
            LineError(
                scan.events[MAX_ENTRIES].begin,
                f"the file has more than {MAX_ENTRIES:,} events, more than a school calendar "
                "has: import one school year at a time.",
            )
        )
        return result
    if scan.errors:
        result.errors.extend(scan.errors[:MAX_ERRORS])
        return result
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        result.errors.append(
            LineError(
                1,
                "This is not an iCalendar file: it must begin with BEGIN:VCALENDAR. Export the "
                "calendar as iCalendar (.ics), or use a CSV file.",
            )
        )
        return result
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError):
        result.errors.append(
            LineError(
                1,
                "This is not an iCalendar file icalendar can read. Export the calendar again "
                "as iCalendar (.ics), or use a CSV file.",
            )
        )
        return result
    events = calendar.walk("VEVENT")
    lines = scan.events if len(scan.events) == len(events) else [_Lines(1) for _ in events]
    # The days of a rule that an event of the same UID with a RECURRENCE-ID replaces (moves or
    # cancels): that event is read as any other, and the rule skips the day it replaces.
    replaced: dict[str, set[dt.date]] = {}
    for event in events:
        recurrence, uid = event.get("RECURRENCE-ID"), str(event.get("UID", ""))
        if uid and isinstance(getattr(recurrence, "dt", None), dt.date):
            replaced.setdefault(uid, set()).add(_day(recurrence.dt))
    for event, where in zip(events, lines, strict=True):
        if _full(result, where.begin):
            break
        master = event.get("RECURRENCE-ID") is None
        skip = replaced.get(str(event.get("UID", "")), set()) if master else set()
        try:
            _ics_event(event, where, result, choices or {}, skip)
        except (ValueError, OverflowError, TypeError, AttributeError):
            # Anything icalendar or dateutil still cannot read: named, never a server error.
            result.errors.append(
                LineError(
                    where.begin,
                    "this event cannot be read: check its DTSTART, DTEND and RRULE lines "
                    f"({DATE_FIX})",
                )
            )
    if not events and not result.errors:
        result.errors.append(LineError(1, "The file has no events (VEVENT)."))
    asked = result.asked
    if len(asked) > MAX_ASKED:
        key, title = asked[MAX_ASKED]
        line = next(e.line for e in result.unknown if title_key(e.label) == key)
        result.errors.append(
            LineError(
                line,
                f"more than {MAX_ASKED} different titles tell no kind of day (title number "
                f"{MAX_ASKED + 1} is “{title}”), more than one preview asks about: give those "
                "events a kind with CATEGORIES (such as CATEGORIES:No School) or X-SRO-KIND "
                "(such as X-SRO-KIND:no_school), or split the file and import it in parts.",
            )
        )
    _check_span(result)
    return result


def _broken(event: Any, where: _Lines, result: Parsed) -> bool:
    """Whether a line of the event that this program reads is broken; each is named by its own
    line, in plain words with the fix (never the library's message)."""
    before = len(result.errors)
    for number, line in where.unreadable:
        result.errors.append(LineError(number, _not_a_line(line)))
    for name, _message in getattr(event, "errors", []):
        if name in PROPERTY_FIX:
            raw = str(event.get(name, "")) if not isinstance(event.get(name), list) else None
            number = where.line(name, raw)
            written = raw if raw is not None else where.value(name)
            shown = written if len(written) <= 60 else written[:57] + "…"
            result.errors.append(LineError(number, f"{name} “{shown}” {PROPERTY_FIX[name]}"))
    return len(result.errors) > before


def _ics_event(
    event: Any,
    where: _Lines,
    result: Parsed,
    choices: Mapping[str, str],
    replaced: set[dt.date] | None = None,
) -> None:
    summary = str(event.get("SUMMARY", "")).strip()
    declared_kind = str(event.get("X-SRO-KIND", ""))
    bad = False
    for name, value in (("SUMMARY", summary), ("X-SRO-KIND", declared_kind)):
        bad |= _text_problems({name: value}, where.line(name), result.errors)
    if _broken(event, where, result) or bad:
        return
    recurrence = event.get("RECURRENCE-ID")
    if str(getattr(recurrence, "params", {}).get("RANGE", "")).upper() == "THISANDFUTURE":
        result.errors.append(
            LineError(
                where.line("RECURRENCE-ID"),
                "RECURRENCE-ID;RANGE=THISANDFUTURE changes every later day of a rule, which this "
                "program does not read: end the rule with UNTIL and give the later days a rule of "
                "their own.",
            )
        )
        return
    start = event.get("DTSTART")
    if start is None:
        result.errors.append(
            LineError(
                where.begin,
                f"the event “{summary}” has no DTSTART (its first day); add a line such as "
                "DTSTART;VALUE=DATE:20261015.",
            )
        )
        return
    timed = isinstance(start.dt, dt.datetime)
    first = start.dt.date() if timed else start.dt
    if not in_range(first):  # the years every date of the program lies in (sro.core.dates)
        result.errors.append(LineError(where.line("DTSTART"), f"DTSTART: {out_of_range(first)}"))
        return
    if (problem := _ends_before_start(event, where)) is not None:
        result.errors.append(problem)
        return
    last = _last_day(event, first, timed)
    if not in_range(last):
        end = event.get("DTEND")
        name, shown = ("DTEND", _day(end.dt)) if end is not None else ("DURATION", last)
        result.errors.append(LineError(where.line(name), f"{name}: {out_of_range(shown)}"))
        return
    if last < first:
        result.errors.append(
            LineError(
                where.line("DTEND"),
                f"the event “{summary}” ends ({last}) before it starts ({first}); correct its "
                "DTEND.",
            )
        )
        return
    if (last - first).days > MAX_RANGE_DAYS:
        result.errors.append(
            LineError(
                where.line("DTEND"),
                f"the event “{summary}” covers more than {MAX_RANGE_DAYS} days; split it.",
            )
        )
        return
    label = summary or "(no title)"
    if str(event.get("STATUS", "")).strip().upper() == "CANCELLED":
        result.ignored.append(Entry(first, last, "", label, where.begin, "cancelled"))
        return
    declared = kind_of_category(declared_kind) if declared_kind else None
    kind = declared or _categories(event)
    if kind is not None and timed and (zone := _unknown_zone(event)) is not None:
        result.errors.append(
            LineError(
                where.line(zone[0]),
                f"{zone[0]} names the time zone “{zone[1]}”, which neither this program nor the "
                "file (VTIMEZONE) defines, so the day of the event is not known: write a zone "
                f"such as America/Chicago, or make it a whole day (DTSTART;VALUE=DATE:"
                f"{first:%Y%m%d}).",
            )
        )
        return
    if kind is None and timed:
        why = "a timed event: it changes the school day only with CATEGORIES naming a kind"
        result.ignored.append(Entry(first, last, "", label, where.begin, why))
        return
    if kind is None:
        kind = kind_of_title(summary)
    if kind is None:
        key = title_key(summary)
        chosen = choices.get(key)
        if chosen == IGNORE:
            result.chosen[key] = IGNORE
            result.ignored.append(Entry(first, last, "", label, where.begin, "as chosen"))
            return
        if chosen in KINDS:
            result.chosen[key] = chosen
            kind = chosen
    span = dt.timedelta(days=(last - first).days)
    days = [d for d in _occurrences(event, where, first, result) if d not in (replaced or set())]
    added = set(_dates(event.get("RDATE"))) if event.get("RDATE") is not None else set()
    for day in days:
        outside = day if not in_range(day) else day + span if not in_range(day + span) else None
        if outside is not None:
            name = "RDATE" if day in added else "RRULE"
            result.errors.append(LineError(where.line(name), f"{name}: {out_of_range(outside)}"))
            return
    for day in days:
        if kind is None:
            result.unknown.append(Entry(day, day + span, "", label, where.begin))
        else:
            result.entries.append(Entry(day, day + span, kind, summary or KINDS[kind], where.begin))


def _ends_before_start(event: Any, where: _Lines) -> LineError | None:
    """Why the event's end (DTEND, or DTSTART and DURATION) is refused, on its line: before its
    start, or at the very time it starts for a timed event. An all-day DTEND on the day of DTSTART
    is read as that one day, as before."""
    start, end, duration = event.get("DTSTART").dt, event.get("DTEND"), event.get("DURATION")
    if end is None and duration is not None:
        if start + duration.dt >= start and (duration.dt or not isinstance(start, dt.datetime)):
            return None
        return LineError(
            where.line("DURATION"),
            f"DURATION {where.value('DURATION').strip()} ends the event before it starts: write "
            "how long it lasts, like P1D (one day) or PT2H (two hours).",
        )
    if end is None:
        return None
    end = end.dt
    timed = isinstance(start, dt.datetime) or isinstance(end, dt.datetime)
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        if (start.tzinfo is None) != (end.tzinfo is None):  # one without a zone: as written
            start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
        wrong = end <= start
    else:
        wrong = _day(end) < _day(start) if timed else end < start
    if not wrong:
        return None
    written = where.value("DTEND").strip(), where.value("DTSTART").strip()
    if timed:
        return LineError(
            where.line("DTEND"),
            f"DTEND {written[0]} is not after DTSTART {written[1]}: an event cannot end before "
            "it starts. Write DTEND as the time the event ends, later than DTSTART.",
        )
    return LineError(
        where.line("DTEND"),
        f"DTEND {written[0]} is before DTSTART {written[1]}: an event cannot end before it "
        "starts. Write DTEND as the day after the event's last day "
        f"({start + dt.timedelta(days=1):%Y%m%d} for an event of one day), or delete the DTEND "
        "line.",
    )


def _unknown_zone(event: Any) -> tuple[str, str] | None:
    """The first of DTSTART and DTEND naming a TZID that icalendar could not find (neither a
    zone it knows nor a VTIMEZONE of the file): its time is then read without a zone."""
    for name in ("DTSTART", "DTEND"):
        value = event.get(name)
        zone = value.params.get("TZID") if value is not None else None
        if zone and isinstance(value.dt, dt.datetime) and value.dt.tzinfo is None:
            return name, re.sub(r"[^\x20-\x7e]", "?", str(zone))[:60]  # shown: plain ASCII
    return None


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _last_day(event: Any, first: dt.date, timed: bool) -> dt.date:
    """The event's last day: an all-day DTEND is the day after it (exclusive); a timed one
    ending at midnight ends the day before."""
    end = event.get("DTEND")
    if end is not None:
        value = end.dt
    elif event.get("DURATION") is not None:
        start = event.get("DTSTART").dt
        value = start + event.get("DURATION").dt
    else:
        return first
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.date() > first:
            return value.date() - dt.timedelta(days=1)
        return value.date()
    return value - dt.timedelta(days=1) if value > first else first


def _categories(event: Any) -> str | None:
    value = event.get("CATEGORIES")
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    names = [str(c) for item in items for c in getattr(item, "cats", [item])]
    return next((kind for n in names if (kind := kind_of_category(n))), None)


# Recurrence: the frequencies a school calendar uses. Finer ones (hourly, …) would make
# thousands of occurrences a day to step through.
FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


def _dates(value: Any) -> list[dt.date]:
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        for d in getattr(item, "dts", []):
            found.append(d.dt.date() if isinstance(d.dt, dt.datetime) else d.dt)
    return [d for d in found if isinstance(d, dt.date)]


def _school_year_end(day: dt.date) -> dt.date:
    return dt.date(day.year + (1 if day.month >= 7 else 0), 6, 30)


def _occurrences(event: Any, where: _Lines, first: dt.date, result: Parsed) -> list[dt.date]:
    """The days the event starts on: DTSTART, each day of its RRULE and RDATE, less EXDATE. A rule
    without COUNT or UNTIL stops at the end of its school year (June 30)."""
    from dateutil import rrule

    days = {first}
    recur = event.get("RRULE")
    if recur is not None:
        rules = recur if isinstance(recur, list) else [recur]
        for rule in rules:
            written = where.value("RRULE")
            frequency = (rule.get("FREQ") or [""])[0]
            if frequency not in FREQUENCIES:
                result.errors.append(
                    LineError(
                        where.line("RRULE"),
                        f"RRULE “{written}” repeats {str(frequency).lower() or 'without FREQ'}; "
                        "a school calendar's events repeat DAILY, WEEKLY, MONTHLY or YEARLY.",
                    )
                )
                return []
            problem = _rule_problem(rule)
            if problem is not None:
                result.errors.append(LineError(where.line("RRULE"), f"RRULE “{written}” {problem}"))
                return []
            parts = {k: v for k, v in rule.items() if k != "UNTIL"}
            until = (rule.get("UNTIL") or [None])[0]
            if isinstance(until, dt.datetime):
                until = until.date()
            stop = until or (None if "COUNT" in parts else _school_year_end(first))
            # A rule is read to its end or refused, never cut: occurrences are whole days, one
            # a day at most, so this reads at most MAX_SPAN_DAYS of them.
            limit = first + dt.timedelta(days=MAX_SPAN_DAYS)
            text = icalendar_rule(parts)
            start = dt.datetime.combine(first, dt.time(0))
            for occurrence in rrule.rrulestr(text, dtstart=start):
                day = occurrence.date()
                if stop is not None and day > stop:
                    break
                if day > limit:
                    result.errors.append(
                        LineError(
                            where.line("RRULE"),
                            f"RRULE “{written}” repeats past {limit}, {MAX_SPAN_DAYS} days after "
                            "its DTSTART, more than a file of this program holds: lower its COUNT "
                            "or end it with UNTIL, or import one school year at a time.",
                        )
                    )
                    return []
                days.add(day)
    for name in ("RDATE",):
        if event.get(name) is not None:
            days |= set(_dates(event.get(name)))
    if event.get("EXDATE") is not None:
        days -= set(_dates(event.get("EXDATE")))
    return sorted(days)


RULE_PARTS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST", "BYDAY", "BYMONTH", "BYMONTHDAY"}
MONTH_DAYS = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


def _rule_problem(rule: Mapping[str, Any]) -> str | None:
    """Why a rule is not read, if it is not. Only the parts a school calendar uses, and no
    combination that never happens (February 30): dateutil looks for one until the year 9999,
    seconds of work for one line."""
    extra = sorted(set(rule) - RULE_PARTS)
    if extra:
        return (
            f"uses {', '.join(extra)}, which this program does not read; give those days as "
            "events of their own or in RDATE."
        )
    for part, example in (("INTERVAL", " (2 for every other day, week or month)"), ("COUNT", "")):
        low = [n for n in rule.get(part, []) if int(n) < 1]
        if low:
            return f"has {part}={low[0]}; write {part}=1 or more{example}, or delete it."
    month_days = [abs(int(d)) for d in rule.get("BYMONTHDAY", [])]
    if month_days and rule.get("BYDAY"):
        return "gives both BYDAY and BYMONTHDAY; give one of them."
    months = [int(m) for m in rule.get("BYMONTH", [])] or list(MONTH_DAYS)
    if any(not 1 <= m <= 12 for m in months) or any(
        not 1 <= d <= max(MONTH_DAYS[m] for m in months if 1 <= m <= 12) for d in month_days
    ):
        return "names a day no month of it has; correct BYMONTH or BYMONTHDAY."
    return None


def icalendar_rule(parts: Mapping[str, Any]) -> str:
    """An RRULE's parts (without UNTIL) as its text, for dateutil."""
    import icalendar

    return icalendar.vRecur(dict(parts)).to_ical().decode()


def expand(
    entries: Iterable[Entry], school_year: tuple[dt.date, dt.date] | None = None
) -> dict[dt.date, tuple[str, str]]:
    """One (kind, label) per date; where entries overlap the more specific kind wins. Between
    the first and the last day of school, a weekday no entry names is a school day."""
    rank = {kind: i for i, kind in enumerate(KINDS)}
    days: dict[dt.date, tuple[str, str]] = {}
    for entry in entries:
        day = entry.first
        # Students attend on weekdays: a range of such days skips the weekends, a single day
        # (a make-up day on a Saturday) is as the file gives it.
        weekday_only = entry.kind in STUDENTS_ATTEND and entry.last > entry.first
        while day <= entry.last:
            if not (weekday_only and day.weekday() >= 5):
                current = days.get(day)
                if current is None or rank[entry.kind] < rank[current[0]]:
                    days[day] = (entry.kind, entry.label)
            day += dt.timedelta(days=1)
    if school_year is not None:
        day, last = school_year
        while day <= last:
            if day.weekday() < 5 and day not in days:
                days[day] = ("instructional", SCHOOL_DAY_LABEL)
            day += dt.timedelta(days=1)
    return dict(sorted(days.items()))
