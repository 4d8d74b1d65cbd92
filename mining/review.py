"""Mined templates as drafts awaiting an admin's approval (database).

The library had no draft notion; the minimum is added without a schema change: a draft is a
stored template that is not active (so selection, listings and sets never see it) and whose
metadata says ``review: pending``. Approving makes it active; rejecting keeps it inactive
with ``review: rejected``. A template an admin deleted (inactive, no review mark) is not a
draft."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.db import template_library as lib
from infra.db.models import Template
from pagelogic.library.folder import Library
from pagelogic.library.validate import validate_template
from pagelogic.sanitize import sanitize_html

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
LOADER = "template-miner"


EXAMPLES = 5
EXAMPLE_CHARS = 20_000  # of one crawled section's markup kept for the review screen
Source = Callable[[str, int], "str | None"]


def _example(page: str, index: int, source: Source | None) -> dict[str, Any]:
    """A member section; with its markup (sanitized: no script, handlers or inline styles)
    when the pages are at hand, so the review screen can show it beside the draft."""
    out: dict[str, Any] = {"page": page, "index": index}
    markup = source(page, index) if source else None
    if markup:
        out["html"] = sanitize_html(markup[:EXAMPLE_CHARS])
    return out


def cluster_notes(report: dict[str, Any], source: Source | None = None
                  ) -> dict[str, dict[str, Any]]:
    """Template key → where it came from: its cluster, medoid and a few member sections (the
    medoid first), so the reviewing admin can see the crawled sections beside the draft."""
    notes = {}
    for c in report.get("clusters", []):
        if c.get("template"):
            medoid = (c["medoid"]["page"], c["medoid"]["index"])
            members = [medoid] + [(s["page"], s["index"]) for s in report["sections"]
                                  if s["cluster"] == c["id"] and (s["page"], s["index"]) != medoid]
            notes[c["template"].removesuffix(".html")] = {
                "cluster": c["id"], "size": c["size"], "medoid": c["medoid"],
                "examples": [_example(p, i, source) for p, i in members[:EXAMPLES]]}
    return notes


def load_drafts(session: Session, library: Library, report: dict[str, Any] | None = None,
                source: Source | None = None) -> dict[str, int]:
    """Store every template of a mined library as a pending draft; a key already stored is
    left alone (a re-run never resets an admin's decision). ``source``: the crawled
    sections' markup by (page, index), kept with a few examples per draft."""
    counts = {"drafts": 0, "unchanged": 0}
    notes = cluster_notes(report or {}, source)
    for item in library.templates:
        if lib.by_key(session, item.key) is not None:
            counts["unchanged"] += 1
            continue
        slots = validate_template(item.block_type, item.html, item.slots)
        category = lib.category_by_name(session, item.category or "mined", create=True)
        template = lib.create_template(session, {
            "key": item.key, "name": item.name, "block_type": item.block_type,
            "template_html": item.html, "category_id": category.id,
            "meta": {**item.meta(), "slots": slots, "review": PENDING,
                     "mined": notes.get(item.key)}}, LOADER)
        template.is_active = False
        counts["drafts"] += 1
    session.flush()
    return counts


def drafts(session: Session) -> list[Template]:
    return list(session.execute(
        select(Template).where(~Template.is_active,
                               Template.meta["review"].astext == PENDING)
        .order_by(Template.id)).scalars())


def pending(session: Session, template_id: int) -> Template:
    template = session.get(Template, template_id)
    if template is None or (template.meta or {}).get("review") != PENDING:
        raise lib.LibraryError(f"draft {template_id}")
    return template


def decide(session: Session, template_id: int, approve: bool, admin: str,
           reason: str | None = None) -> Template:
    template = session.get(Template, template_id, with_for_update=True)
    if template is None or (template.meta or {}).get("review") != PENDING:
        raise lib.LibraryError(f"draft {template_id}")
    template.meta = {**template.meta, "review": APPROVED if approve else REJECTED,
                     "reviewed_by": admin, "review_reason": reason or None}
    template.is_active = approve
    session.flush()
    return template
