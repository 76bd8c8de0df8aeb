"""Reading an uploaded contract: PDF pages, DOCX paragraphs and tables, UTF-8 text, and a clear
refusal, saying what to do, for anything else."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from sro.contracts import extract as extract_module
from sro.contracts.extract import ExtractedDocument, Page, UnreadableDocument, extract, extract_path
from sro.contracts.samples import sample_docx, sample_pdf, sample_text
from sro.core import filecheck

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


# --- Hostile files: refused at once with what to do, never a worker tied up ----------------------
# Each file is built here, small; the limits of `extract` are patched down where building a file
# over the real limit would itself take long.

MB = 1024 * 1024


def _docx_with_body(body: bytes, *, extra: dict[str, bytes] | None = None) -> bytes:
    """A real Word document whose body is `body` (WordprocessingML), plus `extra` parts."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                head, tail = data.split(b"<w:body>")
                data = head + b"<w:body>" + body + tail
            archive.writestr(item, data)
        for part, data in (extra or {}).items():
            archive.writestr(part, data)
    return out.getvalue()


def _paragraphs(texts: Iterable[bytes]) -> bytes:
    return b"".join(b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p>" for text in texts)


def _words(count: int) -> list[bytes]:
    """Words that do not compress much, so the file is not refused for its ratio."""
    chance = random.Random(23)
    return [bytes(chance.choices(b"abcdefghijklmnopqrstuvwxyz", k=7)) for _ in range(count)]


def _declaring(data: bytes, part: str, size: int, *, flags: int = 0) -> bytes:
    """`data` (a ZIP) with `part`'s uncompressed size in the central directory and local header
    set to `size`, and `flags` added to its flag bits: a directory that lies."""
    out = bytearray(data)
    name = part.encode()
    for signature, size_at, flags_at, name_at in (
        (b"PK\x01\x02", 24, 8, 46),
        (b"PK\x03\x04", 22, 6, 30),
    ):
        start = 0
        while (start := out.find(signature, start)) != -1:
            if out[start + name_at : start + name_at + len(name)] == name:
                struct.pack_into("<I", out, start + size_at, size)
                (old,) = struct.unpack_from("<H", out, start + flags_at)
                struct.pack_into("<H", out, start + flags_at, old | flags)
            start += 4
    return bytes(out)


def test_the_pentests_docx_bomb_is_refused_before_it_is_inflated() -> None:
    """Issue 23, finding 5: a small DOCX whose XML inflates hundreds of times (50 MB from 204 KB
    in the report; 8 MB here) tied a worker for a minute; it is refused from the ZIP directory."""
    body = _paragraphs([b"a"] * (8 * MB // 36))
    data = _docx_with_body(body)
    assert len(data) < 200_000
    with pytest.raises(UnreadableDocument, match=r"word/document.xml unpacks \d+ times larger"):
        extract(data, "bomb.docx")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: _declaring(_docx_with_body(b""), "word/document.xml", 3 * 1024 * MB),
            r"word/document.xml unpacks to 3,072.0 MB; the limit is 20 MB per part",
        ),
        (
            lambda: _declaring(
                _docx_with_body(b"", extra={"word/media/a.png": b"x"}), "word/media/a.png", 60 * MB
            ),
            r"word/media/a.png unpacks to 60.0 MB; the limit is 50 MB per part",
        ),
        (
            lambda: _docx_with_body(b"", extra={f"word/media/{n}.png": b"" for n in range(1001)}),
            r"holds 1,0\d\d parts; a Word document has at most 1,000",
        ),
        (
            lambda: _docx_with_body(b"", extra={"word/embeddings/inner.zip": b"PK\x05\x06"}),
            r"word/embeddings/inner.zip is another archive .* remove the embedded file",
        ),
        (
            lambda: _declaring(_docx_with_body(b""), "word/document.xml", 1000, flags=0x1),
            r"word/document.xml is encrypted; remove the password",
        ),
    ],
    ids=["huge part declared", "huge picture declared", "many parts", "nested", "encrypted"],
)
def test_a_docx_is_judged_from_its_zip_directory(make: Callable[[], bytes], message: str) -> None:
    with pytest.raises(UnreadableDocument, match=message):
        extract(make(), "contract.docx")


def test_a_docx_over_the_total_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filecheck, "ZIP_MAX_TOTAL_BYTES", 1 * MB)
    data = _docx_with_body(b"", extra={f"word/media/{n}.png": bytes(400_000) for n in range(3)})
    with pytest.raises(UnreadableDocument, match=r"unpacks to 1\.\d MB; the limit is 1 MB"):
        extract(data, "contract.docx")


def test_a_zip_directory_that_understates_a_part_is_refused_as_damaged() -> None:
    """zipfile (python-docx's reader) never inflates past the declared size: the part fails its
    check instead of inflating further."""
    data = _declaring(_docx_with_body(_paragraphs(_words(2000))), "word/document.xml", 100)
    with pytest.raises(UnreadableDocument, match="could not be read as a Word document"):
        extract(data, "contract.docx")


@pytest.mark.parametrize(
    "body",
    [
        _paragraphs([b"a"] * 20_001),
        b"<w:p>"
        + b"".join(b"<w:r><w:t>" + w + b"</w:t></w:r>" for w in _words(60_001))
        + b"</w:p>",
        b"<w:tbl><w:tr>" + b"<w:tc><w:p/></w:tc>" * 20_001 + b"</w:tr></w:tbl>",
    ],
    ids=["paragraphs", "runs in one paragraph", "table cells"],
)
def test_a_docx_with_more_than_a_contract_holds_is_refused_before_it_is_walked(body: bytes) -> None:
    with pytest.raises(UnreadableDocument, match=r"more than 20,000 paragraphs, 60,000 runs"):
        extract(_docx_with_body(body), "contract.docx")


