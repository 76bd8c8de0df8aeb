"""The text of an uploaded contract: PDF (pypdf), DOCX (python-docx) or plain UTF-8 text.

The kind is decided by the file's extension and confirmed by its first bytes (``%PDF-`` for a
PDF, a ZIP header for a DOCX), so a renamed file is refused rather than misread. Every failure
raises ``UnreadableDocument`` with a message saying what is wrong and what the user can do.
The upload form has its own, smaller size limit.

A hostile file must not tie up the server: a small DOCX can inflate to gigabytes of XML, a small
PDF can hold streams that inflate to gigabytes or thousands of pages drawing the same huge stream.
So a DOCX's ZIP directory is checked before python-docx opens it (``filecheck.check_zip``) and
its paragraphs, runs and table cells are counted before they are walked. A PDF is read under tighter
pypdf limits per stream (``PDF_LIMITS``: decompression included), with at most ``MAX_PDF_PAGES``
pages, and before any page is read its cost is counted (``sro.contracts.pdfcost``): the page
content it decodes, each stream as many times as it is read (a stream shared by every page, a
form drawn many times, a font's map on every page), at most ``MAX_PDF_CONTENT_BYTES``, and the
operations parsing it takes, at most ``MAX_PDF_OPERATIONS``. The text is at most
``MAX_TEXT_CHARS``. Behind these counts, reading stops after ``READ_SECONDS`` on the clock it is
given whatever the file does (checked between pages, streams, paragraphs and drawing operations).
"""

from __future__ import annotations

import io
import os
import re
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from sro.contracts import pdfcost
from sro.core.filecheck import UnsafeArchive, check_zip

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table

Kind = Literal["pdf", "docx", "text"]

_EXTENSIONS: dict[str, Kind] = {".pdf": "pdf", ".docx": "docx", ".txt": "text", ".text": "text"}
_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc, and password-protected Office files
_RTF_MAGIC = b"{\\rtf"
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)

MB = 1024 * 1024
# The largest file read at all (the upload form's limit, SRO_CONTRACT_MAX_UPLOAD_MB, is smaller).
MAX_FILE_BYTES = 100 * MB
# A long contract with its exhibits has a few hundred pages and a few hundred thousand characters.
MAX_PDF_PAGES = 1000
MAX_TEXT_CHARS = 5_000_000
# Page content, counted before reading (``pdfcost``) each time pypdf reads it. pypdf reads text
# at 1 to 17 microseconds of CPU per counted operation here (a dense page of text is about 6,000
# operations and 0.08 s): 150,000 operations take at most about 2.5 s, so a file of 25 dense
# pages or 60 pages of a word processor's output is read, and a file made to cost more is refused
# at once. The size bounds what is decompressed and held: a page of text is some kilobytes.
MAX_PDF_CONTENT_BYTES = 5 * MB
MAX_PDF_OPERATIONS = 150_000
# python-docx reads each paragraph, run (a stretch of text in one format) and table cell in
# about 0.1 ms, one at a time; a long contract has some thousands of paragraphs and tens of
# thousands of runs.
MAX_DOCX_PARAGRAPHS = 20_000
MAX_DOCX_RUNS = 60_000
MAX_DOCX_CELLS = 20_000
# The backstop behind the counts: about three times the slowest read the counts allow, so that a
# busy server does not refuse a file they accept.
READ_SECONDS = 8.0
# pypdf's own limits, per stream, tighter than its defaults (75 MB, 2 million tokens, 5,000 forms
# per page): parsing one stream cannot be interrupted, so it must stay short (about a second). A
# page of text has some thousands of tokens; a detailed map or drawing can have more, and is
# refused with a message naming its page.
PDF_STREAM_BYTES = 5 * MB
PDF_LIMITS: dict[str, int] = {
    "zlib_maximum_output_length": PDF_STREAM_BYTES,
    "lzw_maximum_output_length": PDF_STREAM_BYTES,
    "run_length_maximum_output_length": PDF_STREAM_BYTES,
    "brotli_maximum_output_length": PDF_STREAM_BYTES,
    "jbig2_maximum_output_length": PDF_STREAM_BYTES,
    "array_based_stream_maximum_output_length": PDF_STREAM_BYTES,
    "stream_parsing_work_maximum_count": 200_000,
    "stream_decoding_work_maximum_length": 4 * PDF_STREAM_BYTES,
    # Repairing a damaged compressed stream takes about a microsecond per byte.
    "zlib_maximum_recovery_input_length": 512 * 1024,
    "xform_maximum_invocations_per_extraction": 200,
    "page_tree_maximum_entries": 20_000,
    "page_tree_maximum_page_entries": 100_000,
}


