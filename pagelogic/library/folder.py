"""A template library as files: ``templates.json`` (categories, templates, sets) beside one
HTML file per template. The starter library (pagelogic/library/starters) has this shape,
and ``pdp templates export/import`` write and read it — pure file I/O, no database."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = "templates.json"


class LibraryFormatError(ValueError):
    """The folder is not a template library (missing manifest, file or field)."""


@dataclass
class LibraryTemplate:
    key: str
    name: str
    block_type: str
    html: str
    slots: list[Any]
    description: str = ""
    style: str = ""
    style_tags: list[str] = field(default_factory=list)
    category: str | None = None

    @property
    def sha(self) -> str:
        return hashlib.sha256(self.html.encode()).hexdigest()[:16]

    def meta(self) -> dict[str, Any]:
        return {"description": self.description, "style": self.style,
                "style_tags": self.style_tags, "slots": self.slots}


@dataclass
class Library:
    categories: list[dict[str, Any]] = field(default_factory=list)
    templates: list[LibraryTemplate] = field(default_factory=list)
    sets: list[dict[str, Any]] = field(default_factory=list)


def read_library(folder: Path) -> Library:
    path = folder / MANIFEST
    if not path.is_file():
        raise LibraryFormatError(f"{path} not found")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    templates = []
    for item in manifest.get("templates", []):
        try:
            html = (folder / item["file"]).read_text(encoding="utf-8")
            templates.append(LibraryTemplate(
                key=item["key"], name=item["name"], block_type=item["block_type"], html=html,
                slots=item["slots"], description=item.get("description", ""),
                style=item.get("style", ""), style_tags=item.get("style_tags", []),
                category=item.get("category")))
        except (KeyError, OSError) as exc:
            raise LibraryFormatError(f"template entry {item.get('key')!r}: {exc}") from None
    return Library(manifest.get("categories", []), templates, manifest.get("sets", []))


def _file_name(key: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "_", key.lower()).strip("_") + ".html"


def write_library(folder: Path, library: Library) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for t in library.templates:
        name = _file_name(t.key)
        (folder / name).write_text(t.html if t.html.endswith("\n") else t.html + "\n",
                                   encoding="utf-8")
        entry = {"key": t.key, "name": t.name, "block_type": t.block_type, "file": name,
                 "style": t.style, "style_tags": t.style_tags, "description": t.description,
                 "slots": t.slots}
        if t.category:
            entry["category"] = t.category
        entries.append(entry)
    manifest = {"categories": library.categories, "templates": entries, "sets": library.sets}
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                   encoding="utf-8")
    return len(entries)
