"""Product repository for upstream product events: apply an event, claim due generations."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.db import page_versions as versions
from infra.db import tasks as task_repo
from infra.db.models import Product, ProductDetail, SellerSettings, Task
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
