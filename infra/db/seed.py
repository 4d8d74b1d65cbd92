"""Load a template library folder into PostgreSQL (the starter library by default) and
export the stored library as such a folder.

Idempotent: categories match by name, templates and sets by key. A template whose file
changed since it was last loaded is saved as a new version; one an admin edited through the
API keeps the admin's version until its file changes again, and one an admin deleted stays
deleted.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

import pagelogic.library
from infra.db import template_library as lib
from pagelogic.library.folder import Library, LibraryTemplate, read_library
from pagelogic.library.validate import TemplateInvalid, validate_template

STARTER_DIR = Path(pagelogic.library.__file__).parent / "starters"


def _load_template(session: Session, item: LibraryTemplate) -> str:
    try:
        slots = validate_template(item.block_type, item.html, item.slots)
    except TemplateInvalid as exc:
        raise TemplateInvalid(exc.code, f"{item.key}: {exc.message}") from None
    category = lib.category_by_name(session, item.category, create=True) if item.category else None
    meta = {**item.meta(), "slots": slots, "loaded_sha": item.sha}
    fields = {"name": item.name, "block_type": item.block_type, "template_html": item.html,
              "category_id": category.id if category else None, "meta": meta}
    existing = lib.by_key(session, item.key)
    if existing is None:
        lib.create_template(session, {"key": item.key, **fields}, "library-loader")
        return "created"
    if (existing.meta or {}).get("loaded_sha") == item.sha or not existing.is_active:
        return "unchanged"  # same file, or an admin deleted it: their decision stands
    lib.update_template(session, existing.id, fields, "library-loader", "loaded from files")
    return "updated"


def load_library(session: Session, folder: Path = STARTER_DIR) -> dict[str, int]:
    library = read_library(folder)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "sets": 0}
    for cat in library.categories:
        found = lib.category_by_name(session, cat["name"], create=True)
        found.description = cat.get("description") or found.description
    for item in library.templates:
        counts[_load_template(session, item)] += 1
    session.flush()
    for entry in library.sets:
        ids = []
        for key in entry["templates"]:
            template = lib.by_key(session, key)
            if template is None:
                raise lib.LibraryError(f"set {entry['key']!r} names unknown template {key!r}")
            if template.is_active:  # a template an admin deleted leaves its sets
                ids.append(template.id)
        category = lib.category_by_name(session, entry["category"], create=True) \
            if entry.get("category") else None
        existing = lib.set_by_key(session, entry["key"])
        lib.save_set(session, {"key": entry["key"], "name": entry["name"],
                               "description": entry.get("description"),
                               "is_default": entry.get("is_default", False),
                               "category_id": category.id if category else None},
                     ids, existing.id if existing else None)
        counts["sets"] += 1
    return counts


def load_starter_library(session: Session, folder: Path = STARTER_DIR) -> dict[str, int]:
    return load_library(session, folder)


def export_library(session: Session) -> Library:
    """Every active template (current version), every category and set, keyed for import."""
    names = {c.id: c.name for c, _ in lib.categories(session)}
    templates, keys = [], {}
    offset = 0
    while True:
        page, total = lib.list_templates(session, limit=500, offset=offset)
        for t in page:
            meta = t.meta or {}
            key = t.key or f"template-{t.id}"
            keys[t.id] = key
            templates.append(LibraryTemplate(
                key=key, name=t.name, block_type=t.block_type, html=t.template_html,
                slots=[{"name": s["name"], "sample": s.get("sample")} for s in meta.get("slots", [])],
                description=meta.get("description", ""), style=meta.get("style", ""),
                style_tags=meta.get("style_tags", []), category=names.get(t.category_id)))
        offset += len(page)
        if not page or offset >= total:
            break
    sets = []
    for s in lib.list_sets(session):
        items = [keys[t.id] for t in lib.set_items(session, s.id) if t.id in keys]
        sets.append({"key": s.key or f"set-{s.id}", "name": s.name,
                     "category": names.get(s.category_id), "description": s.description,
                     "is_default": s.is_default, "templates": items})
    categories = [{"name": c.name, "description": c.description} for c, _ in lib.categories(session)]
    return Library(categories, templates, sets)
