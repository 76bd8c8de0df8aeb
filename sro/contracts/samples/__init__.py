"""Sample SRO agreements for the clause finder's tests, benchmark and demo data.

Every agreement here is fictional and written for this project (the cities, districts, people
and amounts are made up; Alexandria and its district number are used by the demo). They imitate
the styles of Minnesota SRO agreements: numbered joint powers agreements, WHEREAS recitals,
articles, roman-numbered memoranda, duties as lettered, numbered or bulleted lists, exhibits
and signature blocks. Several are from before the 2024 changes and lack the newer items.

``labels.json`` says, for each sample (named without ".txt") and each required item, where the
item is truly covered (locations named as the finder names them), or ``[]`` where it is absent.

``sample_docx`` and ``sample_pdf`` build a Word or PDF version of a sample, so tests and the
demo can upload the same agreement in each format.
"""

from __future__ import annotations

import html
import io
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

SAMPLES_DIR = Path(__file__).resolve().parent

_CAPTION = re.compile(r"^[^a-z]*[A-Z]{3}[^a-z]*$")  # a line in capitals: a heading
_TABLE_ROW = re.compile(r"^(\d{1,2}\.)\s+(.*)$")


def sample_names() -> list[str]:
    """The samples' names: their file names without ".txt" (the keys of ``labels()``)."""
    return sorted(path.stem for path in SAMPLES_DIR.glob("*.txt"))


def sample_text(name: str) -> str:
    """The sample's text; ``name`` with or without ".txt"."""
    stem = name.removesuffix(".txt")
    if stem not in sample_names():  # also keeps names from reaching outside the folder
        raise KeyError(f"no sample agreement named {name!r}")
    return (SAMPLES_DIR / f"{stem}.txt").read_text(encoding="utf-8")


def labels() -> dict[str, dict[str, list[str]]]:
    """Sample name -> item id -> the locations that truly cover the item ([] when absent)."""
    with open(SAMPLES_DIR / "labels.json", encoding="utf-8") as file:
        result: dict[str, dict[str, list[str]]] = json.load(file)
    return result


def _blocks(name: str) -> list[list[str]]:
    """The sample's paragraphs: runs of non-blank lines."""
    blocks: list[list[str]] = [[]]
    for line in sample_text(name).splitlines():
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _table_exhibit(blocks: list[list[str]]) -> int | None:
    """The index of the first exhibit caption followed by numbered lines (shown as a table)."""
    for index, block in enumerate(blocks):
        if block[0].upper().startswith("EXHIBIT") and index + 1 < len(blocks):
            following = blocks[index + 1]
            if len(following) == 1 and _TABLE_ROW.match(following[0]):
                return index
    return None


def sample_docx(name: str) -> bytes:
    return _docx(name.removesuffix(".txt"))


def sample_pdf(name: str) -> bytes:
    return _pdf(name.removesuffix(".txt"))


@cache
def _docx(name: str) -> bytes:
    """The sample as a Word document: captions as headings, other lines as paragraphs, and the
    numbered lines of the first exhibit that has them as a two-column table."""
    import docx

    document: Any = docx.Document()
    blocks = _blocks(name)
    table_at = _table_exhibit(blocks)
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if index == table_at:
            document.add_heading(block[0], level=1)
            rows = []
            index += 1
            while index < len(blocks) and (row := _TABLE_ROW.match(blocks[index][0])):
                rows.append((row[1], row[2]))
                index += 1
            table = document.add_table(rows=len(rows), cols=2)
            for cells, (number, text) in zip(table.rows, rows, strict=True):
                cells.cells[0].text, cells.cells[1].text = number, text
            continue
        for line in block:
            if _CAPTION.match(line) and len(line.split()) <= 12:
                document.add_heading(line, level=1)
            else:
                document.add_paragraph(line)
        index += 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@cache
def _pdf(name: str) -> bytes:
    """The sample as a letter-size PDF with a text layer (several pages for the longer ones)."""
    from weasyprint import HTML

    parts = []
    for block in _blocks(name):
        for line in block:
            tag = "h2" if _CAPTION.match(line) and len(line.split()) <= 12 else "p"
            parts.append(f"<{tag}>{html.escape(line)}</{tag}>")
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        "@page { size: letter; margin: 1in }"
        "body { font-family: serif; font-size: 11.5pt; line-height: 1.35 }"
        "h2 { font-size: 12pt; margin: 1.2em 0 0.4em } p { margin: 0 0 0.6em }"
        "</style></head><body>" + "".join(parts) + "</body></html>"
    )
    result: bytes = HTML(string=page).write_pdf()
    return result
