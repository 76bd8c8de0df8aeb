"""The checks every upload goes through: its type from its bytes, a ZIP judged from its
directory, and the names a stored file and a download get."""

from __future__ import annotations

import io
import zipfile

import pytest

from sro.core import filecheck
from sro.core.tests.hostile_files import png_declaring, real_png


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n", filecheck.PDF),
        (b"\r\n%PDF-1.4", filecheck.PDF),  # a few bytes before the marker, as some writers do
        (real_png(2, 2), filecheck.PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", filecheck.JPEG),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", filecheck.WEBP),
        (b"PK\x03\x04", filecheck.DOCX),
        (b"<!doctype html><script>", None),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script/>', None),
        (b"GIF89a", None),
        (b"", None),
    ],
)
def test_the_type_comes_from_the_bytes(head: bytes, kind: str | None) -> None:
    assert filecheck.sniff(head) == kind


@pytest.mark.parametrize(
    ("filename", "extension"),
    [
        ("scan.PDF", "pdf"),
        ("photo.jpeg", "jpeg"),
        ("archive.tar.gz", "gz"),
        ("noextension", "bin"),
        ("x." + "a" * 120, "bin"),  # would push the stored path past its column
        ("x.p/../../etc", "bin"),
        ("x.pdf\x00", "bin"),
        ("x.pdé", "bin"),
    ],
)
def test_a_stored_file_gets_a_short_plain_extension(filename: str, extension: str) -> None:
    assert filecheck.stored_extension(filename) == extension


@pytest.mark.parametrize(
    ("original", "offered"),
    [
        ("Signed agreement 2026.pdf", "Signed agreement 2026.pdf"),
        ("agreement.html", "agreement.pdf"),  # the checked type's extension, not the name's
        ('evil"; filename="x.html', "evil_filename_x.pdf"),
        ("a\r\nSet-Cookie: x=1.pdf", "a_Set-Cookie_x_1.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("..\\..\\Windows\\win.ini", "win.pdf"),
        ("école — plan.docx", "école_plan.pdf"),
        ("...", "contract.pdf"),
        ("", "contract.pdf"),
        ("a" * 300 + ".pdf", "a" * 80 + ".pdf"),
    ],
)
def test_a_download_name_is_safe_and_carries_the_checked_extension(
    original: str, offered: str
) -> None:
    assert filecheck.download_name(original, filecheck.PDF, fallback="contract") == offered


def test_an_unknown_type_downloads_as_bin() -> None:
    assert filecheck.download_name("x.html", filecheck.UNKNOWN, fallback="f") == "x.bin"


def test_an_ordinary_zip_passes_and_a_broken_one_is_named() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>" * 1000)
    filecheck.check_zip(out.getvalue(), "plan.docx")
    with pytest.raises(filecheck.UnsafeArchive, match="plan.docx is a damaged ZIP package"):
        filecheck.check_zip(b"PK\x03\x04 nothing more", "plan.docx")


def test_an_image_is_checked_from_its_header_only() -> None:
    pixels = 50_000_000
    small = io.BytesIO(real_png(100, 50))
    assert filecheck.check_image(small, allowed={filecheck.PNG}, max_pixels=pixels) == "image/png"
    assert small.tell() == 0  # left at the start for the storage
    with pytest.raises(filecheck.UnsafeImage, match="This is a PNG image") as refused:
        filecheck.check_image(small, allowed={filecheck.JPEG}, max_pixels=pixels)
    assert refused.value.reason == "type"
    declared = io.BytesIO(png_declaring(9_000, 9_000))
    with pytest.raises(filecheck.UnsafeImage, match=r"9,000 × 9,000 pixels") as refused:
        filecheck.check_image(declared, allowed={filecheck.PNG}, max_pixels=pixels)
    assert refused.value.reason == "pixels"
    with pytest.raises(filecheck.UnsafeImage, match="damaged") as refused:
        filecheck.check_image(
            io.BytesIO(b"\x89PNG\r\n\x1a\nbroken"), allowed={filecheck.PNG}, max_pixels=pixels
        )
    assert refused.value.reason == "damaged"
