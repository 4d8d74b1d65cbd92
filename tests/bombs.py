"""Decompression bombs built without ever holding their pixels: a PNG whose IDAT is streamed
through zlib row by row, so a 6300 x 6300 RGBA bomb (~160 MB decoded) costs the test a few
hundred kilobytes. Shared by the tests and scripts/measure_image_bombs.py."""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(width: int = 6300, height: int = 6300) -> bytes:
    """A valid, all-transparent RGBA PNG of ``width`` x ``height``."""
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    row = b"\0" * (1 + width * 4)  # filter byte + pixels
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat)
            + _chunk(b"IEND", b""))
