"""CSV files a spreadsheet reads as text, never as formulas (CSV or formula injection: OWASP;
ASVS 5.0 requirement 1.2.10). Every CSV the product writes goes through ``writer`` or
``DictWriter`` here, so no export can forget a column.

A text cell that starts with one of ``FORMULA_START`` gets a leading single quote, which
spreadsheets take as "this is text" and do not show. Numbers are written as they are (a
negative number is a number, not a formula)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def safe_cell(value: object) -> object:
    """``value``, with a leading quote if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class SafeWriter:
    """A ``csv.writer`` whose every text cell goes through ``safe_cell``."""

    def __init__(self, out: Any, **fmt: Any) -> None:
        self._writer = csv.writer(out, **fmt)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: Any, **fmt: Any) -> SafeWriter:
    """As ``csv.writer(out, **fmt)``, with every text cell made safe."""
    return SafeWriter(out, **fmt)


class DictWriter(csv.DictWriter[str]):
    """``csv.DictWriter`` whose every text cell goes through ``safe_cell``."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({k: safe_cell(v) for k, v in rowdict.items()})
