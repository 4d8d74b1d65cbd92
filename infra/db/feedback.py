"""Sellers' ratings and edit signals in PostgreSQL, and the evidence per template they add
up to (pagelogic/library/scores.py turns evidence into a score)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from infra.db import page_versions as versions
from infra.db.feedback_models import PAGE, SignalCursor, TemplateFeedback, TemplateSignal
from infra.db.models import PageVersion, ProductDetail, Task
from pagelogic.library import scores, signals

SYNC_BATCH = 500


class BlockMissing(LookupError):
    """The rated block index is not on the page."""


def _block(page: ProductDetail, index: int) -> dict:
    block = next((b for b in (page.plan or {}).get("blocks", []) if b.get("index") == index),
                 None)
    if block is None:
        raise BlockMissing(index)
    return block


def record(session: Session, user_id: str, page_id: int, block_index: int | None, rating: int,
           reason: str | None) -> TemplateFeedback | None:
    """Store (or replace) the seller's rating; None when the page is not theirs."""
    page = session.get(ProductDetail, page_id)
    if page is None or page.user_id != user_id:
        return None
    block = _block(page, block_index) if block_index is not None else {}
    values = {"page_id": page_id, "user_id": user_id,
              "block_index": PAGE if block_index is None else block_index,
              "template_id": block.get("template_id"),
              "template_version": block.get("template_version"), "rating": rating,
              "reason": reason}
    stmt = insert(TemplateFeedback).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["page_id", "user_id", "block_index"],
        set_={k: stmt.excluded[k] for k in ("template_id", "template_version", "rating",
                                             "reason")})
    session.execute(stmt)
    return session.execute(select(TemplateFeedback).where(
        TemplateFeedback.page_id == page_id, TemplateFeedback.user_id == user_id,
        TemplateFeedback.block_index == values["block_index"])).scalar_one()


def _kept(session: Session, task_id: str | None) -> list[int] | None:
    task = session.get(Task, task_id) if task_id else None
    edit = (task.request or {}).get("edit") if task is not None else None
    return list(edit.get("kept_blocks", [])) if isinstance(edit, dict) else None


def sync_signals(session: Session) -> int:
    """Read page versions added since the last sync into template_signals. Another session
    already syncing holds the cursor: this one skips rather than waits."""
    cursor = session.execute(select(SignalCursor).where(SignalCursor.id == 1)
                             .with_for_update(skip_locked=True)).scalar_one_or_none()
    if cursor is None:
        return 0
    added = 0
    newer = session.execute(select(PageVersion.id, PageVersion.version)
                            .where(PageVersion.id > cursor.last_version_id)
                            .order_by(PageVersion.id).limit(SYNC_BATCH)).all()
    # A first version has nothing before it to compare with: only later ones are loaded
    # (whole rows, with their HTML, plan and parts). Most new versions are new pages.
    edited = [row.id for row in newer if row.version > 1]
    loaded = session.execute(select(PageVersion).where(PageVersion.id.in_(edited))
                             .order_by(PageVersion.id)).scalars().all() if edited else []
    for after in loaded:
        before = session.execute(select(PageVersion).where(
            PageVersion.page_id == after.page_id, PageVersion.version < after.version)
            .order_by(PageVersion.version.desc()).limit(1)).scalar_one_or_none()
        if before is not None:
            found = signals.between(before.plan, versions.parts_of(session, before), after.plan,
                                    versions.parts_of(session, after),
                                    _kept(session, after.task_id))
            for s in found:
                session.execute(insert(TemplateSignal).values(
                    template_id=s.template_id, template_version=s.template_version,
                    page_version_id=after.id, block_index=s.block_index, kind=s.kind,
                    weight=scores.SIGNAL_WEIGHTS[s.kind]).on_conflict_do_nothing())
            added += len(found)
    if newer:
        cursor.last_version_id = newer[-1].id
    session.flush()
    return added


def _page_templates(session: Session, page_ids: set[int]) -> dict[int, set[int]]:
    plans = session.execute(select(ProductDetail.id, PageVersion.plan).join(ProductDetail.current)
                            .where(ProductDetail.id.in_(page_ids))) if page_ids else []
    return {pid: {b["template_id"] for b in (plan or {}).get("blocks", [])
                  if b.get("template_id")} for pid, plan in plans}


def evidence(session: Session, template_ids: Iterable[int] | None = None
             ) -> dict[int, scores.Evidence]:
    """Evidence per template: block ratings, page ratings (for every template on the page)
    and edit signals."""
    wanted = set(template_ids) if template_ids is not None else None
    out: dict[int, scores.Evidence] = defaultdict(scores.Evidence)
    query = select(TemplateFeedback.page_id, TemplateFeedback.block_index,
                   TemplateFeedback.template_id, TemplateFeedback.rating)
    if wanted is not None:  # page ratings reach every template on their page
        query = query.where((TemplateFeedback.block_index == PAGE)
                            | TemplateFeedback.template_id.in_(wanted))
    rows = session.execute(query).all()
    pages = _page_templates(session, {r.page_id for r in rows if r.block_index == PAGE})
    for row in rows:
        targets = pages.get(row.page_id, set()) if row.block_index == PAGE else {row.template_id}
        for tid in targets:
            if tid is not None and (wanted is None or tid in wanted):
                scores.add_rating(out[tid], row.rating, row.block_index)
    query = select(TemplateSignal.template_id, TemplateSignal.weight)
    if wanted is not None:
        query = query.where(TemplateSignal.template_id.in_(wanted))
    for tid, weight in session.execute(query):
        out[tid].bad += weight
    return dict(out)
