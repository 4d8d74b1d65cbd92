"""Template repository: choosing templates for planned blocks (the full library API is the
templates issue; this is what the pipeline needs)."""

from __future__ import annotations

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from pdp.db.models import Category, Template, TemplateSetItem


def best_for_block_types(session: Session, block_types: list[str],
                         category: str | None) -> dict[str, Template]:
    """One active template per block type: same category first, then most used."""
    category_id = None
    if category:
        category_id = session.execute(
            select(Category.id).where(Category.name == category)).scalar()
    same_category = case((Template.category_id == category_id, 0), else_=1) \
        if category_id is not None else case((Template.category_id.is_(None), 0), else_=1)
    rows = session.execute(
        select(Template).where(Template.block_type.in_(block_types), Template.is_active)
        .order_by(Template.block_type, same_category, Template.usage_count.desc(), Template.id)
    ).scalars()
    chosen: dict[str, Template] = {}
    for template in rows:
        chosen.setdefault(template.block_type, template)
    return chosen


def by_ids(session: Session, ids: list[int]) -> list[Template]:
    found = {t.id: t for t in session.execute(
        select(Template).where(Template.id.in_(ids), Template.is_active)).scalars()}
    missing = [i for i in ids if i not in found]
    if missing:
        raise LookupError(f"unknown or inactive template ids: {missing}")
    return [found[i] for i in ids]


def set_template_ids(session: Session, set_id: int) -> list[int]:
    ids = list(session.execute(
        select(TemplateSetItem.template_id).where(TemplateSetItem.set_id == set_id)
        .order_by(TemplateSetItem.display_order)).scalars())
    if not ids:
        raise LookupError(f"template set {set_id} does not exist or is empty")
    return ids


def html_by_ids(session: Session, ids: list[int]) -> dict[int, tuple[str, int]]:
    rows = session.execute(select(Template.id, Template.template_html, Template.version)
                           .where(Template.id.in_(ids)))
    return {tid: (html, version) for tid, html, version in rows}


def count_usage(session: Session, ids: list[int]) -> None:
    if ids:
        session.execute(update(Template).where(Template.id.in_(ids))
                        .values(usage_count=Template.usage_count + 1))
