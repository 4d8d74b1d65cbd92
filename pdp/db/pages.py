"""Page repository: stored pages (product_details) and their images (product_images)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from pdp.db.models import Product, ProductDetail, ProductImage, Task

IMAGE_TYPES = {"generate": "GENERATED", "edit": "EDITED", "original": "ORIGINAL"}


def store_page(session: Session, task: Task, page: Any) -> int:
    """Insert the task's page once (unique task_id) and its images; return the page id."""
    page_id = session.execute(
        insert(ProductDetail).values(
            user_id=task.user_id, task_id=task.id, product_id=task.product_id,
            title=page.title[:300], status="draft",
            html_list=page.html_list, html=page.html, css=page.css, plan=task.plan,
            blocks=page.blocks, cost=getattr(page, "cost", None), version=1)
        .on_conflict_do_nothing(index_elements=["task_id"]).returning(ProductDetail.id)
    ).scalar()
    if page_id is None:
        page_id = session.execute(
            select(ProductDetail.id).where(ProductDetail.task_id == task.id)).scalar_one()
    for image in page.images:
        session.execute(
            insert(ProductImage).values(
                product_detail_id=page_id, user_id=task.user_id, idx=image["index"],
                image_type=IMAGE_TYPES.get(image.get("kind", ""), "GENERATED"),
                url=image["url"], alt=image["alt"], prompt=image.get("prompt"),
                mime=image["mime"], width=image["width"], height=image["height"])
            .on_conflict_do_nothing(constraint="uq_product_images_slot"))
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