class UnreadableDocument(ValueError):
    """The file cannot be read as a contract; the message says why and what to do."""


class _Budget:
    """What one file may cost to read: a deadline on `clock` and a count of the PDF drawing
    operations pypdf reads (behind the count made before reading, which they never exceed).

    The first refusal is kept: pypdf swallows errors raised while it reads a form drawn on a
    page, so the page reader raises it again after each page."""

    def __init__(self, name: str, seconds: float, clock: Callable[[], float]) -> None:
        self.name = name
        self.seconds = seconds
        self.clock = clock
        self.deadline = clock() + seconds
        self.operations = 0
        self.refused: UnreadableDocument | None = None

    def _refuse(self, message: str) -> None:
        self.refused = self.refused or UnreadableDocument(message)
        raise self.refused

    def check(self) -> None:
        if self.refused is not None:
            raise self.refused
        if self.clock() >= self.deadline:
            self._refuse(
                f"{self.name} takes longer than {self.seconds:g} seconds to read, more than any "
                "contract should; it may be damaged or built to exhaust the server. Save it again "
                "(or print it to a new PDF), or split it, and upload that."
            )

    def operation(self, *_args: Any) -> None:
        """pypdf's visitor, called before each drawing operation it reads."""
        self.operations += 1
        if self.operations > MAX_PDF_OPERATIONS:
            self._refuse(
                f"{self.name} draws more than {MAX_PDF_OPERATIONS:,} operations on its pages, "
                "far more than a contract; it may be built to exhaust the server. Print it to a "
                "new PDF, or upload the text pages without the drawings."
            )
        self.check()


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1-based; DOCX and text files have a single page 1
    text: str


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    kind: Kind
    pages: tuple[Page, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages)


def extract_path(path: str | os.PathLike[str]) -> ExtractedDocument:
    """The text of the file at ``path``."""
    where = os.fspath(path)
    try:
        with open(path, "rb") as file:
            if os.fstat(file.fileno()).st_size > MAX_FILE_BYTES:
                raise UnreadableDocument(_too_large(os.path.basename(where)))
            data = file.read()
    except FileNotFoundError:
        raise UnreadableDocument(f"{where}: no such file; check the path.") from None
    except OSError as error:
        raise UnreadableDocument(f"{where}: cannot be opened ({error.strerror}).") from None
    return extract(data, os.path.basename(where))


def _too_large(name: str) -> str:
    return (
        f"{name} is larger than {MAX_FILE_BYTES // MB} MB; upload the contract without scanned "
        "exhibits, or split it."
    )


def extract(
    data: bytes,
    filename: str,
    *,
    seconds: float = READ_SECONDS,
    clock: Callable[[], float] = time.monotonic,
) -> ExtractedDocument:
    """The text of an uploaded file, read according to its extension and its content, in at
    most about `seconds` of `clock`."""
    name = os.path.basename(filename) or "the file"
    extension = os.path.splitext(name)[1].lower()
    kind = _EXTENSIONS.get(extension)
    if kind is None and extension == ".doc":
        raise UnreadableDocument(
            f"{name} is an old-style Word .doc; open it in Word, save it as .docx or PDF and "
            "upload that."
        )
    if kind is None:
        raise UnreadableDocument(
            f"{name}: {'files of type ' + extension if extension else 'files without an extension'}"
            " cannot be read; upload the contract as a PDF, a Word .docx or a .txt file."
        )
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableDocument(_too_large(name))
    if not data.strip():
        raise UnreadableDocument(f"{name} is empty; upload the signed contract's file.")
    _check_content_matches(data, name, kind)
    budget = _Budget(name, seconds, clock)
    if kind == "pdf":
        pages = _pdf_pages(data, name, budget)
    elif kind == "docx":
        pages = (Page(1, _docx_text(data, name, budget)),)
    else:
        pages = (Page(1, _plain_text(data, name)),)
    if sum(len(page.text) for page in pages) > MAX_TEXT_CHARS:
        raise UnreadableDocument(_too_much_text(name))
    if not any(page.text.strip() for page in pages):
        if kind == "pdf":
            raise UnreadableDocument(
                f"{name} has no text layer (it is probably a scan); upload a text PDF or DOCX, "
                "or run the scan through OCR first."
            )
        raise UnreadableDocument(f"{name} contains no text; upload the contract's full text.")
    return ExtractedDocument(kind, pages)


