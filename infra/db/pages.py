"""Page repository: stored pages (product_details, one row per page; the content is in
page_versions) and their images (product_images)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import null, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from infra.db import page_versions as versions
from infra.db.models import PageVersion, Product, ProductDetail, ProductImage, Task
from pagelogic import messages

IMAGE_TYPES = {"generate": "GENERATED", "edit": "EDITED", "original": "ORIGINAL"}


def _image_values(image: dict) -> dict:
    return dict(idx=image["index"], image_type=IMAGE_TYPES.get(image.get("kind", ""), "GENERATED"),
                url=image["url"], alt=image["alt"], prompt=image.get("prompt"),
                mime=image["mime"], width=image["width"], height=image["height"])


def _content(task: Task, page: Any, status: str) -> dict[str, Any]:
    return dict(title=page.title[:300], status=status, html_list=page.html_list, html=page.html,
                css=page.css, plan=_plan(task, page), blocks=page.blocks)


def _store_as_version(session: Session, task: Task, page: Any, target_id: int, note: str,
                      unarchive: bool = False) -> int:
    """The task's page becomes the next version of an existing page (an edit of it, or the
    product's page regenerated after a product change). The page keeps its status, except
    that a product coming back (``unarchive``) brings its archived page back as a draft."""
    target = versions.lock_page(session, target_id)
    if versions.version_of_task(session, task.id) is None:
        status = "draft" if unarchive and target.status == "archived" else target.status
        versions.replace_images(session, target, [_image_values(i) for i in page.images])
        versions.add_version(session, target, note, _content(task, page, status),
                             None, task_id=task.id,
                             cost=getattr(page, "cost", None))
    task.page_id = target.id
    task.stage = "assembled"
    return target.id


def _plan(task: Task, page: Any) -> dict:
    """The stored page's plan carries what assembly measured: its quality report and its
    notes (placeholder images, the language the text is in), read back as warnings."""
    quality = getattr(page, "quality", None)
    plan = {**task.plan, "assembly_notes": list(getattr(page, "notes", None) or [])}
    return {**plan, "quality": quality} if quality else plan


def product_page(session: Session, product_id: int) -> int | None:
    """The product's page: its first page that is not a variant (one page per product)."""
    return session.execute(
        select(ProductDetail.id).where(ProductDetail.product_id == product_id,
                                       ProductDetail.variant_of.is_(None))
        .order_by(ProductDetail.id).limit(1)).scalar()


# Core statements on the tables (compiled once, cached by SQLAlchemy): the ORM-enabled
# ``insert(Model)`` path cost a fifth of assembly's CPU in the worker profile (bench.zero).
_NEW_PAGE = (insert(ProductDetail.__table__)
             .on_conflict_do_nothing(index_elements=["task_id"])
             .returning(ProductDetail.__table__.c.id))
_NEW_IMAGE = (insert(ProductImage.__table__)
              .on_conflict_do_nothing(constraint="uq_product_images_slot"))
_FIRST_VERSION = insert(PageVersion.__table__)


def store_page(session: Session, task: Task, page: Any) -> int:
    """Store the task's page once: as a new version of the page it edits or of its product's
    page, else as a new page (unique task_id) whose version 1 holds the content. The version
    keeps no copy of the task's raw parts: they stay in ``task_parts`` (``parts_of``)."""
    edit = (task.request or {}).get("edit") or {}
    if task.edit_page_id is not None:
        return _store_as_version(session, task, page, task.edit_page_id,
                                 edit.get("note") or messages.note("edit"))
    if task.product_id is not None and "variant_of" not in edit:
        existing = product_page(session, task.product_id)
        if existing is not None:
            return _store_as_version(session, task, page, existing,
                                     messages.note("product_updated"), unarchive=True)
    page_id = session.execute(_NEW_PAGE, dict(
            user_id=task.user_id, task_id=task.id, product_id=task.product_id,
            current_version=1, variant_of=edit.get("variant_of"),
            variant_label=edit.get("variant_label"))).scalar()
    if page_id is None:  # a re-run assembly: the page and its version 1 are stored already
        page_id = session.execute(
            select(ProductDetail.id).where(ProductDetail.task_id == task.id)).scalar_one()
    else:
        images = [_image_values(i) for i in page.images]
        if images:  # one executemany, not a statement per image
            session.execute(_NEW_IMAGE, [dict(product_detail_id=page_id, user_id=task.user_id,
                                              **image) for image in images])
        session.execute(_FIRST_VERSION, dict(
            page_id=page_id, version=1, task_id=task.id,
            note=edit.get("note") or messages.note("generated"),
            **_content(task, page, "draft"), images=_snapshot(images),
            parts=null(), cost=getattr(page, "cost", None)))  # the task's parts: parts_of
    task.page_id = page_id
    task.stage = "assembled"
    return page_id


def _snapshot(images: list[dict]) -> list[dict]:
    """Image values as a version records them (the fields of versions.IMAGE_FIELDS)."""
    return [{f: i.get(f) for f in versions.IMAGE_FIELDS} for i in images]


def external_product_id(session: Session, product_id: int | None) -> str | None:
    if product_id is None:
        return None
    return session.execute(select(Product.external_id).where(Product.id == product_id)).scalar()


def get_page(session: Session, page_id: int) -> ProductDetail | None:
    return session.get(ProductDetail, page_id)


def page_images(session: Session, page_id: int) -> list[ProductImage]:
    return list(session.execute(
        select(ProductImage).where(ProductImage.product_detail_id == page_id)
        .order_by(ProductImage.idx)).scalars())


def task_cost(session: Session, task_id: str, page: ProductDetail) -> dict | None:
    """What the task spent: the cost stored with the version it made, else (a reused result)
    with the version that first made the page. A later hand edit does not erase it."""
    for tid in dict.fromkeys((task_id, page.task_id)):
        made = session.execute(select(PageVersion.cost).where(PageVersion.task_id == tid)).first()
        if made is not None:
            return made[0]
    return page.cost


def page_facts(session: Session, page: ProductDetail) -> dict[str, Any] | None:
    """The facts the page's current version was generated from (after a product update, the
    updated product's), else its first generation's, for export metadata."""
    for task_id in (page.current.task_id, page.task_id):
        task = session.get(Task, task_id) if task_id else None
        if task is not None and task.facts:
            return task.facts
    return None
