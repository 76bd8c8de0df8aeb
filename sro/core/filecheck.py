"""Checks on uploaded files that need no Django (`sro contracts check` uses them too).

- `sniff`: what a file is, from its first bytes, never from its name or the type the browser
  claimed. Uploads are accepted, stored and served back as this type.
- `check_zip`: a ZIP package (a Word .docx) judged from its central directory before anything
  decompresses it, so a small file that inflates to gigabytes (a "zip bomb") is refused at once.
- `stored_extension` and `download_name`: the extension a stored file gets and the name a download
  is offered under, safe in a path and in a Content-Disposition header whatever the uploader
  named the file.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Collection
from typing import IO

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
UNKNOWN = "application/octet-stream"

EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", WEBP: "webp", DOCX: "docx", UNKNOWN: "bin"}
IMAGES = frozenset({PNG, JPEG, WEBP})

ZIP_MAGIC = b"PK\x03\x04"
SNIFF_BYTES = 1024


def sniff(head: bytes) -> str | None:
    """The type the first bytes of a file show (`SNIFF_BYTES` are enough), or None.

    A ZIP is reported as DOCX: every reader of uploads that takes a ZIP takes only Word files,
    and checks the package itself (`check_zip`, python-docx) before accepting it."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(ZIP_MAGIC):
        return DOCX
    if b"%PDF-" in head[:SNIFF_BYTES]:  # some writers put a few bytes before the marker
        return PDF
    return None


def sniff_file(file: IO[bytes]) -> str | None:
    """`sniff` on an open file, left at its start."""
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    return sniff(head)


# --- Images -------------------------------------------------------------------------------------


