"""Template library use cases for the gateway: validate, store, turn rows into views.

Each function takes a session (run through GatewayState.db, one transaction each) and
returns pydantic views, so no ORM object leaves the transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from infra.db import template_library as lib
from infra.db.models import Template, TemplateSet, TemplateVersion
from pagelogic.library.validate import validate_template
from schemas.templates import (
    TemplateIn,
    TemplateSetIn,
    TemplateSetItemView,
    TemplateSetView,
    TemplateSummary,
    TemplateUpdate,
    TemplateView,
    VersionView,
)

META_FIELDS = ("description", "style", "style_tags")


def summary(t: Template) -> TemplateSummary:
    meta = t.meta or {}
    return TemplateSummary(id=t.id, key=t.key, name=t.name, block_type=t.block_type,
                           category_id=t.category_id, version=t.version,
                           usage_count=t.usage_count, description=meta.get("description", ""),
                           style=meta.get("style", ""), style_tags=meta.get("style_tags", []))


def view(t: Template) -> TemplateView:
    return TemplateView(**summary(t).model_dump(), template_html=t.template_html,
                        slots=(t.meta or {}).get("slots", []), created_at=t.created_at,
                        updated_at=t.updated_at)


def _declared(slots: list[Any]) -> list[Any]:
    return [s if isinstance(s, str) else s.model_dump() for s in slots]


def create(session: Session, body: TemplateIn, user: str) -> TemplateView:
    slots = validate_template(body.block_type.value, body.template_html, _declared(body.slots))
    if body.category_id is not None:
        lib.category(session, body.category_id)
    meta = {"description": body.description, "style": body.style,
            "style_tags": body.style_tags, "slots": slots, "source": "api"}
    template = lib.create_template(session, {
        "key": body.key, "name": body.name, "block_type": body.block_type.value,
        "template_html": body.template_html, "category_id": body.category_id, "meta": meta}, user)
    session.refresh(template)
    return view(template)


def update(session: Session, template_id: int, body: TemplateUpdate, user: str) -> TemplateView:
    current = lib.get_template(session, template_id, lock=True)
    # An explicit null means "leave as is", except category_id where it means "no category".
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items()
               if v is not None or k == "category_id"}
    meta = dict(current.meta or {})
    html = changes.get("template_html", current.template_html)
    declared = _declared(body.slots) if body.slots is not None else meta.get("slots", [])
    meta["slots"] = validate_template(current.block_type, html, declared)
    meta.update({k: changes[k] for k in META_FIELDS if k in changes})
    fields: dict[str, Any] = {"template_html": html, "meta": meta}
    for name in ("name", "category_id"):
        if name in changes:
            fields[name] = changes[name]
    if fields.get("category_id") is not None:
        lib.category(session, fields["category_id"])
    template = lib.update_template(session, template_id, fields, user, changes.get("note"))
    session.refresh(template)
    return view(template)


def version_view(v: TemplateVersion, current: int, with_html: bool) -> VersionView:
    return VersionView(version=v.version, name=v.name, created_by=v.created_by, note=v.note,
                       created_at=v.created_at, current=v.version == current,
                       template_html=v.template_html if with_html else None)


def versions(session: Session, template_id: int) -> list[VersionView]:
    current = lib.get_template(session, template_id).version
    return [version_view(v, current, False) for v in lib.versions(session, template_id)]


def one_version(session: Session, template_id: int, number: int) -> VersionView:
    current = lib.get_template(session, template_id).version
    return version_view(lib.version(session, template_id, number), current, True)


def set_view(session: Session, s: TemplateSet) -> TemplateSetView:
    items = [TemplateSetItemView(display_order=i, template_id=t.id, block_type=t.block_type,
                                 name=t.name) for i, t in enumerate(lib.set_items(session, s.id))]
    return TemplateSetView(id=s.id, key=s.key, name=s.name, category_id=s.category_id,
                           description=s.description, is_default=s.is_default, items=items)


def save_set(session: Session, body: TemplateSetIn, set_id: int | None = None) -> TemplateSetView:
    fields = body.model_dump(exclude={"template_ids"})
    return set_view(session, lib.save_set(session, fields, body.template_ids, set_id))
