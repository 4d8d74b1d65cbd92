"""Products, pages and images as a seller's resources: every read and write is scoped to the
user, and a row of another user looks exactly like a missing one (None)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.orm import Session, contains_eager

from infra.db import page_versions as versions
from infra.db.models import Category, PageVersion, Product, ProductDetail, ProductImage
from pagelogic.assemble.logic import page_html
from pagelogic.edits.compose import hand_edit
from pagelogic.edits.plan_ops import EditRefused


def _page(query: Select, session: Session, page: int, size: int) -> tuple[list, int]:
    total = session.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    rows = session.execute(query.limit(size).offset((page - 1) * size)).scalars()
    return list(rows), total


# --- products ----------------------------------------------------------------------------

def create_product(session: Session, user_id: str, values: dict[str, Any]) -> Product:
    product = Product(user_id=user_id, is_published=False, view_count=0, **values)
    session.add(product)
    session.flush()
    session.refresh(product)
    return product


def list_products(session: Session, user_id: str, *, status: str | None, category_id: int | None,
                  q: str | None, is_published: bool | None, page: int, size: int):
    query = select(Product).where(Product.user_id == user_id)
    if status:
        query = query.where(Product.status == status)
    if category_id is not None:
        query = query.where(Product.category_id == category_id)
    if is_published is not None:
        query = query.where(Product.is_published == is_published)
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(Product.name.ilike(pattern), Product.description.ilike(pattern)))
    return _page(query.order_by(Product.id.desc()), session, page, size)


def get_product(session: Session, user_id: str, product_id: int, *, count_view: bool = False
                ) -> Product | None:
    if count_view:  # atomic increment: concurrent readers never lose a view
        session.execute(update(Product).where(Product.id == product_id, Product.user_id == user_id)
                        .values(view_count=Product.view_count + 1))
    product = session.get(Product, product_id, populate_existing=True)
    return product if product is not None and product.user_id == user_id else None


def update_product(session: Session, user_id: str, product_id: int,
                   values: dict[str, Any]) -> Product | None:
    product = get_product(session, user_id, product_id)
    if product is None:
        return None
    for key, value in values.items():
        setattr(product, key, value)
    session.flush()
    session.refresh(product)
    return product


def toggle_publish(session: Session, user_id: str, product_id: int) -> Product | None:
    product = get_product(session, user_id, product_id)
    if product is None:
        return None
    product.is_published = not product.is_published
    session.flush()
    session.refresh(product)
    return product


def _urls_of_pages(session: Session, page_ids: Select) -> set[str]:
    urls = set(session.execute(select(ProductImage.url).where(
        ProductImage.product_detail_id.in_(page_ids))).scalars())
    for images in session.execute(select(PageVersion.images).where(
            PageVersion.page_id.in_(page_ids))).scalars():
        urls.update(i["url"] for i in images)
    return urls


def unreferenced(session: Session, urls: set[str]) -> list[str]:
    """Of ``urls``, those no image row or page version refers to any more (content-hash
    names are shared between pages, so a file goes only when its last user does)."""
    gone = []
    for url in urls:
        used = session.execute(select(ProductImage.id).where(ProductImage.url == url).limit(1)).first() \
            or session.execute(select(PageVersion.id).where(
                PageVersion.images.contains([{"url": url}])).limit(1)).first()
        if not used:
            gone.append(url)
    return gone


def delete_product(session: Session, user_id: str, product_id: int) -> list[str] | None:
    """Delete the product, its pages, versions and images; returns storage URLs to remove."""
    product = get_product(session, user_id, product_id)
    if product is None:
        return None
    urls = _urls_of_pages(session, select(ProductDetail.id).where(
        ProductDetail.product_id == product_id))
    session.delete(product)  # product_details, product_images, page_versions: ON DELETE CASCADE
    session.flush()
    return unreferenced(session, urls)


def product_stats(session: Session, user_id: str) -> dict[str, Any]:
    mine = Product.user_id == user_id
    total, published, views, avg = session.execute(select(
        func.count(), func.count().filter(Product.is_published),
        func.coalesce(func.sum(Product.view_count), 0), func.avg(Product.price)).where(mine)).one()
    by_status = dict(session.execute(select(Product.status, func.count()).where(mine)
                                     .group_by(Product.status)).all())
    by_category = {name or "uncategorized": n for name, n in session.execute(
        select(Category.name, func.count()).select_from(Product)
        .outerjoin(Category, Category.id == Product.category_id).where(mine)
        .group_by(Category.name)).all()}
    return {"total": total, "published": published, "draft": by_status.get("draft", 0),
            "by_status": by_status, "by_category": by_category, "total_views": int(views),
            "average_price": round(avg, 2) if avg is not None else None}


# --- pages -------------------------------------------------------------------------------

def list_pages(session: Session, user_id: str, *, status: str | None, product_id: int | None,
               page: int, size: int):
    query = select(ProductDetail).join(ProductDetail.current) \
        .options(contains_eager(ProductDetail.current)).where(ProductDetail.user_id == user_id)
    if status:
        query = query.where(PageVersion.status == status)
    if product_id is not None:
        query = query.where(ProductDetail.product_id == product_id)
    return _page(query.order_by(ProductDetail.id.desc()), session, page, size)


def get_page(session: Session, user_id: str, page_id: int) -> ProductDetail | None:
    page = session.get(ProductDetail, page_id)
    return page if page is not None and page.user_id == user_id else None


def update_page(session: Session, user_id: str, page_id: int, values: dict[str, Any],
                note: str) -> ProductDetail | None:
    """Apply a seller's edit as a new version. A submitted ``html_list`` is sanitized and
    every changed block becomes a hand-edited raw part of the version, so later edits,
    which start from the current version's parts, keep it. ``product_id`` belongs to the
    page itself (not to a version)."""
    page = versions.lock_page(session, page_id)
    if page is None or page.user_id != user_id:
        return None
    current = page.current
    content, parts = versions.content_of(current), versions.parts_of(session, current)
    if "html_list" in values:
        urls = {int(k): v["url"] for k, v in parts.get("images", {}).items()}
        edit = hand_edit(current.html_list, current.blocks, parts, values.pop("html_list"), urls)
        content |= {"html_list": edit.html_list, "blocks": edit.blocks_meta}
        content["html"] = page_html((current.plan or {}).get("language", "ko"), edit.html_list)
        parts = edit.parts
    if "product_id" in values:
        page.product_id = values.pop("product_id")
    content |= {k: getattr(v, "value", v) for k, v in values.items()}
    versions.add_version(session, page, note, content, parts)
    session.refresh(page)
    return page


def revert_page(session: Session, user_id: str, page_id: int, version: int):
    """None: no such page; False: no such version; else the page at a new version."""
    page = versions.lock_page(session, page_id)
    if page is None or page.user_id != user_id:
        return None
    source = versions.get_version(session, page_id, version)
    if source is None:
        return False
    versions.restore(session, page, source)
    session.refresh(page)
    return page


def delete_page(session: Session, user_id: str, page_id: int) -> list[str] | None:
    page = get_page(session, user_id, page_id)
    if page is None:
        return None
    urls = _urls_of_pages(session, select(ProductDetail.id).where(ProductDetail.id == page_id))
    session.delete(page)
    session.flush()
    return unreferenced(session, urls)


# --- images ------------------------------------------------------------------------------

def add_image(session: Session, user_id: str, values: dict[str, Any]) -> ProductImage:
    image = ProductImage(user_id=user_id, product_detail_id=None, idx=0, **values)
    session.add(image)
    session.flush()
    session.refresh(image)
    return image


def list_images(session: Session, user_id: str, page_id: int | None, page: int, size: int):
    query = select(ProductImage).where(ProductImage.user_id == user_id)
    if page_id is not None:
        query = query.where(ProductImage.product_detail_id == page_id)
    return _page(query.order_by(ProductImage.id.desc()), session, page, size)


def get_image(session: Session, user_id: str, image_id: int) -> ProductImage | None:
    image = session.get(ProductImage, image_id)
    return image if image is not None and image.user_id == user_id else None


def delete_image(session: Session, user_id: str, image_id: int) -> list[str] | None:
    """Only uploaded images (not part of a page) can be deleted on their own."""
    image = get_image(session, user_id, image_id)
    if image is None:
        return None
    if image.product_detail_id is not None:
        raise EditRefused("image_in_page")
    url = image.url
    session.execute(delete(ProductImage).where(ProductImage.id == image_id))
    session.flush()
    return unreferenced(session, {url})


def owns_image(session: Session, user_id: str, url: str) -> bool:
    """Whether ``url`` is an image this seller stored (uploaded, or on one of their pages)."""
    return session.execute(select(ProductImage.id).where(
        ProductImage.user_id == user_id, ProductImage.url == url).limit(1)).first() is not None


def stored_original(session: Session, user_id: str, provider_url: str) -> str | None:
    """The stored copy of a photo this seller already gave by this URL (stored once)."""
    return session.execute(select(ProductImage.url).where(
        ProductImage.user_id == user_id, ProductImage.provider_url == provider_url,
        ProductImage.image_type == "ORIGINAL").order_by(ProductImage.id).limit(1)).scalar()
