"""The command ``sro contracts check FILE``.

Reads a contract (PDF, DOCX or UTF-8 plain text), runs the clause finder and writes one JSON
document on standard output::

    {"items": [{"item": "duty_1_climate", "required": "must", "found": true, "score": 0.91,
                "excerpt": "...", "location": "section 4.2(1)"}, ...]}

with every required item of ``sro.rules.contracts.ITEMS``, in that order. ``found`` is the
finder's own decision (``sro.contracts.finder.FOUND_THRESHOLD``); a person still has to confirm
each item. An unreadable file or a usage error writes nothing on standard output, explains the
problem on standard error and exits with status 2. No Django and no database are needed.
"""

from __future__ import annotations

import argparse
import json
import logging
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import asdict
from typing import IO

from sro.contracts.extract import UnreadableDocument, extract_path
from sro.contracts.finder import FOUND_THRESHOLD, check

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def main(argv: list[str], stdout: IO[str], stderr: IO[str]) -> int:
    """Run ``sro contracts check``; returns the exit status."""
    args = _parse_args(argv, stdout, stderr)
    if not isinstance(args, argparse.Namespace):
        return args
    # pypdf logs its repairs of damaged files ("EOF marker not found"); the error below says it.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        document = extract_path(args.file)
    except UnreadableDocument as error:
        stderr.write(f"error: {error}\n")
        return EXIT_BAD_INPUT
    output = {"items": [asdict(result) for result in check(document)]}
    stdout.write(json.dumps(output, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _parse_args(argv: list[str], stdout: IO[str], stderr: IO[str]) -> argparse.Namespace | int:
    """The parsed arguments, or the exit status when argparse has finished (help, usage error)."""
    parser = argparse.ArgumentParser(
        prog="sro contracts check",
        description="Find, in a contract for SRO services, the passages that cover each item "
        "Minn. Stat. 626.8482 and the model policy require, and print them as JSON. "
        f"An item is reported found when its best passage scores at least {FOUND_THRESHOLD}; "
        "confirm each one by reading the passage.",
    )
    parser.add_argument("file", metavar="FILE", help="the contract: a .pdf, .docx or .txt file")
    try:
        with redirect_stdout(stdout), redirect_stderr(stderr):
            return parser.parse_args(argv)
    except SystemExit as done:
        return EXIT_OK if done.code == EXIT_OK else EXIT_BAD_INPUT