def _check_content_matches(data: bytes, name: str, kind: Kind) -> None:
    """Refuse a file whose first bytes say it is something else than its extension claims."""
    head = data[:1024]
    if head.startswith(_OLE_MAGIC):
        raise UnreadableDocument(
            f"{name} is an old-style Word .doc or a password-protected Office file; remove any "
            "password and save it as .docx or PDF, then upload it again."
        )
    looks_pdf = _PDF_MAGIC in head  # some writers put a few bytes before the marker
    looks_zip = head.startswith(_ZIP_MAGIC)
    if kind == "pdf" and not looks_pdf:
        actual = "a ZIP or Word file" if looks_zip else "not a PDF"
        raise UnreadableDocument(
            f"{name} is named .pdf but its content is {actual}; check that you chose the right "
            "file, or save it again as PDF."
        )
    if kind == "docx" and not looks_zip:
        actual = "a PDF" if looks_pdf else "not a Word document"
        raise UnreadableDocument(
            f"{name} is named .docx but its content is {actual}; check that you chose the right "
            "file, or save it again from Word as .docx."
        )
    if kind == "text" and (looks_pdf or looks_zip or head.startswith(_RTF_MAGIC)):
        actual = "a PDF" if looks_pdf else "a Word or ZIP file" if looks_zip else "RTF"
        raise UnreadableDocument(
            f"{name} is named as plain text but its content is {actual}; rename it with the "
            "right extension or save it as plain text."
        )


def _size(count: int) -> str:
    return f"{count // MB:,} MB" if count >= MB else f"{count // 1024:,} KB"


def _amount(count: int) -> str:
    return f"{count / MB:,.1f} MB" if count >= MB else f"{count / 1024:,.0f} KB"


def _too_much_text(name: str) -> str:
    return (
        f"{name} holds more than {MAX_TEXT_CHARS:,} characters of text, far more than a "
        "contract; upload the contract alone, or split it."
    )


def _pdf_pages(data: bytes, name: str, budget: _Budget) -> tuple[Page, ...]:
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PdfReadError

    texts: list[str] = []
    try:
        with apply_configuration(None, **PDF_LIMITS):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                # An empty user password opens "restricted" PDFs; anything else needs the password.
                raise FileNotDecryptedError("password required")
            if (count := len(reader.pages)) > MAX_PDF_PAGES:
                raise UnreadableDocument(
                    f"{name} has {count:,} pages; at most {MAX_PDF_PAGES:,} are read. Upload the "
                    "contract without long attachments, or split it."
                )
            _check_pdf_cost(reader, name, budget)
            _read_pdf_pages(reader, name, budget, texts)
    except UnreadableDocument:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise UnreadableDocument(
            f"{name} is encrypted or password-protected; save an unprotected copy (print to PDF "
            "without a password) and upload that."
        ) from None
    except LimitReachedError as error:
        where = f"page {len(texts) + 1} of {name}" if texts else name
        raise UnreadableDocument(
            f"{where} is built beyond what is read in one piece ({error}); it may be a very "
            "large drawing, or a file made to exhaust the server. Print the document to a new "
            "PDF, or upload it without that page."
        ) from None
    except PdfReadError as error:
        raise UnreadableDocument(
            f"{name} is a damaged PDF ({error}); save or export it again and upload the new file."
        ) from None
    except Exception as error:  # a damaged PDF can fail anywhere inside pypdf
        raise UnreadableDocument(
            f"{name} could not be read as a PDF ({type(error).__name__}); save or export it "
            "again and upload the new file."
        ) from None
    if not texts:
        raise UnreadableDocument(f"{name} is a PDF with no pages; upload the full contract.")
    return tuple(Page(number, _clean(text)) for number, text in enumerate(texts, start=1))


def _check_pdf_cost(reader: Any, name: str, budget: _Budget) -> pdfcost.Cost:
    """Refuse, before any page is read, a PDF whose text costs more to read than allowed."""
    try:
        return pdfcost.measure(
            reader.pages,
            max_size=MAX_PDF_CONTENT_BYTES,
            max_operations=MAX_PDF_OPERATIONS,
            tick=budget.check,
        )
    except pdfcost.TooCostly as too:
        raise UnreadableDocument(_too_costly(name, too)) from None


