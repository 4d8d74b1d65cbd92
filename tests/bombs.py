"""Decompression bombs built without ever holding their pixels: a PNG whose IDAT is streamed
through zlib row by row, so a 6300 x 6300 RGBA bomb (~160 MB decoded) costs the test a few
hundred kilobytes. Shared by the tests and scripts/measure_image_bombs.py."""

from __future__ import annotations

import struct
import threading
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


class PeakRss:
    """Samples one process's RSS every ``period`` s on a thread; ``peak_mib`` is the highest
    seen since start (psutil; the gateway under test is another process)."""

    def __init__(self, pid: int, period: float = 0.01):
        import psutil  # test/measurement dependency only

        self.proc, self.period = psutil.Process(pid), period
        self.peak_mib = self.proc.memory_info().rss / 2**20
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.period):
            try:
                self.peak_mib = max(self.peak_mib, self.proc.memory_info().rss / 2**20)
            except Exception:  # noqa: BLE001 - the process may have gone: keep the last peak
                return

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
