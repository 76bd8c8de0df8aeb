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
from pypdf import PageObject, PdfReader, PdfWriter

from sro.contracts import extract as extract_module
from sro.contracts import pdfcost
from sro.contracts.extract import ExtractedDocument, Page, UnreadableDocument, extract, extract_path
from sro.contracts.samples import sample_docx, sample_names, sample_pdf, sample_text
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


class _SteppingClock:
    """A clock that moves `step` seconds each time it is read: the deadline is reached after a
    known number of checks, whatever the machine's speed."""

    def __init__(self, step: float) -> None:
        self.now = 0.0
        self.step = step
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        self.now += self.step
        return self.now


def test_the_deadline_is_read_on_the_clock_it_is_given() -> None:
    """The wall-clock deadline is only the backstop behind the counts: on a clock that stands
    still a file within the counts is read whatever it costs; on one that runs a second per
    check, reading stops at READ_SECONDS with the message."""
    still = _SteppingClock(0.0)
    assert extract(sample_pdf(PINE), "pine.pdf", clock=still).text
    assert still.reads > 2  # checked before reading, between streams, pages and operations
    with pytest.raises(UnreadableDocument, match=r"pine.pdf takes longer than 8 seconds"):
        extract(sample_pdf(PINE), "pine.pdf", clock=_SteppingClock(1.0))


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


def test_pages_drawing_one_stream_count_it_once_each(monkeypatch: pytest.MonkeyPatch) -> None:
    """1,000 pages drawing one 6 KB stream (a 160 KB file): pypdf parses it once per page, so it
    counts 1,000 times, and the file is refused at the page where the total passes 5 MB, before
    any page is read."""
    content = TEXT + b" " * 6_000
    data = _pdf_pages_drawing(1000, content)
    assert len(data) < 160_000
    reader = PdfReader(io.BytesIO(data))
    counted = pdfcost.measure(reader.pages[:3], max_size=10 * MB, max_operations=10**6)
    assert counted.size == 3 * len(content)
    page = 5 * MB // len(content) + 1
    _never_read(monkeypatch)
    with pytest.raises(
        UnreadableDocument,
        match=rf"repeat.pdf has too much content to read \(5.0 MB of page content by page "
        rf"{page}, .*; the limit is 5 MB\). Save it as a smaller PDF or upload the text as .docx",
    ):
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
    with pytest.raises(UnreadableDocument, match=r"more than 100 operations by page 1"):
        extract(data, "busy.pdf")
    # Behind the count made before reading, the operations pypdf reads are counted too.
    monkeypatch.setattr(pdfcost, "measure", lambda *args, **kwargs: pdfcost.Cost())
    with pytest.raises(UnreadableDocument, match=r"draws more than 100 operations"):
        extract(data, "busy.pdf")


def test_operations_inside_a_form_count_although_pypdf_swallows_errors_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pypdf catches every error raised while it reads a form (an XObject) drawn on a page, so
    the refusal raised inside is raised again once the page is read (the count made before
    reading, which would refuse the file first, is left out here)."""
    monkeypatch.setattr(extract_module, "MAX_PDF_OPERATIONS", 100)
    monkeypatch.setattr(pdfcost, "measure", lambda *args, **kwargs: pdfcost.Cost())
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


# --- The cost of a PDF, counted before any page is read (issue 23, adversarial test) -----------
# Files are built here, small; the counts are asserted exactly on files within the limits, so
# what is refused, and why, does not depend on the machine's speed.


def _never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make reading any page's text fail the test: a refusal must come before it."""

    def fail(*args: object, **kwargs: object) -> str:
        raise AssertionError("a page was read")

    monkeypatch.setattr(PageObject, "extract_text", fail)


def _stream(data: bytes, dictionary: bytes = b"") -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)


def _deflated(data: bytes, dictionary: bytes = b"") -> bytes:
    packed = zlib.compress(data, 9)
    return _stream(packed, dictionary + b" /Filter /FlateDecode")


def _form(resources: bytes) -> bytes:
    return b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources " + resources


def _pages(count: int, first: int, resources: bytes, contents: bytes = b"4 0 R") -> list[bytes]:
    """`count` pages (objects `first` on, listed in object 2) sharing contents and resources."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %s /Resources %s >>"
    kids = b" ".join(b"%d 0 R" % (first + n) for n in range(count))
    return [
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        *[page % (contents, resources)] * count,
    ]


def _document(pages: int, content: bytes, *others: bytes, resources: bytes) -> bytes:
    """Catalog (1), pages (2), Helvetica (3), the pages' content (4), `others` (5 on), pages."""
    first = 5 + len(others)
    tree, *page_objects = _pages(pages, first, resources)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            tree,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            content,
            *others,
            *page_objects,
        ]
    )