def _too_costly(name: str, too: pdfcost.TooCostly) -> str:
    fix = "Save it as a smaller PDF or upload the text as .docx."
    if too.reason == "size":
        return (
            f"{name} has too much content to read ({_amount(too.cost.size)} of page content "
            f"by page {too.page}, counting each page, drawing and font every time it is read; "
            f"the limit is {_size(MAX_PDF_CONTENT_BYTES)}). {fix}"
        )
    if too.reason == "operations":
        return (
            f"{name} has too much content to read (more than {MAX_PDF_OPERATIONS:,} operations "
            f"by page {too.page}; the limit is {MAX_PDF_OPERATIONS:,}, about 25 pages of dense "
            f"text). {fix}"
        )
    what = (
        "draws itself"
        if too.reason == "loop"
        else f"nests drawings more than {pdfcost.MAX_FORM_DEPTH} deep"
    )
    return (
        f"{name} cannot be read: a drawing on page {too.page} {what}, which no document needs; "
        f"it may be damaged or built to exhaust the server. {fix}"
    )


def _read_pdf_pages(reader: Any, name: str, budget: _Budget, texts: list[str]) -> None:
    """Each page's text appended to `texts`, within the budget (its cost was counted before)."""
    characters = 0
    for page in reader.pages:
        budget.check()
        text = page.extract_text(visitor_operand_before=budget.operation) or ""
        budget.check()  # a refusal inside a form drawn on the page was swallowed by pypdf
        characters += len(text)
        if characters > MAX_TEXT_CHARS:
            raise UnreadableDocument(_too_much_text(name))
        texts.append(text)


def _docx_text(data: bytes, name: str, budget: _Budget) -> str:
    import docx

    try:
        check_zip(data, name)
    except UnsafeArchive as problem:
        raise UnreadableDocument(str(problem)) from None
    try:
        document = docx.Document(io.BytesIO(data))
        _check_docx_size(document, name)
        lines = list(_docx_lines(document, budget))
    except UnreadableDocument:
        raise
    except Exception as error:  # zip, XML and package errors all mean "damaged"
        raise UnreadableDocument(
            f"{name} could not be read as a Word document ({type(error).__name__}); open it in "
            "Word, save it again as .docx and upload the new file."
        ) from None
    # One blank line between paragraphs: each paragraph is its own passage for the finder.
    return _clean("\n\n".join(lines))


def _check_docx_size(document: DocxDocument, name: str) -> None:
    """Count paragraphs, runs and table cells (lxml does it in C, fast) before python-docx walks
    them one by one (slowly: one paragraph of a million runs alone would take minutes)."""
    from docx.oxml.ns import qn

    limits = {qn("w:p"): MAX_DOCX_PARAGRAPHS, qn("w:r"): MAX_DOCX_RUNS, qn("w:tc"): MAX_DOCX_CELLS}
    counts = dict.fromkeys(limits, 0)
    for element in document.element.body.iter(*limits):
        counts[element.tag] += 1
        if counts[element.tag] > limits[element.tag]:
            raise UnreadableDocument(
                f"{name} has more than {MAX_DOCX_PARAGRAPHS:,} paragraphs, {MAX_DOCX_RUNS:,} "
                f"runs of text or {MAX_DOCX_CELLS:,} table cells, far more than a contract; "
                "upload the contract alone (without long attachments), or split it."
            )


def _docx_lines(document: DocxDocument, budget: _Budget) -> Iterator[str]:
    """Paragraphs and table rows in reading order; numbering typed by hand is kept as written
    (Word's automatic list numbers are not part of the text and are lost)."""
    from docx.table import Table

    for block in document.iter_inner_content():
        budget.check()
        if isinstance(block, Table):
            yield from _table_lines(block)
        elif text := block.text.strip():
            yield text


def _table_lines(table: Table) -> Iterator[str]:
    """One line per row, cells joined by spaces (a merged cell appears once)."""
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(part.strip() for part in cell.text.splitlines() if part.strip())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            yield " ".join(cells)


def _plain_text(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableDocument(
            f"{name} is UTF-16 text; save it as UTF-8 (in most editors: Save As, encoding "
            "UTF-8) and upload it again."
        )
    if b"\x00" in data[:4096]:
        raise UnreadableDocument(
            f"{name} is a binary file, not plain text; upload a PDF, a .docx or a UTF-8 .txt."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableDocument(
            f"{name} is not valid UTF-8 text (bad byte at position {error.start}); save it as "
            "UTF-8 (in most editors: Save As, encoding UTF-8) and upload it again."
        ) from None
    return _clean(text)


def _clean(text: str) -> str:
    """Same line breaks and characters whatever the source (PDF ligatures, non-breaking spaces)."""
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    return _TRAILING_SPACE.sub("", text).strip("\n")
