"""Page repository: stored pages (product_details) and their images (product_images)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from infra.db import page_versions as versions
from infra.db import tasks
from infra.db.models import Product, ProductDetail, ProductImage, Task
from pagelogic import messages

IMAGE_TYPES = {"generate": "GENERATED", "edit": "EDITED", "original": "ORIGINAL"}


def _image_values(image: dict) -> dict:
    return dict(idx=image["index"], image_type=IMAGE_TYPES.get(image.get("kind", ""), "GENERATED"),
                url=image["url"], alt=image["alt"], prompt=image.get("prompt"),
                mime=image["mime"], width=image["width"], height=image["height"])


def task_parts(session: Session, task_id: str) -> dict[str, Any]:
    """The task's raw parts as stored in a version (JSON keys are strings)."""
    blocks, images = tasks.parts(session, task_id)
    return {"blocks": {str(k): v for k, v in blocks.items()},
            "images": {str(k): v for k, v in images.items()}}


def _store_edit(session: Session, task: Task, page: Any) -> int:
    """An edit task: the edited page becomes the next version of the page it edits."""
    target = versions.lock_page(session, task.edit_page_id)
    if versions.version_of_task(session, task.id) is None:
        target.title, target.html_list, target.html = page.title[:300], page.html_list, page.html
        target.css, target.plan, target.blocks = page.css, _plan(task, page), page.blocks
        versions.replace_images(session, target, [_image_values(i) for i in page.images])
        note = (task.request or {}).get("edit", {}).get("note") or messages.note("edit")
        versions.add_version(session, target, note, task_parts(session, task.id), task_id=task.id)
    task.page_id = target.id
    task.stage = "assembled"
    return target.id


def _plan(task: Task, page: Any) -> dict:
    """The stored page's plan carries what assembly measured: its quality report and its
    notes (placeholder images, the language the text is in), read back as warnings."""
    quality = getattr(page, "quality", None)
    plan = {**task.plan, "assembly_notes": list(getattr(page, "notes", None) or [])}
    return {**plan, "quality": quality} if quality else plan


def store_page(session: Session, task: Task, page: Any) -> int:
    """Insert the task's page once (unique task_id) and its images; return the page id."""
    if task.edit_page_id is not None:
        return _store_edit(session, task, page)
    page_id = session.execute(
        insert(ProductDetail).values(
            user_id=task.user_id, task_id=task.id, product_id=task.product_id,
            title=page.title[:300], status="draft",
            html_list=page.html_list, html=page.html, css=page.css, plan=_plan(task, page),
            blocks=page.blocks, cost=getattr(page, "cost", None), version=1)
        .on_conflict_do_nothing(index_elements=["task_id"]).returning(ProductDetail.id)
    ).scalar()
    if page_id is None:
        page_id = session.execute(
            select(ProductDetail.id).where(ProductDetail.task_id == task.id)).scalar_one()
    for image in page.images:
        session.execute(
            insert(ProductImage).values(product_detail_id=page_id, user_id=task.user_id,
                                        **_image_values(image))
            .on_conflict_do_nothing(constraint="uq_product_images_slot"))
    stored = versions.lock_page(session, page_id)
    if versions.latest(session, page_id) is None:  # version 1: the page as generated
        versions.add_version(session, stored, messages.note("generated"), task_parts(session, task.id),
                             bump=False)
    task.page_id = page_id
    task.stage = "assembled"
    return page_id


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


def page_facts(session: Session, page: ProductDetail) -> dict[str, Any] | None:
    """The facts the page was generated from (its generation task's), for export metadata."""
    task = session.get(Task, page.task_id)
    return task.facts if task is not None else None