def test_reading_stops_at_its_time_limit() -> None:
    """Behind every count, reading stops after READ_SECONDS; a limit of zero shows the refusal
    without depending on the machine's speed."""
    for data, name in ((sample_pdf(PINE), "pine.pdf"), (sample_docx(PINE), "pine.docx")):
        with pytest.raises(UnreadableDocument, match="takes longer than 0 seconds to read"):
            extract(data, name, seconds=0)
    assert extract(sample_pdf(PINE), "pine.pdf").text  # the real limit reads it


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1; the first is the catalog)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def _pdf_pages_drawing(pages: int, content: bytes) -> bytes:
    """`pages` pages that all draw the same (deflated) content stream."""
    packed = zlib.compress(content, 9)
    kids = b" ".join(b"%d 0 R" % (5 + n) for n in range(pages))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>"
    )
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed),
            *[page] * pages,
        ]
    )


TEXT = b"BT /F1 12 Tf 72 700 Td (The SRO shall wear the uniform.) Tj ET\n"
FONTS = b"<< /Font << /F1 3 0 R >> >>"


def test_a_pdf_made_for_tests_reads() -> None:
    assert extract(_pdf_pages_drawing(2, TEXT), "ok.pdf").pages[1].text == (
        "The SRO shall wear the uniform."
    )


def test_a_pdf_stream_that_inflates_past_the_limit_is_refused() -> None:
    data = _pdf_pages_drawing(1, TEXT + b" " * (6 * MB))
    assert len(data) < 20_000
    with pytest.raises(UnreadableDocument, match=r"built beyond what is read in one piece"):
        extract(data, "bomb.pdf")


def test_a_pdf_with_too_many_pages_is_refused_before_they_are_read() -> None:
    with pytest.raises(UnreadableDocument, match=r"has 1,001 pages; at most 1,000 are read"):
        extract(_pdf_pages_drawing(1001, TEXT), "long.pdf")


def test_pages_drawing_one_big_stream_are_refused_by_their_total(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(extract_module, "MAX_PDF_CONTENT_BYTES", 100_000)
    data = _pdf_pages_drawing(50, TEXT + b" " * 9_000)
    with pytest.raises(UnreadableDocument, match=r"draw more than 97 KB of content by page 12"):
        extract(data, "repeat.pdf")


def test_a_pdf_stream_of_too_many_tokens_is_refused_naming_its_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(extract_module.PDF_LIMITS, "stream_parsing_work_maximum_count", 1000)
    data = _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [5 0 R 6 0 R] /Count 2 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(TEXT), TEXT),
            b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources %s >>" % FONTS,
            b"<< /Type /Page /Parent 2 0 R /Contents 7 0 R /Resources %s >>" % FONTS,
            b"<< /Length 8000 >>\nstream\n" + b"(ab) Tj " * 1000 + b"\nendstream",
        ]
    )
    with pytest.raises(UnreadableDocument, match=r"page 2 of many.pdf is built beyond what"):
        extract(data, "many.pdf")


def test_a_pdf_drawing_too_many_operations_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_module, "MAX_PDF_OPERATIONS", 100)
    data = _pdf_pages_drawing(1, b"BT /F1 12 Tf " + b"(ab) Tj " * 200 + b"ET")
    with pytest.raises(UnreadableDocument, match=r"draws more than 100 operations"):
        extract(data, "busy.pdf")


def test_operations_inside_a_form_count_although_pypdf_swallows_errors_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pypdf catches every error raised while it reads a form (an XObject) drawn on a page, so
    the refusal raised inside is raised again once the page is read."""
    monkeypatch.setattr(extract_module, "MAX_PDF_OPERATIONS", 100)
    form = b"BT /F1 12 Tf " + b"(ab) Tj " * 200 + b"ET"
    data = _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Page /Parent 2 0 R /Contents 5 0 R "
            b"/Resources << /XObject << /X1 6 0 R >> >> >>",
            b"<< /Length 6 >>\nstream\n/X1 Do\nendstream",
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources %s /Length %d >>"
            b"\nstream\n%s\nendstream" % (FONTS, len(form), form),
        ]
    )
    with pytest.raises(UnreadableDocument, match=r"draws more than 100 operations"):
        extract(data, "form.pdf")


def test_a_deeply_nested_pdf_is_refused_as_damaged() -> None:
    nested = b"[" * 100_000 + b"]" * 100_000
    data = _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /X %s >>" % nested,
            b"<< /Type /Pages /Count 0 /Kids [] >>",
        ]
    )
    with pytest.raises(UnreadableDocument, match="damaged PDF|could not be read as a PDF"):
        extract(data, "nested.pdf")


def test_more_text_than_a_contract_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_module, "MAX_TEXT_CHARS", 1000)
    with pytest.raises(UnreadableDocument, match="more than 1,000 characters of text"):
        extract(b"The SRO shall. " * 100, "long.txt")
    with pytest.raises(UnreadableDocument, match="more than 1,000 characters of text"):
        extract(_pdf_pages_drawing(40, TEXT), "long.pdf")


def test_a_file_over_the_largest_read_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as file:
        file.truncate(101 * MB)  # sparse: takes no disk
    with pytest.raises(UnreadableDocument, match="huge.pdf is larger than 100 MB"):
        extract_path(path)
