"""Template repository for the pipeline: choosing templates for planned blocks and reading
the exact version a block was planned with. The library API's writes live in
template_library.py."""

from __future__ import annotations

from sqlalchemy import case, func, literal, select, tuple_, update
from sqlalchemy.orm import Session

from infra.db.models import Category, Template, TemplateSetItem, TemplateVersion
from infra.db.selection import rerank
from pagelogic.library.search import or_query


def relevance(query: str | None):
    """Full-text rank plus trigram similarity of the template's style text to ``query``."""
    if not query:
        return literal(0.0)
    words = or_query(query)
    fts = func.ts_rank(func.to_tsvector("simple", Template.search_text),
                       func.websearch_to_tsquery("simple", words)) if words else literal(0.0)
    return fts + func.similarity(Template.search_text, query)


def best_for_block_types(session: Session, block_types: list[str], category: str | None,
                         style_query: str | None = None) -> dict[str, Template]:
    """One active template per block type, ranked in PostgreSQL: the page's category first
    (then templates for any category), then how well the style description and tags match
    the page's style concept, ties broken by usage_count; among the top few, feedback scores
    pick by Thompson sampling."""
    category_id = None
    if category:
        category_id = session.execute(
            select(Category.id).where(Category.name == category)).scalar()
    category_rank = case((Template.category_id == category_id, 0),
                         (Template.category_id.is_(None), 1), else_=2) \
        if category_id is not None else case((Template.category_id.is_(None), 0), else_=1)
    order = [Template.block_type, category_rank]
    if style_query:  # without a query the score is a constant, which ORDER BY refuses
        order.append(relevance(style_query).desc())
    rows = session.execute(
        select(Template).where(Template.block_type.in_(block_types), Template.is_active)
        .order_by(*order, Template.usage_count.desc(), Template.id)
    ).scalars()
    return rerank(session, rows)  # sellers' feedback re-ranks the top few (infra/db/selection.py)


def alternatives(session: Session, block_types: list[str], category: str | None,
                 style_query: str | None, exclude: set[int]) -> dict[str, Template]:
    """Per block type the best active template not in ``exclude`` (a variant's other layout),
    ranked like best_for_block_types but without sampling: the same request gives the same
    alternative. A type with no other template is missing from the answer."""
    category_id = session.execute(select(Category.id).where(Category.name == category)).scalar() \
        if category else None
    order = [Template.block_type,
             case((Template.category_id == category_id, 0), (Template.category_id.is_(None), 1),
                  else_=2) if category_id is not None
             else case((Template.category_id.is_(None), 0), else_=1)]
    if style_query:
        order.append(relevance(style_query).desc())
    rows = session.execute(
        select(Template).where(Template.block_type.in_(block_types), Template.is_active,
                               Template.id.notin_(exclude or {0}))
        .order_by(*order, Template.usage_count.desc(), Template.id)).scalars()
    best: dict[str, Template] = {}
    for template in rows:
        best.setdefault(template.block_type, template)
    return best


def by_ids(session: Session, ids: list[int]) -> list[Template]:
    found = {t.id: t for t in session.execute(
        select(Template).where(Template.id.in_(ids), Template.is_active)).scalars()}
    missing = [i for i in ids if i not in found]
    if missing:
        raise LookupError(f"unknown or inactive template ids: {missing}")
    return [found[i] for i in ids]


def set_template_ids(session: Session, set_id: int) -> list[int]:
    """The set's active templates in order (a deleted template drops out of its sets)."""
    ids = list(session.execute(
        select(TemplateSetItem.template_id)
        .join(Template, Template.id == TemplateSetItem.template_id)
        .where(TemplateSetItem.set_id == set_id, Template.is_active)
        .order_by(TemplateSetItem.display_order)).scalars())
    if not ids:
        raise LookupError(f"template set {set_id} does not exist or is empty")
    return ids


def html_by_versions(session: Session, keys: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The HTML of exact (template id, version) pairs — versions never change once saved."""
    if not keys:
        return {}
    rows = session.execute(
        select(TemplateVersion.template_id, TemplateVersion.version, TemplateVersion.template_html)
        .where(tuple_(TemplateVersion.template_id, TemplateVersion.version).in_(keys)))
    return {(tid, version): html for tid, version, html in rows}


def count_usage(session: Session, ids: list[int]) -> None:
    if ids:
        session.execute(update(Template).where(Template.id.in_(ids))
                        .values(usage_count=Template.usage_count + 1))
