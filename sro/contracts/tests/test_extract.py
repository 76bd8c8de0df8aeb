"""Reading an uploaded contract: PDF pages, DOCX paragraphs and tables, UTF-8 text, and a clear
refusal, saying what to do, for anything else."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from sro.contracts.extract import ExtractedDocument, Page, UnreadableDocument, extract, extract_path
from sro.contracts.samples import sample_docx, sample_pdf, sample_text

PINE = "pine-hollow-2019"


def _encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(sample_pdf(PINE))))
    writer.encrypt(user_password, "owner-secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    return buffer.getvalue()


def test_plain_text_is_one_page_with_line_endings_and_bom_normalised() -> None:
    doc = extract(b"\xef\xbb\xbfSECTION 1. PURPOSE\r\n\r\nThe City agrees.\r\n", "mou.txt")
    assert doc.kind == "text"
    assert doc.pages == (Page(1, "SECTION 1. PURPOSE\n\nThe City agrees."),)
    assert doc.text == "SECTION 1. PURPOSE\n\nThe City agrees."


def test_docx_keeps_paragraph_order_numbering_and_table_rows() -> None:
    data = sample_docx("cedar-bend-2024")
    assert docx.Document(io.BytesIO(data)).tables, "the sample puts exhibit A's duties in a table"
    doc = extract(data, "Cedar Bend JPA.DOCX")
    assert doc.kind == "docx"
    assert [page.number for page in doc.pages] == [1]
    text = doc.text
    assert text.index("ARTICLE I – PURPOSE") < text.index("Section 4.2") < text.index("EXHIBIT A")
    # A table row (number cell, duty cell) reads as one line, numbering as typed.
    assert "\n4. Advise school officials on emergency plans and safety drills.\n" in text


def test_pdf_gives_numbered_pages_in_order() -> None:
    doc = extract(sample_pdf("alexandria-district-2026"), "alexandria.pdf")
    assert doc.kind == "pdf"
    assert len(doc.pages) >= 3
    assert [page.number for page in doc.pages] == list(range(1, len(doc.pages) + 1))
    assert "SCHOOL RESOURCE OFFICER SERVICES AGREEMENT" in doc.pages[0].text
    assert "EXHIBIT A – FEE SCHEDULE" in doc.pages[-1].text
    assert doc.text == "\n\n".join(page.text for page in doc.pages)


def test_a_pdf_restricted_only_by_an_owner_password_is_read() -> None:
    doc = extract(_encrypted(user_password=""), "restricted.pdf")
    assert "Section 2. Duties." in doc.text


def test_extract_path_reads_by_extension(tmp_path: Path) -> None:
    path = tmp_path / "pine.txt"
    path.write_text(sample_text(PINE), encoding="utf-8")
    assert extract_path(path) == ExtractedDocument("text", (Page(1, sample_text(PINE).strip()),))


def test_extract_path_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument, match="no such file; check the path"):
        extract_path(tmp_path / "missing.pdf")


@pytest.mark.parametrize(
    ("make", "filename", "message"),
    [
        (lambda: b"", "contract.pdf", "is empty"),
        (lambda: b" \n\n ", "contract.txt", "is empty"),
        (lambda: _encrypted(user_password="secret"), "locked.pdf", "password-protected; save"),
        (lambda: b"%PDF-1.7\n%garbage", "broken.pdf", "damaged PDF"),
        (lambda: sample_pdf(PINE)[:2000], "truncated.pdf", "damaged PDF"),
        (_blank_pdf, "scan.pdf", "no text layer .* upload a text PDF or DOCX"),
        (lambda: b"PK\x03\x04 not really a zip", "broken.docx", "save it again as .docx"),
        (_zip_without_document, "other.docx", "could not be read as a Word document"),
        (lambda: sample_pdf(PINE), "renamed.docx", "named .docx but its content is a PDF"),
        (lambda: sample_docx(PINE), "renamed.pdf", "named .pdf but its content is a ZIP"),
        (lambda: sample_pdf(PINE), "renamed.txt", "named as plain text but its content is a PDF"),
        (lambda: "Café".encode("latin-1"), "latin1.txt", "not valid UTF-8 .* save it as UTF-8"),
        (lambda: "Agreement".encode("utf-16"), "wide.txt", "UTF-16 text; save it as UTF-8"),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "old.doc", "save it as .docx"),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "x.docx", "password-protected"),
        (lambda: b"{\\rtf1 An agreement}", "contract.rtf", "upload the contract as a PDF"),
        (lambda: b"An agreement", "contract", "without an extension"),
    ],
)
def test_unreadable_files_are_refused_with_what_to_do(
    make: Callable[[], bytes], filename: str, message: str
) -> None:
    with pytest.raises(UnreadableDocument, match=message):
        extract(make(), filename)
