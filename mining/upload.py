"""An uploaded mining corpus, checked at the edge and packed for the worker — pure (zipfile
only, nothing written to disk).

An admin uploads HTML pages and/or ZIP files of pages. Everything is bounded before it is
held in memory: number of files, each page's size (declared sizes of ZIP entries are checked
before reading, and reading stops one byte past the limit, so a lying header cannot inflate),
the unpacked total and the number of pages. Entries that are not pages (pictures, CSS next to
a saved page) are skipped. A refusal names the file (its index among the uploads) and the
reason as a message key of pagelogic/messages (``mining.*``).

Accepted pages are packed into one ZIP (deflated) that the worker reads from storage; page
names keep their folder, which page-level mining reads as the category."""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

PAGE_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class Limits:
    max_files: int = 200
    max_page_bytes: int = 2 * 1024 * 1024
    max_total_bytes: int = 50 * 1024 * 1024
    max_pages: int = 5000

    @classmethod
    def from_settings(cls, settings) -> Limits:
        return cls(max_files=settings.mining_max_files,
                   max_page_bytes=settings.mining_max_page_bytes,
                   max_total_bytes=settings.mining_max_total_bytes,
                   max_pages=settings.mining_max_pages)


class CorpusRefused(ValueError):
    def __init__(self, index: int | None, key: str, **fields):
        super().__init__(key)
        self.index, self.key, self.fields = index, key, fields


def _clean_name(name: str) -> str | None:
    """A page's name as a relative POSIX path, or None for absolute/parent paths."""
    name = name.replace("\\", "/")
    norm = posixpath.normpath(name)
    if name.startswith("/") or norm.startswith("..") or norm in (".", "") or "\x00" in name:
        return None
    return norm


class _Counter:
    def __init__(self, limits: Limits):
        self.limits, self.total, self.pages = limits, 0, []

    def add(self, index: int, name: str, data: bytes) -> None:
        limits = self.limits
        if len(data) > limits.max_page_bytes:
            raise CorpusRefused(index, "mining.page_too_large", name=name,
                                limit=limits.max_page_bytes)
        self.total += len(data)
        if self.total > limits.max_total_bytes:
            raise CorpusRefused(index, "mining.total_too_large", limit=limits.max_total_bytes)
        if len(self.pages) >= limits.max_pages:
            raise CorpusRefused(index, "mining.too_many_pages", limit=limits.max_pages)
        self.pages.append((name, data))


def _unzip(index: int, upload_name: str, data: bytes, counter: _Counter) -> None:
    limits = counter.limits
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise CorpusRefused(index, "mining.bad_zip", name=upload_name) from None
    for entry in entries:
        if entry.is_dir() or not entry.filename.lower().endswith(PAGE_SUFFIXES):
            continue
        name = _clean_name(entry.filename)
        if name is None:
            raise CorpusRefused(index, "mining.bad_name", name=entry.filename[:200])
        if entry.flag_bits & 0x1:
            raise CorpusRefused(index, "mining.encrypted", name=upload_name)
        if entry.file_size > limits.max_page_bytes:
            raise CorpusRefused(index, "mining.page_too_large", name=name,
                                limit=limits.max_page_bytes)
        try:
            with archive.open(entry) as handle:
                page = handle.read(limits.max_page_bytes + 1)  # a lying header stops here
        except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError):
            raise CorpusRefused(index, "mining.bad_zip", name=upload_name) from None
        counter.add(index, name, page)


def unpack(uploads: list[tuple[str, bytes]], limits: Limits = Limits()) -> list[tuple[str, bytes]]:
    """(page name, bytes) of every page in the uploads, or CorpusRefused."""
    if not uploads:
        raise CorpusRefused(None, "mining.no_files")
    if len(uploads) > limits.max_files:
        raise CorpusRefused(None, "mining.too_many_files", limit=limits.max_files)
    counter = _Counter(limits)
    for index, (filename, data) in enumerate(uploads):
        lower = filename.lower()
        name = _clean_name(posixpath.basename(filename.replace("\\", "/")) or "")
        if lower.endswith(".zip"):
            _unzip(index, filename, data, counter)
        elif lower.endswith(PAGE_SUFFIXES) and name:
            counter.add(index, name, data)
        else:
            raise CorpusRefused(index, "mining.file_type", name=filename[:200])
    if not counter.pages:
        raise CorpusRefused(None, "mining.no_pages")
    names = [n for n, _ in counter.pages]
    if len(set(names)) != len(names):  # the same name twice: keep both, numbered
        seen: dict[str, int] = {}
        renamed = []
        for name, data in counter.pages:
            seen[name] = seen.get(name, 0) + 1
            stem, dot, ext = name.rpartition(".")
            renamed.append((name if seen[name] == 1 else f"{stem}-{seen[name]}{dot}{ext}", data))
        counter.pages = renamed
    return counter.pages


def pack(pages: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in pages:
            archive.writestr(name, data)
    return buffer.getvalue()


def unpack_stored(data: bytes, limits: Limits = Limits()) -> list[tuple[str, bytes]]:
    """The worker's side: the packed corpus back as pages (bounded all the same)."""
    return unpack([("corpus.zip", data)], limits)
