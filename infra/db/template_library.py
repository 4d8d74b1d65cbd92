"""Template library repository: templates with versions, categories, template sets.

Every save goes through pagelogic.library.validate first (callers do that; this module stores).
Saving a template writes its current state to ``templates`` and appends the same state to
``template_versions``; a rollback copies an old version back as the current state.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from infra.db.models import Category, Template, TemplateSet, TemplateSetItem, TemplateVersion
from infra.db.templates import relevance
from pagelogic import messages
from pagelogic.library.search import or_query, search_text


class LibraryError(LookupError):
    """A referenced template, version, category or set does not exist."""


class LibraryConflict(ValueError):
    """The change collides with what is stored (e.g. a key that is taken)."""


# --- categories ---------------------------------------------------------------------------

def categories(session: Session) -> list[tuple[Category, int]]:
    counts = (select(Template.category_id, func.count().label("n")).where(Template.is_active)
              .group_by(Template.category_id).subquery())
    rows = session.execute(select(Category, func.coalesce(counts.c.n, 0))
                           .outerjoin(counts, counts.c.category_id == Category.id)
                           .order_by(Category.id))
    return [(c, n) for c, n in rows]


def category(session: Session, category_id: int) -> Category:
    found = session.get(Category, category_id)
    if found is None:
        raise LibraryError(f"category {category_id}")
    return found


def category_by_name(session: Session, name: str, create: bool = False) -> Category | None:
    found = session.execute(select(Category).where(Category.name == name)).scalar()
    if found is None and create:
        found = Category(name=name)
        session.add(found)
        session.flush()
    return found


# --- templates ----------------------------------------------------------------------------

def list_templates(session: Session, *, category_id: int | None = None,
                   block_type: str | None = None, q: str | None = None,
                   limit: int = 20, offset: int = 0) -> tuple[list[Template], int]:
    where = [Template.is_active]
    if category_id is not None:
        where.append(Template.category_id == category_id)
    if block_type:
        where.append(Template.block_type == block_type)
    order = [Template.id]
    if q:
        words = or_query(q)
        matches = [Template.search_text.ilike(f"%{q}%"),
                   func.similarity(Template.search_text, q) > 0.1]
        if words:
            matches.append(func.to_tsvector("simple", Template.search_text)
                           .op("@@")(func.websearch_to_tsquery("simple", words)))
        where.append(or_(*matches))
        order = [relevance(q).desc(), Template.usage_count.desc(), Template.id]
    total = session.execute(select(func.count()).select_from(Template).where(*where)).scalar_one()
    items = session.execute(select(Template).where(*where).order_by(*order)
                            .limit(limit).offset(offset)).scalars().all()
    return list(items), total


def get_template(session: Session, template_id: int, *, lock: bool = False) -> Template:
    """An active template; ``lock`` holds its row until commit, so two concurrent saves
    cannot both claim the same next version number."""
    found = session.get(Template, template_id, with_for_update=lock)
    if found is None or not found.is_active:
        raise LibraryError(f"template {template_id}")
    return found


def by_key(session: Session, key: str) -> Template | None:
    return session.execute(select(Template).where(Template.key == key)).scalar()


def _category_name(session: Session, category_id: int | None) -> str | None:
    return category(session, category_id).name if category_id is not None else None


def _refresh_search(session: Session, template: Template) -> None:
    meta = template.meta or {}
    template.search_text = search_text(template.name, template.block_type,
                                       meta.get("description"), meta.get("style_tags", []),
                                       _category_name(session, template.category_id))


def _snapshot(session: Session, template: Template, user: str | None, note: str | None) -> None:
    session.add(TemplateVersion(template_id=template.id, version=template.version,
                                name=template.name, template_html=template.template_html,
                                meta=template.meta, created_by=user, note=note))


def create_template(session: Session, fields: dict[str, Any], user: str | None) -> Template:
    """``fields``: key, name, block_type, template_html, category_id, meta."""
    if fields.get("key") and by_key(session, fields["key"]) is not None:
        raise LibraryConflict(f"template key {fields['key']!r} already exists")
    template = Template(usage_count=0, version=1, is_active=True, created_by=user, **fields)
    _refresh_search(session, template)
    session.add(template)
    session.flush()
    _snapshot(session, template, user, messages.note("template_created"))
    return template


def _next_version(session: Session, template_id: int) -> int:
    return (session.execute(select(func.max(TemplateVersion.version))
                            .where(TemplateVersion.template_id == template_id)).scalar() or 0) + 1


def update_template(session: Session, template_id: int, fields: dict[str, Any],
                    user: str | None, note: str | None = None) -> Template:
    """Apply changes as a new version (numbered after the highest ever saved)."""
    template = get_template(session, template_id, lock=True)
    for name, value in fields.items():
        setattr(template, name, value)
    template.version = _next_version(session, template_id)
    _refresh_search(session, template)
    session.flush()
    _snapshot(session, template, user, note or messages.note("template_updated"))
    return template


def deactivate(session: Session, template_id: int) -> None:
    """Deleted templates stay stored (pages reference their versions) but are never chosen."""
    get_template(session, template_id).is_active = False


def versions(session: Session, template_id: int) -> list[TemplateVersion]:
    get_template(session, template_id)
    return list(session.execute(select(TemplateVersion)
                                .where(TemplateVersion.template_id == template_id)
                                .order_by(TemplateVersion.version.desc())).scalars())


def version(session: Session, template_id: int, number: int) -> TemplateVersion:
    found = session.execute(select(TemplateVersion).where(
        TemplateVersion.template_id == template_id, TemplateVersion.version == number)).scalar()
    if found is None:
        raise LibraryError(f"version {number} of template {template_id}")
    return found


def rollback(session: Session, template_id: int, number: int) -> Template:
    """Make an earlier version current again; pages planned from now on record it."""
    template = get_template(session, template_id, lock=True)
    old = version(session, template_id, number)
    template.name, template.template_html, template.meta = old.name, old.template_html, old.meta
    template.version = old.version
    _refresh_search(session, template)
    return template


# --- template sets ------------------------------------------------------------------------

def list_sets(session: Session, category_id: int | None = None) -> list[TemplateSet]:
    query = select(TemplateSet).order_by(TemplateSet.id)
    if category_id is not None:
        query = query.where(TemplateSet.category_id == category_id)
    return list(session.execute(query).scalars())


def get_set(session: Session, set_id: int) -> TemplateSet:
    found = session.get(TemplateSet, set_id)
    if found is None:
        raise LibraryError(f"template set {set_id}")
    return found


def set_by_key(session: Session, key: str) -> TemplateSet | None:
    return session.execute(select(TemplateSet).where(TemplateSet.key == key)).scalar()


def set_items(session: Session, set_id: int) -> list[Template]:
    return list(session.execute(
        select(Template).join(TemplateSetItem, TemplateSetItem.template_id == Template.id)
        .where(TemplateSetItem.set_id == set_id, Template.is_active)
        .order_by(TemplateSetItem.display_order)
    ).scalars())


def save_set(session: Session, fields: dict[str, Any], template_ids: list[int],
             set_id: int | None = None) -> TemplateSet:
    """Create or replace a set; its items are exactly ``template_ids`` in that order."""
    for tid in template_ids:
        get_template(session, tid)
    if fields.get("category_id") is not None:
        category(session, fields["category_id"])
    template_set = get_set(session, set_id) if set_id is not None else TemplateSet()
    for name, value in fields.items():
        setattr(template_set, name, value)
    if set_id is None:
        session.add(template_set)
    session.flush()
    session.execute(delete(TemplateSetItem).where(TemplateSetItem.set_id == template_set.id))
    session.add_all(TemplateSetItem(set_id=template_set.id, template_id=tid, display_order=i)
                    for i, tid in enumerate(template_ids))
    session.flush()
    return template_set
