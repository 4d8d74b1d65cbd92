"""`pdp templates mine`: crawled pages → sections → clusters → templates, written as a
library folder (the `pdp templates export` format) plus ``mining-report.json``.

Pure file I/O: loading into the database is the CLI's ``--load`` step (mining/store.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mining import blocktype, orders, templatize
from mining.cluster import cluster
from mining.dom import to_html
from mining.features import Section, describe, features
from mining.segment import page_sections
from pagelogic.library.folder import Library, LibraryTemplate, write_library
from pagelogic.library.validate import TemplateInvalid, validate_template
from pagelogic.messages.ko import BLOCK_TYPES, STYLES

REPORT = "mining-report.json"
CATEGORY = "mined"
PAGE_SUFFIXES = (".html", ".htm")


@dataclass
class Located:
    page: str
    index: int
    section: Section


@dataclass
class Outcome:
    library: Library
    report: dict[str, Any]
    rejected: list[tuple[int, str]] = field(default_factory=list)


def read_pages(folder: Path) -> list[tuple[str, Path]]:
    """(name, path) of every page; a page in a sub-folder is named ``folder/file`` and the
    sub-folder is its category (page-level mining groups by it)."""
    return sorted((p.relative_to(folder).as_posix(), p) for p in folder.rglob("*")
                  if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES)


_CHARSET = re.compile(rb"""charset=["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


def read_html(path: Path) -> str:
    return decode_html(path.read_bytes())


def decode_html(data: bytes) -> str:
    """A crawled page's text: UTF-8 when it decodes, else the charset its markup declares
    (older Korean shops still serve EUC-KR), else CP949, the superset of EUC-KR."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(data[:4096])
    for encoding in ([declared.group(1).decode()] if declared else []) + ["cp949"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def segment_pages(pages: Iterable[tuple[str, Path]],
                  tick: Callable[[], None] = lambda: None) -> list[Located]:
    return segment_texts(((name, path.read_bytes()) for name, path in pages),
                         lambda found: tick())


def segment_texts(pages: Iterable[tuple[str, bytes]],
                  tick: Callable[[list[Located]], None] = lambda found: None) -> list[Located]:
    """Every page's sections; ``tick`` gets the sections found so far after each page."""
    found: list[Located] = []
    for name, data in pages:
        html = decode_html(data)
        found.extend(Located(name, i, describe(s)) for i, s in enumerate(page_sections(html)))
        tick(found)
    return found


def example_source(located: list[Located]) -> Callable[[str, int], str | None]:
    """(page, index) → that crawled section's markup (unsanitized: the caller sanitizes)."""
    at = {(x.page, x.index): x.section.node for x in located}

    def html(page: str, index: int) -> str | None:
        node = at.get((page, index))
        return to_html(node) if node is not None else None
    return html


def _template(cid: int, members: list[Located], medoid: Located, image_only: bool,
              tag: str = "") -> tuple[str, LibraryTemplate | None, str | None]:
    pairs = [(m.section, m.index) for m in members]
    kind = blocktype.infer(pairs)
    mined = templatize.build(medoid.section, kind, image_only)
    key = f"mined-{tag + '-' if tag else ''}{kind.lower()}-{cid}"
    try:
        slots = validate_template(kind, mined.html, mined.slots)
    except TemplateInvalid as exc:
        return kind, None, f"{exc.code}: {exc.message}"
    label = "이미지 배너" if image_only else BLOCK_TYPES[kind]
    return kind, LibraryTemplate(
        key=key, name=f"수집 레이아웃 {cid} · {label}", block_type=kind, html=mined.html,
        slots=[{"name": s["name"], "sample": s.get("sample")} for s in slots],
        description=(f"수집한 상세페이지 {len(members)}개 구간에서 찾은 {label} 레이아웃 "
                     f"(대표: {medoid.page} {medoid.index + 1}번째 구간)"),
        style=mined.style, style_tags=["수집", label, STYLES.get(mined.style, "")],
        category=CATEGORY), None


def mine(located: list[Located], k: int | None = None, tag: str = "") -> Outcome:
    """``tag``: part of every template key (a mining job's id), so the drafts of two jobs
    over different corpora do not share keys; the CLI leaves it empty."""
    if not located:
        return Outcome(Library(), {"sections": [], "clusters": []})
    result = cluster([features(x.section) for x in located], k)
    sections = [{"page": x.page, "index": x.index, "cluster": c}
                for x, c in zip(located, result.labels)]
    library = Library(categories=[{"name": CATEGORY, "description": "수집한 상세페이지에서 찾은 "
                                   "템플릿 (검토 후 승인)"}])
    clusters, rejected = [], []
    for cid, medoid_at in sorted(result.medoids.items()):
        members = [x for x, c in zip(located, result.labels) if c == cid]
        medoid = located[medoid_at]
        image_only = blocktype.is_image_only([(m.section, m.index) for m in members])
        kind, template, reason = _template(cid, members, medoid, image_only, tag)
        if template is not None:
            library.templates.append(template)
        else:
            rejected.append((cid, reason))
        clusters.append({"id": cid, "size": len(members), "block_type": kind,
                         "medoid": {"page": medoid.page, "index": medoid.index},
                         "template": template and template.key + ".html", "rejected": reason,
                         "image_only": image_only})
    report = {"sections": sections, "clusters": clusters,
              "k": result.k, "silhouette": round(result.silhouette, 4)}
    report["sets"] = orders.suggested_sets(report)
    library.sets = [{k: v for k, v in s.items() if k not in ("support", "order")}
                    for s in report["sets"]]
    return Outcome(library, report, rejected)


def write(out: Path, outcome: Outcome) -> None:
    write_library(out, outcome.library)
    (out / REPORT).write_text(json.dumps(outcome.report, ensure_ascii=False, indent=1) + "\n",
                              encoding="utf-8")
