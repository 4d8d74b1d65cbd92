"""Per-template usage and feedback figures for the admin stats endpoint (database)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from infra.db import feedback
from infra.db.feedback_models import PAGE, TemplateFeedback, TemplateSignal
from infra.db.models import Template


def _counts(session: Session) -> tuple[Counter, Counter, dict[int, Counter]]:
    ups, downs = Counter(), Counter()
    for tid, rating, n in session.execute(
            select(TemplateFeedback.template_id, TemplateFeedback.rating, func.count())
            .where(TemplateFeedback.block_index != PAGE)
            .group_by(TemplateFeedback.template_id, TemplateFeedback.rating)):
        (ups if rating > 0 else downs)[tid] += n
    edits: dict[int, Counter] = {}
    for tid, kind, n in session.execute(
            select(TemplateSignal.template_id, TemplateSignal.kind, func.count())
            .group_by(TemplateSignal.template_id, TemplateSignal.kind)):
        edits.setdefault(tid, Counter())[kind] = n
    return ups, downs, edits


_PAGES_PER_VERSION = text(
    "SELECT (b->>'template_id')::int, (b->>'template_version')::int, count(*) "
    "FROM product_details p JOIN page_versions v ON v.page_id = p.id "
    "AND v.version = p.current_version, jsonb_array_elements(v.plan->'blocks') b "
    "WHERE b->>'template_id' IS NOT NULL GROUP BY 1, 2")


def _per_version(session: Session) -> dict[int, dict[int, dict[str, int]]]:
    """template → version → pages currently using it and ratings of its blocks: how the
    versions of one template compare (what an A/B test of an edit needs)."""
    out: dict[int, dict[int, dict[str, int]]] = {}

    def slot(t: int, v: int | None) -> dict[str, int]:
        return out.setdefault(t, {}).setdefault(v or 0, {"pages": 0, "thumbs_up": 0,
                                                        "thumbs_down": 0})
    for t, v, n in session.execute(_PAGES_PER_VERSION):
        slot(t, v)["pages"] = n
    for t, v, rating, n in session.execute(
            select(TemplateFeedback.template_id, TemplateFeedback.template_version,
                   TemplateFeedback.rating, func.count())
            .where(TemplateFeedback.template_id.is_not(None))
            .group_by(TemplateFeedback.template_id, TemplateFeedback.template_version,
                      TemplateFeedback.rating)):
        slot(t, v)["thumbs_up" if rating > 0 else "thumbs_down"] += n
    return out


def template_stats(session: Session, block_type: str | None = None) -> list[dict[str, Any]]:
    """Every active template with its usage, ratings, edit signals and score, best first."""
    feedback.sync_signals(session)
    query = select(Template).where(Template.is_active)
    if block_type:
        query = query.where(Template.block_type == block_type)
    templates = session.execute(query).scalars().all()
    evidence = feedback.evidence(session, [t.id for t in templates])
    ups, downs, edits = _counts(session)
    versions = _per_version(session)
    rows = []
    for t in templates:
        e = evidence.get(t.id) or feedback.scores.Evidence()
        rows.append({"id": t.id, "key": t.key, "name": t.name, "block_type": t.block_type,
                     "version": t.version, "usage_count": t.usage_count,
                     "thumbs_up": ups[t.id], "thumbs_down": downs[t.id],
                     "edits": dict(edits.get(t.id, {})), "alpha": e.alpha, "beta": e.beta,
                     "score": round(e.mean, 4),
                     "versions": [{"version": v, **n} for v, n in
                                  sorted(versions.get(t.id, {}).items())]})
    rows.sort(key=lambda r: (r["block_type"], -r["score"], -r["usage_count"], r["id"]))
    return rows
