"""Serving a stored upload back: as the type its bytes show, never the type the uploader's browser
claimed or the name suggests.

The type is read again from the stored bytes at every download (`filecheck.sniff`), so a file
stored before the upload checks, or a row whose type was the browser's word, is served safely
too. A type the page does not expect is served as an opaque download. Every file goes as an
attachment, except that a page may show an image it embeds inline when the bytes are a JPEG, PNG
or WebP image (raster formats a browser never runs script from; never SVG or HTML). Every response
says `nosniff`, is not cached and carries a sandboxing Content-Security-Policy, so even a browser
that rendered it would run nothing."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from sro.core import filecheck

SANDBOX = "default-src 'none'; sandbox"


def serve_upload(
    stored: FieldFile,
    *,
    name: str,
    fallback: str,
    expected: Collection[str],
    inline_images: bool = False,
) -> FileResponse:
    """A download of `stored`, offered as `name` (made safe, with the checked type's extension).

    `expected` is the types this kind of upload may be; anything else is sent as
    application/octet-stream. `inline_images` lets an embedded photo be shown in the page."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    head = handle.read(filecheck.SNIFF_BYTES)
    handle.seek(0)
    checked = filecheck.sniff(head)
    content_type = checked if checked is not None and checked in expected else filecheck.UNKNOWN
    inline = inline_images and content_type in filecheck.IMAGES
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=filecheck.download_name(name, content_type, fallback=fallback),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = SANDBOX
    return response
