"""Product repository for upstream product events: apply an event, claim due generations."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from infra.db import page_versions as versions
from infra.db import tasks as task_repo
from infra.db.models import PageVersion, Product, ProductDetail, SellerSettings, Task
from pagelogic import messages
from pagelogic.product_events import Action, content_hash, decide, generation_request
from schemas.api import SHIPPING_FIELDS
from schemas.product_events import ProductDeleted, ProductPayload


@dataclass
class Applied:
    action: Action
    product_id: int | None


@dataclass
class ScheduledTask:
    task_id: str
    user_id: str
    request: dict


def seller_settings(session: Session, seller_id: str) -> SellerSettings:
    found = session.get(SellerSettings, seller_id)
    return found or SellerSettings(seller_id=seller_id, auto_generate=True, language="ko")


def apply_event(session: Session, event, window_s: float) -> Applied:
    """Apply one product event (ProductCreated / ProductUpdated / ProductDeleted)."""
    product = session.execute(
        select(Product).where(Product.user_id == event.seller_id,
                              Product.external_id == event.product_id).with_for_update()
    ).scalar_one_or_none()
    deleted = isinstance(event, ProductDeleted)
    payload: ProductPayload | None = None if deleted else event.product
    new_hash = content_hash(payload) if payload else None
    action = decide(deleted=deleted, version=event.version,
                    applied_version=product.source_version if product else None,
                    new_hash=new_hash, generated_hash=product.generated_hash if product else None,
                    pending=bool(product and product.generate_due_at),
                    auto_generate=seller_settings(session, event.seller_id).auto_generate)
    if action is Action.stale:
        return Applied(action, product.id if product else None)
    if product is None:
        product = Product(user_id=event.seller_id, external_id=event.product_id, name="",
                          status="draft", is_published=False, view_count=0)
        session.add(product)
    product.source_version = event.version
    if deleted:
        product.status, product.generate_due_at = "deleted", None
        session.flush()
        for page_id in list(session.execute(select(ProductDetail.id).where(
                ProductDetail.product_id == product.id).order_by(ProductDetail.id)).scalars()):
            # archived as a version: the history shows when and why, and a revert can undo it
            versions.archive(session, versions.lock_page(session, page_id),
                             messages.note("product_deleted"))
        return Applied(action, product.id)
    product.name, product.price = payload.name, payload.price
    product.description, product.category_id = payload.product_data, None
    product.data = payload.model_dump(mode="json")
    product.content_hash = new_hash
    if product.status == "deleted":
        product.status = "draft"
    if action is Action.schedule:
        product.generate_due_at = datetime.now(timezone.utc) + timedelta(seconds=window_s)
    elif action is Action.cancel:
        product.generate_due_at = None
    session.flush()
    return Applied(action, product.id)


def claim_due(session: Session, limit: int = 100) -> list[ScheduledTask]:
    """Turn products whose debounce window has passed into generation tasks (one each). A
    product whose previous generation still runs waits for it: its result becomes the next
    version of the product's one page, so versions must land in the order they were asked."""
    running = select(Task.id).where(Task.product_id == Product.id,
                                    Task.status.in_(task_repo.ACTIVE)).exists()
    due = list(session.execute(
        select(Product).where(Product.generate_due_at <= datetime.now(timezone.utc), ~running)
        .order_by(Product.generate_due_at).limit(limit).with_for_update(skip_locked=True)
    ).scalars())
    scheduled = []
    for product in due:
        settings = seller_settings(session, product.user_id)
        request = generation_request(ProductPayload.model_validate(product.data),
                                     settings.default_template_set_id).model_dump(mode="json")
        task = task_repo.create(session, uuid.uuid4().hex, product.user_id, request)
        task.product_id = product.id
        product.generated_hash, product.generate_due_at = product.content_hash, None
        scheduled.append(ScheduledTask(task.id, product.user_id, request))
    return scheduled


def save_seller_settings(session: Session, seller_id: str, values: dict) -> SellerSettings:
    found = session.get(SellerSettings, seller_id)
    if found is None:
        found = SellerSettings(seller_id=seller_id)
        session.add(found)
    for key, value in values.items():
        setattr(found, key, value)
    session.flush()
    return found


def shipping_settings(session: Session, seller_id: str) -> dict[str, object]:
    """The seller's 배송/교환/반품 settings that are set (unset ones are asked for)."""
    row = session.get(SellerSettings, seller_id)
    if row is None:
        return {}
    return {f: getattr(row, f) for f in SHIPPING_FIELDS if getattr(row, f) is not None}


@dataclass
class RowProgress:
    """Where one product of a bulk run is: ``state`` is waiting (event not applied yet),
    scheduled (debounce window), pending/processing/completed/failed (its generation task),
    or skipped (applied, nothing to generate: unchanged, deleted, auto-generation off)."""

    state: str
    progress: int = 0
    error: str | None = None
    usd: float = 0.0


def database_now(session: Session) -> datetime:
    return session.execute(select(func.now())).scalar_one()


def bulk_progress(session: Session, keys: list[tuple[str, str, int]],
                  since: datetime) -> dict[tuple[str, str], RowProgress]:
    """``keys``: (seller id, product id, event version); generation counted from ``since``
    (the database's clock when the run started)."""
    pairs = {(seller, product) for seller, product, _ in keys}
    products = {(p.user_id, p.external_id): p for p in session.execute(
        select(Product).where(tuple_(Product.user_id, Product.external_id).in_(pairs))
    ).scalars()} if pairs else {}
    latest: dict[int, Task] = {}
    ids = [p.id for p in products.values()]
    for task in session.execute(select(Task).where(Task.product_id.in_(ids),
                                                   Task.created_at >= since)
                                .order_by(Task.created_at)).scalars() if ids else []:
        latest[task.product_id] = task
    costs = dict(session.execute(  # each task's cost is stored with the version it made
        select(PageVersion.task_id, PageVersion.cost)
        .where(PageVersion.task_id.in_([t.id for t in latest.values()]))).all()) \
        if latest else {}
    out = {}
    for seller, product_id, version in keys:
        product = products.get((seller, product_id))
        if product is None or (product.source_version or 0) < version:
            out[(seller, product_id)] = RowProgress("waiting")
        elif (task := latest.get(product.id)) is not None:
            cost = costs.get(task.id) or {}
            out[(seller, product_id)] = RowProgress(
                task.status, task.progress, task.error,
                float(((cost.get("total") or {}).get("usd")) or 0.0))
        elif product.generate_due_at is not None:
            out[(seller, product_id)] = RowProgress("scheduled")
        else:
            out[(seller, product_id)] = RowProgress("skipped")
    return out
