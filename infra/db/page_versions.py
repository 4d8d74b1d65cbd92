"""Page versions: every change to a stored page (generation, edit through the pipeline,
product update, hand edit, status change, revert, archive) appends one row to page_versions
and moves the page's ``current_version`` pointer to it. A version is written once and never
changed; the page row holds no copy of it.

Exactly-once per version: a task's version row carries its task id (unique), and the page
row is locked while a version is added, so a redelivered assembly finds its version instead
of adding a second one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, null, select
from sqlalchemy.orm import Session

from infra.db import tasks
from infra.db.models import PageVersion, ProductDetail, ProductImage
from pagelogic import messages

IMAGE_FIELDS = ("idx", "image_type", "url", "provider_url", "alt", "prompt", "mime", "width",
                "height", "size_bytes")
# What a version holds besides its bookkeeping (note, task, images, parts, cost).
CONTENT_FIELDS = ("title", "status", "html_list", "html", "css", "plan", "blocks")


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


def task_parts(session: Session, task_id: str, read: tuple[dict, dict] | None = None
               ) -> dict[str, Any]:
    """A task's raw parts in a version's shape (JSON keys are strings); ``read``: the parts
    the caller has read already in this transaction (assembly), not read twice."""
    blocks, images = read if read is not None else tasks.parts(session, task_id)
    return {"blocks": {str(k): v for k, v in blocks.items()},
            "images": {str(k): v for k, v in images.items()}}


def parts_of(session: Session, version: PageVersion) -> dict[str, Any]:
    """A version's raw block and image parts. A version a task made stores none of its own
    (``parts`` is NULL): they are that task's ``task_parts`` rows, which nothing changes once
    the version is stored (an edit task's rebase rewrites them in the transaction that
    stores it). A hand edit, revert or status change has no task of its own
    and keeps its parts in the row."""
    if version.parts is not None:
        return version.parts
    return task_parts(session, version.task_id) if version.task_id else {"blocks": {},
                                                                          "images": {}}


def content_of(version: PageVersion) -> dict[str, Any]:
    """A version's content as the values of the next one (a change starts from the current)."""
    return {f: getattr(version, f) for f in CONTENT_FIELDS}


def add_version(session: Session, page: ProductDetail, note: str, content: dict[str, Any],
                parts: dict[str, Any] | None, *, task_id: str | None = None,
                cost: dict | None = None, images: list[dict[str, Any]] | None = None
                ) -> PageVersion:
    """Append ``content`` as the page's next version and make it current. ``images``: the
    version's image records (default: the page's current image rows). ``parts``: None for a
    version made by ``task_id`` (its parts are that task's, see ``parts_of``)."""
    version = PageVersion(page_id=page.id, version=page.current_version + 1, task_id=task_id,
                          # SQL NULL, not JSON null: "IS NULL" finds versions by task
                          note=note[:300], parts=null() if parts is None else parts, cost=cost,
                          images=images_snapshot(session, page.id) if images is None else images,
                          **{f: content[f] for f in CONTENT_FIELDS})
    version.title = version.title[:300]
    session.add(version)
    session.flush()
    page.current_version = version.version
    page.updated_at = func.now()
    session.flush()
    session.expire(page, ["current", "updated_at"])  # the pointer moved: re-read on access
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
    """The page row, locked until commit (its current version is read with it)."""
    return session.execute(select(ProductDetail).where(ProductDetail.id == page_id)
                           .with_for_update(of=ProductDetail)).unique().scalar_one_or_none()


def restore(session: Session, page: ProductDetail, source: PageVersion) -> PageVersion:
    """Make ``source`` the current state again, as a new version (history is never rewritten)."""
    replace_images(session, page, source.images)
    return add_version(session, page, messages.note("revert", version=source.version),
                       content_of(source), parts_of(session, source), images=source.images)


def archive(session: Session, page: ProductDetail, note: str) -> PageVersion | None:
    """The page as it is, with status archived, as a new version (None: archived already)."""
    current = page.current
    if current.status == "archived":
        return None
    return add_version(session, page, note, content_of(current) | {"status": "archived"},
                       parts_of(session, current))
