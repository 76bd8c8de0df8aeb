"""Hostile files built in the test that uses them (none is committed): images that declare more
pixels than their size suggests."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int) -> bytes:
    """A valid PNG header declaring `width` × `height` one-bit pixels, with one row of data: a
    few dozen bytes that Pillow would try to decode into a picture of any size."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = zlib.compress(b"\x00" + bytes((width + 7) // 8))
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", row) + _chunk(b"IEND", b"")
    )


def real_png(width: int, height: int) -> bytes:
    """A complete one-bit PNG of blank pixels: small on disk, `width` × `height` when decoded."""
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, format="PNG")
    return out.getvalue()
