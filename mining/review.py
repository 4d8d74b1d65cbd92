"""Mined templates as drafts awaiting an admin's approval (database).

The library had no draft notion; the minimum is added without a schema change: a draft is a
stored template that is not active (so selection, listings and sets never see it) and whose
metadata says ``review: pending``. Approving makes it active; rejecting keeps it inactive
with ``review: rejected``. A template an admin deleted (inactive, no review mark) is not a
draft."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.db import template_library as lib
from infra.db.models import Template
from pagelogic.library.folder import Library
from pagelogic.library.validate import validate_template

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
LOADER = "template-miner"


EXAMPLES = 5


def cluster_notes(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Template key → where it came from: its cluster, medoid and a few member sections, so
    the reviewing admin can open the crawled pages beside the draft."""
    notes = {}
    for c in report.get("clusters", []):
        if c.get("template"):
            members = [{"page": s["page"], "index": s["index"]} for s in report["sections"]
                       if s["cluster"] == c["id"]]
            notes[c["template"].removesuffix(".html")] = {
                "cluster": c["id"], "size": c["size"], "medoid": c["medoid"],
                "examples": members[:EXAMPLES]}
    return notes


def load_drafts(session: Session, library: Library,
                report: dict[str, Any] | None = None) -> dict[str, int]:
    """Store every template of a mined library as a pending draft; a key already stored is
    left alone (a re-run never resets an admin's decision)."""
    counts = {"drafts": 0, "unchanged": 0}
    notes = cluster_notes(report or {})
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


def decide(session: Session, template_id: int, approve: bool, admin: str) -> Template:
    template = session.get(Template, template_id, with_for_update=True)
    if template is None or (template.meta or {}).get("review") != PENDING:
        raise lib.LibraryError(f"draft {template_id}")
    template.meta = {**template.meta, "review": APPROVED if approve else REJECTED,
                     "reviewed_by": admin}
    template.is_active = approve
    session.flush()
    return template
