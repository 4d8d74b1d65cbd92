"""Page versions: every change to a stored page (edit through the pipeline, update, revert)
appends a full snapshot to page_versions and bumps product_details.version.

Exactly-once per version: an edit task's version row carries its task id (unique), and the
page row is locked while a version is added, so a redelivered assembly finds its version
instead of adding a second one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from infra.db.models import PageVersion, ProductDetail, ProductImage
from pagelogic import messages

IMAGE_FIELDS = ("idx", "image_type", "url", "provider_url", "alt", "prompt", "mime", "width",
                "height", "size_bytes")


def image_rows(session: Session, page_id: int) -> list[ProductImage]:
    return list(session.execute(
        select(ProductImage).where(ProductImage.product_detail_id == page_id)
        .order_by(ProductImage.idx)).scalars())


def images_snapshot(session: Session, page_id: int) -> list[dict[str, Any]]:
    return [{f: getattr(i, f) for f in IMAGE_FIELDS} for i in image_rows(session, page_id)]


def replace_images(session: Session, page: ProductDetail, images: list[dict[str, Any]]) -> None:
    session.execute(delete(ProductImage).where(ProductImage.product_detail_id == page.id))
    session.flush()
    for image in images:
        session.add(ProductImage(product_detail_id=page.id, user_id=page.user_id,
                                 **{f: image.get(f) for f in IMAGE_FIELDS}))
    session.flush()


def add_version(session: Session, page: ProductDetail, note: str, parts: dict[str, Any],
                task_id: str | None = None, bump: bool = True) -> PageVersion:
    """Record the page's current state as a new version (``bump``: version + 1 first)."""
    if bump:
        page.version = page.version + 1
        page.updated_at = func.now()
    session.flush()
    version = PageVersion(page_id=page.id, version=page.version, task_id=task_id, note=note[:300],
                          title=page.title, status=page.status, html_list=page.html_list,
                          html=page.html, css=page.css, plan=page.plan, blocks=page.blocks,
                          images=images_snapshot(session, page.id), parts=parts)
    session.add(version)
    session.flush()
    return version


def latest(session: Session, page_id: int) -> PageVersion | None:
    return session.execute(
        select(PageVersion).where(PageVersion.page_id == page_id)
        .order_by(PageVersion.version.desc()).limit(1)).scalar_one_or_none()


def get_version(session: Session, page_id: int, version: int) -> PageVersion | None:
    return session.execute(select(PageVersion).where(
        PageVersion.page_id == page_id, PageVersion.version == version)).scalar_one_or_none()


def list_versions(session: Session, page_id: int) -> list[PageVersion]:
    return list(session.execute(select(PageVersion).where(PageVersion.page_id == page_id)
                                .order_by(PageVersion.version)).scalars())


def version_of_task(session: Session, task_id: str) -> PageVersion | None:
    return session.execute(select(PageVersion).where(PageVersion.task_id == task_id)).scalar_one_or_none()


def lock_page(session: Session, page_id: int) -> ProductDetail | None:
    return session.execute(select(ProductDetail).where(ProductDetail.id == page_id)
                           .with_for_update()).scalar_one_or_none()


def restore(session: Session, page: ProductDetail, source: PageVersion) -> PageVersion:
    """Make ``source`` the current state again, as a new version (history is never rewritten)."""
    page.title, page.html_list, page.html = source.title, source.html_list, source.html
    page.css, page.plan, page.blocks = source.css, source.plan, source.blocks
    replace_images(session, page, source.images)
    return add_version(session, page, messages.note("revert", version=source.version), source.parts)