def _counted(data: bytes, **limits: int) -> pdfcost.Cost:
    reader = PdfReader(io.BytesIO(data))
    return pdfcost.measure(
        reader.pages,
        max_size=limits.get("max_size", 10 * MB),
        max_operations=limits.get("max_operations", 10**7),
    )


SHOW = b"BT /F1 12 Tf " + b"(ab) Tj " * 10 + b"ET"  # tokens: BT /F1 12 Tf, 10 x ( ab Tj, ET
SHOW_TOKENS = 4 + 3 * 10 + 1
TEXT_TOKENS = 16  # BT /F1 12 Tf 72 700 Td ( The SRO shall wear the uniform. Tj ET
FONT = pdfcost.FONT_OPERATIONS  # Helvetica: no map, no widths


def test_a_form_counts_each_time_a_page_draws_it_and_a_shared_stream_once_per_page() -> None:
    """Three pages share one content stream that draws form X four times: each page counts the
    stream once and the form four times, with the font each time pypdf builds it."""
    content = b"/X Do\n" * 4 + TEXT
    data = _document(
        3,
        _stream(content),
        _stream(SHOW, _form(FONTS)),
        resources=b"<< /Font << /F1 3 0 R >> /XObject << /X 5 0 R >> >>",
    )
    per_page = pdfcost.Cost(
        size=len(content) + 4 * len(SHOW),
        operations=FONT + (4 * 2 + TEXT_TOKENS) + 4 * (FONT + SHOW_TOKENS),
    )
    assert _counted(data) == pdfcost.Cost(3 * per_page.size, 3 * per_page.operations)
    assert len(extract(data, "forms.pdf").pages) == 3  # within the limits, it reads


def test_the_pentests_pdf_drawing_one_form_on_every_page_is_refused_before_reading() -> None:
    """The adversarial test's file: 1,000 pages (180 KB) each drawing the same form 200 times,
    the form 5,000 text operations and 40 KB. pypdf would parse the form 200,000 times (hours of
    CPU; before the count, the worker was held until the 10-second deadline). It is refused at
    once, from page 1: 200 drawings of the form are 7.6 MB and 3 million operations."""
    form = b"BT /F1 12 Tf " + b"(ab) Tj " * 5_000 + b"ET"
    data = _document(
        1000,
        _deflated(TEXT + b"/X Do\n" * 200),
        _deflated(form, _form(FONTS)),
        resources=b"<< /Font << /F1 3 0 R >> /XObject << /X 5 0 R >> >>",
    )
    assert len(data) < 200_000
    with pytest.raises(pdfcost.TooCostly) as too:
        _counted(data, max_operations=extract_module.MAX_PDF_OPERATIONS)
    assert (too.value.reason, too.value.page) == ("operations", 1)
    assert too.value.cost.operations > extract_module.MAX_PDF_OPERATIONS
    with pytest.raises(
        UnreadableDocument,
        match=r"attack.pdf has too much content to read \(7.6 MB of page content by page 1, "
        r".*; the limit is 5 MB\). Save it as a smaller PDF or upload the text as .docx.",
    ):
        extract(data, "attack.pdf")


def test_the_refusal_comes_before_any_page_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    form = b"BT /F1 12 Tf " + b"(ab) Tj " * 5_000 + b"ET"
    data = _document(
        2,
        _stream(b"/X Do\n" * 50),
        _stream(form, _form(FONTS)),
        resources=b"<< /Font << /F1 3 0 R >> /XObject << /X 5 0 R >> >>",
    )
    _never_read(monkeypatch)
    with pytest.raises(UnreadableDocument, match=r"too much content to read"):
        extract(data, "attack.pdf")


def _nested(depth: int, fan: int, leaf: bytes, *, packed: bool = True) -> bytes:
    """One page drawing form 1; form k draws form k+1 `fan` times; the last shows `leaf`
    (deflated if `packed`)."""
    forms = []
    for level in range(depth):
        number = 5 + level
        if level < depth - 1:
            resources = b"<< /Font << /F1 3 0 R >> /XObject << /X %d 0 R >> >>" % (number + 1)
            forms.append(_stream(b"/X Do\n" * fan, _form(resources)))
        else:
            forms.append((_deflated if packed else _stream)(leaf, _form(FONTS)))
    return _document(
        1,
        _stream(b"/X Do\n"),
        *forms,
        resources=b"<< /Font << /F1 3 0 R >> /XObject << /X 5 0 R >> >>",
    )


