"""The text of an uploaded contract: PDF (pypdf), DOCX (python-docx) or plain UTF-8 text.

The kind is decided by the file's extension and confirmed by its first bytes (``%PDF-`` for a
PDF, a ZIP header for a DOCX), so a renamed file is refused rather than misread. Every failure
raises ``UnreadableDocument`` with a message saying what is wrong and what the user can do.
Upload size and type limits are enforced by the caller; this module only reads.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

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


class UnreadableDocument(ValueError):
    """The file cannot be read as a contract; the message says why and what to do."""


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
            data = file.read()
    except FileNotFoundError:
        raise UnreadableDocument(f"{where}: no such file; check the path.") from None
    except OSError as error:
        raise UnreadableDocument(f"{where}: cannot be opened ({error.strerror}).") from None
    return extract(data, os.path.basename(where))


def extract(data: bytes, filename: str) -> ExtractedDocument:
    """The text of an uploaded file, read according to its extension and its content."""
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
    if not data.strip():
        raise UnreadableDocument(f"{name} is empty; upload the signed contract's file.")
    _check_content_matches(data, name, kind)
    if kind == "pdf":
        pages = _pdf_pages(data, name)
    elif kind == "docx":
        pages = (Page(1, _docx_text(data, name)),)
    else:
        pages = (Page(1, _plain_text(data, name)),)
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


def _pdf_pages(data: bytes, name: str) -> tuple[Page, ...]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            # An empty user password opens "restricted" PDFs; anything else needs the password.
            raise FileNotDecryptedError("password required")
        texts = [page.extract_text() or "" for page in reader.pages]
    except (FileNotDecryptedError, DependencyError):
        raise UnreadableDocument(
            f"{name} is encrypted or password-protected; save an unprotected copy (print to PDF "
            "without a password) and upload that."
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


def _docx_text(data: bytes, name: str) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_docx_lines(document))
    except Exception as error:  # zip, XML and package errors all mean "damaged"
        raise UnreadableDocument(
            f"{name} could not be read as a Word document ({type(error).__name__}); open it in "
            "Word, save it again as .docx and upload the new file."
        ) from None
    # One blank line between paragraphs: each paragraph is its own passage for the finder.
    return _clean("\n\n".join(lines))


def _docx_lines(document: DocxDocument) -> Iterator[str]:
    """Paragraphs and table rows in reading order; numbering typed by hand is kept as written
    (Word's automatic list numbers are not part of the text and are lost)."""
    from docx.table import Table

    for block in document.iter_inner_content():
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