class UnsafeImage(ValueError):
    """The image is refused; the message says why. `reason` is "type" (not an allowed kind),
    "pixels" (over the limit) or "damaged", so a form can word its own message."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def check_image(file: IO[bytes], *, allowed: Collection[str], max_pixels: int) -> str:
    """The checked type of an image upload, read by Pillow from its header without decoding the
    pixels: refused when it is not one of `allowed`, has more than `max_pixels` pixels (a small
    file can declare a picture that takes gigabytes to decode), or is damaged."""
    from PIL import Image, UnidentifiedImageError

    limit = f"{max_pixels / 1e6:,.0f} megapixels"
    fix = "Scan or take it at a lower resolution."
    try:
        file.seek(0)
        with Image.open(file) as image:
            checked = Image.MIME.get(image.format or "", "")
            width, height = image.size
            if checked not in allowed:
                raise UnsafeImage(f"This is a {image.format or 'unknown'} image.", "type")
            if width * height > max_pixels:
                raise UnsafeImage(
                    f"The image is {width:,} × {height:,} pixels "
                    f"({width * height / 1e6:,.0f} megapixels); the limit is {limit}. {fix}",
                    "pixels",
                )
            image.verify()
    except UnsafeImage:
        raise
    except Image.DecompressionBombError:  # Pillow's own guard, far above ours
        raise UnsafeImage(
            f"The image has far more pixels than the limit of {limit}. {fix}", "pixels"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise UnsafeImage("The image is damaged or incomplete.", "damaged") from None
    finally:
        file.seek(0)
    return checked


# --- ZIP packages -------------------------------------------------------------------------------

MB = 1024 * 1024
# A Word file has a few dozen parts; its XML is read whole into memory, and python-docx walks
# it paragraph by paragraph (about 0.1 ms each), so these bound the memory and the time.
ZIP_MAX_MEMBERS = 1000
ZIP_MAX_TOTAL_BYTES = 100 * MB
ZIP_MAX_MEMBER_BYTES = 50 * MB
ZIP_MAX_XML_BYTES = 20 * MB
# Word's XML deflates about 5 to 20 times; a bomb a thousand times. Small parts are exempt.
ZIP_MAX_RATIO = 100
ZIP_RATIO_FROM_BYTES = 1 * MB
NESTED_ARCHIVES = (
    ".zip", ".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm", ".odt", ".ods", ".odp",
    ".jar", ".7z", ".rar", ".gz", ".tgz", ".bz2", ".xz", ".tar", ".cab",
)  # fmt: skip


class UnsafeArchive(ValueError):
    """The package is refused before it is opened; the message says why and what to do."""


def check_zip(data: bytes, name: str) -> list[str]:
    """Refuse a ZIP package that would take too much memory or time to open, judged only from
    its central directory (no member is decompressed); the names of its parts otherwise.

    The central directory may lie about the sizes; Python's `zipfile` (which python-docx uses)
    never inflates a member past the size the directory states, and a member whose data is longer
    fails its CRC check, so what is checked here is what a reader can be made to inflate."""
    fix = "open it in Word, save it again as .docx (or as PDF) and upload the new file"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise UnsafeArchive(f"{name} is a damaged ZIP package ({error}); {fix}.") from None
    if len(members) > ZIP_MAX_MEMBERS:
        raise UnsafeArchive(
            f"{name} holds {len(members):,} parts; a Word document has at most "
            f"{ZIP_MAX_MEMBERS:,}. It is not an ordinary Word file: {fix}."
        )
    total = 0
    for member in members:
        where = f"{name}: its part {_printable(member.filename)}"
        size = member.file_size
        total += size
        if member.flag_bits & 0x1:
            raise UnsafeArchive(f"{where} is encrypted; remove the password, {fix}.")
        if member.filename.lower().endswith(NESTED_ARCHIVES):
            raise UnsafeArchive(
                f"{where} is another archive or Office file embedded in the document; remove "
                f"the embedded file (paste its content instead), or {fix}."
            )
        is_xml = member.filename.lower().endswith((".xml", ".rels"))
        limit = ZIP_MAX_XML_BYTES if is_xml else ZIP_MAX_MEMBER_BYTES
        if size > limit:
            raise UnsafeArchive(
                f"{where} unpacks to {size / MB:,.1f} MB; the limit is {limit // MB} MB per "
                f"part. Split the document, or {fix}."
            )
        ratio = size / max(member.compress_size, 1)
        if size > ZIP_RATIO_FROM_BYTES and ratio > ZIP_MAX_RATIO:
            raise UnsafeArchive(
                f"{where} unpacks {ratio:,.0f} times larger than it is stored (at most "
                f"{ZIP_MAX_RATIO} for a Word document): it looks built to exhaust the server. "
                f"To upload it, {fix}."
            )
    if total > ZIP_MAX_TOTAL_BYTES:
        raise UnsafeArchive(
            f"{name} unpacks to {total / MB:,.1f} MB; the limit is {ZIP_MAX_TOTAL_BYTES // MB} MB. "
            f"Make the pictures smaller or split the document, or {fix}."
        )
    return [member.filename for member in members]


def _printable(text: str, limit: int = 80) -> str:
    cleaned = "".join(c if c.isprintable() else "?" for c in text)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


# --- File names ---------------------------------------------------------------------------------

_EXTENSION = re.compile(r"^[a-z0-9]{1,5}$")
_UNSAFE = re.compile(r"[^\w .,()+-]+")  # \w is Unicode: letters of any script stay
_RUNS = re.compile(r"[_ ]{2,}")
MAX_DOWNLOAD_STEM = 80


def stored_extension(filename: str) -> str:
    """The extension a stored file gets: short letters and digits only ("bin" otherwise), so a
    stored path stays within its column and never carries the uploader's characters."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return extension if _EXTENSION.match(extension) else "bin"


def download_name(original: str, content_type: str, *, fallback: str) -> str:
    """The name a stored file is offered under: the uploader's name without any path, control
    character, quote or other punctuation, at most `MAX_DOWNLOAD_STEM` characters, and with the
    extension of the checked type (a PDF named "x.html" downloads as "x.pdf")."""
    name = unicodedata.normalize("NFKC", original)
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(c if c.isprintable() else " " for c in name)
    stem, dot, extension = name.rpartition(".")
    if not (dot and _EXTENSION.match(extension.lower())):
        stem = name  # no extension of its own to replace
    stem = _RUNS.sub("_", _UNSAFE.sub("_", stem.replace(".", "_")))
    stem = stem.strip(" _.-")[:MAX_DOWNLOAD_STEM].strip(" _.-") or fallback
    return f"{stem}.{EXTENSIONS.get(content_type, 'bin')}"
