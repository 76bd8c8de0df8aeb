"""Reading a file of training records (for example the POST Board's or an academy's export):
every row is checked before anything is written, and each problem names its line, its column
and the fix. No database here: the service passes in the agency's officers and the records
already on file.

The file is CSV (UTF-8, a header line) with the columns

    post_license_number, course, completed_on, hours, provider, course_title

of which the first three are required. Every value is held to the rule for text typed into a
form (``sro.core.text``: no control, bidirectional or invisible characters, one line). A row
matching a record on file (same officer, course and date), or an earlier row of the same file, is
counted and skipped, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sro.core.text import in_file_problem
from sro.training.models import completion_day_problem

COLUMNS = ("post_license_number", "course", "completed_on", "hours", "provider", "course_title")
REQUIRED = ("post_license_number", "course", "completed_on")
MAX_ROWS = 200_000
MAX_TEXT = 200

Key = tuple[uuid.UUID, str, dt.date]


@dataclass(frozen=True)
class RowError:
    line: int  # the file's line number (the header is line 1); 0 for the whole file
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Line {self.line}, {self.column}" if self.line else self.column
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ImportRow:
    line: int
    officer_id: uuid.UUID
    course: str
    completed_on: dt.date
    hours: Decimal | None
    provider: str
    course_title: str


@dataclass
class ParsedImport:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    already_on_file: int = 0
    repeated_in_file: int = 0


def decode(data: bytes) -> tuple[str, RowError | None]:
    """The file's text, or why it cannot be read."""
    if b"\x00" in data:
        return "", RowError(0, "file", "it holds NUL bytes: it is not a CSV text file.")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return "", RowError(0, "file", "it is not UTF-8 text: save it as “CSV UTF-8”.")


def parse(
    text: str,
    *,
    officers: dict[str, uuid.UUID],
    courses: set[str],
    on_file: set[Key],
    today: dt.date,
) -> ParsedImport:
    """Check every row; `officers` maps a POST licence number (upper case) to the officer."""
    result = ParsedImport()
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        _parse_rows(reader, officers, courses, on_file, today, result)
    except csv.Error as exc:
        # Python's csv refuses a value over 128 KB: an opening quote never closed runs on to the
        # end of the file. Reported, like every problem, instead of failing the import page.
        result.errors.append(
            RowError(
                reader.line_num or 1,
                "file",
                f"this line is not CSV ({exc}): check its quotes (a quote that is opened and never "
                "closed takes in the rest of the file).",
            )
        )
    return result


def _parse_rows(
    reader: Any,
    officers: dict[str, uuid.UUID],
    courses: set[str],
    on_file: set[Key],
    today: dt.date,
    result: ParsedImport,
) -> None:
    raw_header: list[str] = next(reader, [])
    for number, name in enumerate(raw_header, start=1):
        if (problem := in_file_problem(name.strip())) is not None:
            result.errors.append(RowError(1, "header", f"column {number} holds {problem}"))
    if result.errors:
        return
    header = [h.strip().lower() for h in raw_header]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h not in COLUMNS]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(f"missing column {', '.join(missing)}")
        if unknown:
            shown = ", ".join(name[:40] for name in unknown[:10])
            more = f" and {len(unknown) - 10:,} more" if len(unknown) > 10 else ""
            problems.append(f"unknown column {shown}{more}")
        result.errors.append(
            RowError(1, "header", f"{'; '.join(problems)}. The columns are {', '.join(COLUMNS)}.")
        )
        return
    seen: set[Key] = set()
    end = reader.line_num
    for index, values in enumerate(reader):
        # A row's first line: a quoted value can hold line breaks, so rows and lines differ.
        line, end = end + 1, reader.line_num
        if index >= MAX_ROWS:
            result.errors.append(
                RowError(line, "file", f"more than {MAX_ROWS:,} rows: split the file.")
            )
            break
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            result.errors.append(
                RowError(
                    line, "row", f"{len(values)} values for {len(header)} columns: check quoting."
                )
            )
            continue
        row = _row(line, dict(zip(header, values, strict=True)), officers, courses, today, result)
        if row is None:
            continue
        key = (row.officer_id, row.course, row.completed_on)
        if key in on_file:
            result.already_on_file += 1
        elif key in seen:
            result.repeated_in_file += 1
        else:
            seen.add(key)
            result.rows.append(row)


def _row(
    line: int,
    cells: dict[str, str],
    officers: dict[str, uuid.UUID],
    courses: set[str],
    today: dt.date,
    result: ParsedImport,
) -> ImportRow | None:
    errors = result.errors
    before = len(errors)
    cells = {k: v.strip() for k, v in cells.items()}
    for column, value in cells.items():
        if (problem := in_file_problem(value)) is not None:
            errors.append(RowError(line, column, problem))
    if len(errors) > before:
        return None  # nothing else is checked, nor the value shown back, until it is removed
    licence = cells["post_license_number"]
    officer_id = officers.get(licence.upper())
    if not licence:
        errors.append(RowError(line, "post_license_number", "empty: give the officer's number."))
    elif officer_id is None:
        errors.append(
            RowError(
                line,
                "post_license_number",
                f"no officer of the agency has POST licence number “{licence[:40]}”: "
                "add the officer first or correct the number.",
            )
        )
    course = cells["course"].lower()
    if course not in courses:
        errors.append(
            RowError(
                line,
                "course",
                f"“{cells['course'][:40]}” is not a course: "
                f"use one of {', '.join(sorted(courses))}.",
            )
        )
    completed_on = _date(cells["completed_on"])
    if completed_on is None:
        errors.append(
            RowError(
                line,
                "completed_on",
                f"“{cells['completed_on'][:40]}” is not a date: write it as YYYY-MM-DD.",
            )
        )
    elif (problem := completion_day_problem(completed_on, today)) is not None:
        errors.append(RowError(line, "completed_on", problem))
    hours = _hours(cells.get("hours", ""), line, errors)
    for column in ("provider", "course_title"):
        if len(cells.get(column, "")) > MAX_TEXT:
            errors.append(RowError(line, column, f"longer than {MAX_TEXT} characters: shorten it."))
    if len(errors) > before or officer_id is None or completed_on is None:
        return None
    return ImportRow(
        line=line,
        officer_id=officer_id,
        course=course,
        completed_on=completed_on,
        hours=hours,
        provider=cells.get("provider", ""),
        course_title=cells.get("course_title", ""),
    )


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def _hours(value: str, line: int, errors: list[RowError]) -> Decimal | None:
    if not value:
        return None
    try:
        hours = Decimal(value)
    except InvalidOperation:
        hours = None
    if hours is None or not hours.is_finite() or not Decimal("0.5") <= hours <= Decimal("400"):
        errors.append(RowError(line, "hours", f"“{value[:40]}” is not 0.5 to 400 hours."))
        return None
    if hours != hours.quantize(Decimal("0.1")):
        errors.append(RowError(line, "hours", f"{value[:40]} has more than one decimal place."))
        return None
    return hours
