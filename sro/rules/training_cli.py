"""The command ``sro rules training --as-of YYYY-MM-DD FILE``.

Reads officers' facts as JSON from FILE (``-`` for standard input), decides each one's training
status on the as-of date (``sro.rules.training.evaluate``) and writes one JSON document:
``{"as_of": ..., "rules_version": ..., "officers": [verdict, ...]}``.

Input is checked whole before anything is written. On any problem the command writes nothing on
standard output, lists every problem on standard error, naming the officer (by id, or by index
when the id is unusable) and the field path, and exits with status 2.
"""

import argparse
import gc
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from datetime import date
from types import MappingProxyType
from typing import IO, Any

from sro.rules.dates import is_school_year_label
from sro.rules.params import RULES
from sro.rules.training import (
    COURSES,
    ROLES,
    Assignment,
    Completion,
    OfficerFacts,
    PolicyReview,
    evaluate,
    verdict_to_dict,
)

EXIT_OK = 0
EXIT_BAD_INPUT = 2

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_REQUIRED = object()

# A problem: where it is, relative to the value being read (".end", "[0].start", ""), and what.
Problem = tuple[str, str]
# Converts one raw JSON value, or raises ``_Invalid`` with every problem found in it.
Converter = Callable[[object], Any]


class _Invalid(ValueError):
    """A value that cannot be used, with every problem found in it."""

    def __init__(self, message: str = "", *, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems: Sequence[Problem] = problems or [("", message)]


def main(argv: list[str], stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> int:
    """Run ``sro rules training``; returns the exit status."""
    args = _parse_args(argv, stdout, stderr)
    if not isinstance(args, argparse.Namespace):
        return args
    with _collector_paused():
        return _run(args.file, args.as_of, stdin, stdout, stderr)


def _run(file: str, as_of: date, stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> int:
    """Read, check and evaluate every officer, then write the one output document."""
    source = "standard input" if file == "-" else file
    try:
        text = stdin.read() if file == "-" else _read_file(file)
        document = json.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        stderr.write(f"error: cannot read {source}: {error}\n")
        return EXIT_BAD_INPUT
    except (json.JSONDecodeError, RecursionError) as error:
        stderr.write(f"error: {source} is not valid JSON: {error}\n")
        return EXIT_BAD_INPUT
    officers, problems = read_officers(document)
    if problems:
        stderr.write("".join(f"{problem}\n" for problem in problems))
        return EXIT_BAD_INPUT
    output = {
        "as_of": as_of.isoformat(),
        "rules_version": RULES.name,
        "officers": [verdict_to_dict(evaluate(officer, as_of=as_of)) for officer in officers],
    }
    stdout.write(json.dumps(output, indent=2) + "\n")
    return EXIT_OK


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause automatic cyclic garbage collection for the batch, then restore it as it was.

    A batch builds many small objects that live to the end and form no cycles; collecting while
    they pile up only rescans them, about a fifth of the run time at 25,000 officers.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(0)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _parse_args(argv: list[str], stdout: IO[str], stderr: IO[str]) -> argparse.Namespace | int:
    """The parsed arguments, or the exit status when argparse has finished (help, usage error)."""
    parser = argparse.ArgumentParser(
        prog="sro rules training",
        description="Training and policy-review status of each officer on a date "
        "(Minn. Stat. 626.8482, subd. 3).",
    )
    parser.add_argument("--as-of", required=True, type=_as_of_date, metavar="YYYY-MM-DD")
    parser.add_argument("file", metavar="FILE", help="officers' facts as JSON; - for stdin")
    try:
        with redirect_stdout(stdout), redirect_stderr(stderr):
            return parser.parse_args(argv)
    except SystemExit as done:
        return EXIT_OK if done.code == EXIT_OK else EXIT_BAD_INPUT


def _as_of_date(text: str) -> date:
    try:
        return _parse_date(text)
    except _Invalid as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _read_file(path: str) -> str:
    with open(path, encoding="utf-8") as file:
        return file.read()


# --- Reading the input --------------------------------------------------------------------
#
# Converters check a value and build it, or raise ``_Invalid`` with every problem found inside,
# so that paths are only spelled out when something is wrong (the input can be large).


def read_officers(document: object) -> tuple[list[OfficerFacts], list[str]]:
    """The officers' facts from the parsed JSON input, and every problem found in it."""
    if not isinstance(document, dict) or not isinstance(document.get("officers"), list):
        return [], ['input: expected an object {"officers": [...]}']
    problems = [f"input: {key}: unknown field" for key in sorted(document.keys() - {"officers"})]
    officers: list[OfficerFacts] = []
    first_index: dict[str, int] = {}
    for index, raw in enumerate(document["officers"]):
        officer_id = _usable_id(raw)
        label = f"officer #{index}" if officer_id is None else f"officer {json.dumps(officer_id)}"
        if officer_id in first_index:
            problems.append(
                f"{label}: id: officer #{index} has the same id as officer "
                f"#{first_index[officer_id]}"
            )
        elif officer_id is not None:
            first_index[officer_id] = index
        try:
            officers.append(_read_officer(raw))
        except _Invalid as invalid:
            problems.extend(_describe(label, where, what) for where, what in invalid.problems)
    return officers, problems


def _usable_id(raw: object) -> str | None:
    """The officer's id if it can name the officer in messages, else None."""
    officer_id = raw.get("id") if isinstance(raw, dict) else None
    return officer_id if isinstance(officer_id, str) and officer_id else None


def _describe(label: str, where: str, what: str) -> str:
    """One line of the error report: officer, field path, problem."""
    path = where.removeprefix(".")
    return f"{label}: {path}: {what}" if path else f"{label}: {what}"


def _record(fields: Mapping[str, tuple[Converter, object]], build: Callable[..., Any]) -> Converter:
    """A converter for a JSON object with known ``fields`` (converter, default or _REQUIRED)."""
    known = fields.keys()
    items = tuple(fields.items())

    def convert(value: object) -> Any:
        if not isinstance(value, dict):
            raise _Invalid(f"expected an object, got {_json_type(value)}")
        problems: list[Problem] = []
        if not value.keys() <= known:
            problems.extend((f".{key}", "unknown field") for key in sorted(value.keys() - known))
        values: dict[str, Any] = {}
        for key, (convert_field, default) in items:
            if key in value:
                try:
                    values[key] = convert_field(value[key])
                except _Invalid as invalid:
                    problems.extend((f".{key}{where}", what) for where, what in invalid.problems)
            elif default is _REQUIRED:
                problems.append((f".{key}", "missing"))
            else:
                values[key] = default
        if problems:
            raise _Invalid(problems=problems)
        return build(**values)

    return convert


def _list_of(item: Converter) -> Converter:
    """A converter for a JSON array of items that ``item`` converts; gives a tuple."""

    def convert(value: object) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _Invalid(f"expected an array, got {_json_type(value)}")
        items: list[Any] = []
        problems: list[Problem] = []
        for index, raw in enumerate(value):
            try:
                items.append(item(raw))
            except _Invalid as invalid:
                problems.extend((f"[{index}]{where}", what) for where, what in invalid.problems)
        if problems:
            raise _Invalid(problems=problems)
        return tuple(items)

    return convert


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    names = {bool: "true/false", int: "a number", float: "a number", str: "a string"}
    return names.get(type(value), "an array" if isinstance(value, list) else "an object")


def _parse_date(value: object) -> date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise _Invalid(f"expected a date as YYYY-MM-DD, got {json.dumps(value)}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Invalid(f"{value} is not a real date") from None


def _parse_optional_date(value: object) -> date | None:
    return None if value is None else _parse_date(value)


def _parse_bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(f"expected true or false, got {json.dumps(value)}")
    return value


def _parse_text(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise _Invalid(f"expected a non-empty string, got {json.dumps(value)}")
    return value


def _parse_choice(choices: Sequence[str]) -> Converter:
    def convert(value: object) -> str:
        if value not in choices:
            raise _Invalid(f"{json.dumps(value)} is not one of {', '.join(choices)}")
        return str(value)

    return convert


def _parse_contact_days(value: object) -> Mapping[str, int]:
    """Student contact days per school year: {"2026-27": 41}, whole numbers, none negative."""
    if not isinstance(value, dict):
        raise _Invalid(f"expected an object, got {_json_type(value)}")
    problems: list[Problem] = []
    for label, days in value.items():
        where = f"[{json.dumps(label)}]"
        if not is_school_year_label(label):
            problems.append((where, 'not a school year such as "2026-27"'))
        if not isinstance(days, int) or isinstance(days, bool) or days < 0:
            problems.append((where, f"expected a whole number of days, got {json.dumps(days)}"))
    if problems:
        raise _Invalid(problems=problems)
    return dict(value)


def _build_assignment(**values: Any) -> Assignment:
    assignment = Assignment(**values)
    if assignment.end is not None and assignment.end < assignment.start:
        raise _Invalid(problems=[(".end", f"{assignment.end} is before start {assignment.start}")])
    return assignment


_read_assignment = _record(
    {
        "role": (_parse_choice(ROLES), _REQUIRED),
        "start": (_parse_date, _REQUIRED),
        "end": (_parse_optional_date, None),
        "employer_could_not_provide_training": (_parse_bool, False),
    },
    _build_assignment,
)
_read_completion = _record(
    {
        "course": (_parse_choice(COURSES), _REQUIRED),
        "completed_on": (_parse_date, _REQUIRED),
        "certificate_on_file": (_parse_bool, False),
    },
    Completion,
)
_read_policy_review = _record(
    {
        "reviewed_on": (_parse_date, _REQUIRED),
        "policy_version": (_parse_text, _REQUIRED),
    },
    PolicyReview,
)
_read_officer = _record(
    {
        "id": (_parse_text, _REQUIRED),
        "assignments": (_list_of(_read_assignment), ()),
        "completions": (_list_of(_read_completion), ()),
        "policy_reviews": (_list_of(_read_policy_review), ()),
        "student_contact_days": (_parse_contact_days, MappingProxyType({})),
    },
    OfficerFacts,
)