def test_forms_drawing_forms_multiply() -> None:
    """A 2 KB file whose three levels of forms each draw the next 14 times draws the last one
    196 times (45 s of CPU here); counted so, it is refused."""
    counted = _counted(_nested(3, 2, SHOW, packed=False))
    draw = FONT + 2 * 2  # a form drawing the next twice: its font and "/X Do" twice
    assert counted.operations == (FONT + 2) + 1 * (draw + 2 * (draw + 2 * (FONT + SHOW_TOKENS)))
    data = _nested(3, 14, b"BT /F1 12 Tf " + b"(ab) Tj " * 3_000 + b"ET")
    assert len(data) < 2_000
    with pytest.raises(UnreadableDocument, match=r"more than 150,000 operations by page 1"):
        extract(data, "nested.pdf")


def test_a_form_drawing_itself_or_nested_too_deep_is_refused() -> None:
    looped = _document(
        1,
        _stream(b"/X Do\n"),
        _stream(b"/X Do\n", _form(b"<< /XObject << /X 5 0 R >> >>")),
        resources=b"<< /XObject << /X 5 0 R >> >>",
    )
    with pytest.raises(
        UnreadableDocument,
        match=r"loop.pdf cannot be read: a drawing on page 1 draws itself, which no document",
    ):
        extract(looped, "loop.pdf")
    deep = _nested(pdfcost.MAX_FORM_DEPTH + 1, 1, SHOW)
    with pytest.raises(UnreadableDocument, match=r"nests drawings more than 12 deep"):
        extract(deep, "deep.pdf")
    assert extract(_nested(pdfcost.MAX_FORM_DEPTH, 1, TEXT), "ok.pdf").text


def test_a_do_counts_as_the_costliest_form_its_content_names() -> None:
    """Which form a Do draws is not known without parsing: in "/Big /Small Do" pypdf draws Big
    (the first operand), so the Do counts as the costliest form named, never the cheapest."""
    big = b"BT /F1 12 Tf " + b"(ab) Tj " * 100 + b"ET"
    data = _document(
        1,
        _stream(b"/Big /Small Do\n"),
        _stream(big, _form(FONTS)),
        _stream(SHOW, _form(FONTS)),
        resources=b"<< /Font << /F1 3 0 R >> /XObject << /Big 5 0 R /Small 6 0 R >> >>",
    )
    assert _counted(data).operations == FONT + 3 + (FONT + 4 + 3 * 100 + 1)


def test_images_drawn_are_not_counted_as_forms() -> None:
    image = _stream(
        b"\x00" * 4,
        b"/Type /XObject /Subtype /Image /Width 2 /Height 2 "
        b"/ColorSpace /DeviceGray /BitsPerComponent 8",
    )
    data = _document(
        1,
        _stream(b"/Im Do\n" * 1000 + TEXT),
        image,
        resources=b"<< /Font << /F1 3 0 R >> /XObject << /Im 5 0 R >> >>",
    )
    assert _counted(data).operations == FONT + 2 * 1000 + TEXT_TOKENS


def test_a_fonts_map_counts_its_entries_each_time_a_page_builds_it() -> None:
    """A 70-byte /ToUnicode map of one range maps 65,536 codes; pypdf builds it for every page
    whose resources hold the font (0.6 s each here). Three pages count it three times."""
    cmap = (
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        b"1 beginbfrange\n<0000> <FFFF> <0041>\nendbfrange"
    )
    data = _document(
        3,
        _stream(TEXT),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        _stream(cmap),
        resources=b"<< /Font << /F1 5 0 R >> >>",
    )
    reader = PdfReader(io.BytesIO(data))
    one = pdfcost.measure(reader.pages[:1], max_size=MB, max_operations=10**6)
    assert one == pdfcost.Cost(len(TEXT) + len(cmap), FONT + 65_536 + TEXT_TOKENS)
    with pytest.raises(UnreadableDocument, match=r"more than 150,000 operations by page 3"):
        extract(data, "map.pdf")


def test_a_damaged_compressed_stream_is_repaired_within_its_limit() -> None:
    """pypdf repairs a damaged deflated stream a byte at a time (about a microsecond a byte):
    it tries at most 512 KB, and the bytes it reads count."""
    packed = zlib.compress(random.Random(23).randbytes(100_000))
    damaged = packed[:1000] + b"\xff" * 8 + packed[1000:]
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
    assert extract_module.PDF_LIMITS["zlib_maximum_recovery_input_length"] == 512 * 1024
    data = _document(1, stream % (len(damaged), damaged), resources=FONTS)
    counted = _counted(data)
    assert counted.operations >= len(damaged) // 16


def test_every_sample_contract_is_counted_well_within_the_limits() -> None:
    """Real agreements of 2 to 5 pages count 6,000 to 30,000 operations: a contract of about 25
    dense pages (more with a word processor's lighter pages) is read."""
    for name in sample_names():
        counted = _counted(sample_pdf(name))
        assert counted.size < 200_000
        assert 1_000 < counted.operations < extract_module.MAX_PDF_OPERATIONS // 4
