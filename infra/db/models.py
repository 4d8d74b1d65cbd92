"""SQLAlchemy 2 models. The Alembic migrations in migrations/versions create the same schema.

The seed's tables (products, product_details, product_images, categories, templates,
template_sets, template_set_items) plus the pipeline's durable state (tasks, task_parts).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, synonym

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSONB, list[Any]: JSONB}


def _created() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)


def _updated() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now(),
                         onupdate=func.now(), nullable=False)


class Task(Base):
    """One generation request and its durable pipeline state (the source of truth)."""

    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_user_status", "user_id", "status"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(128), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # pending|processing|completed|failed
    stage: Mapped[str] = mapped_column(String(32))  # accepted|planning|rendering|assembling|done
    progress: Mapped[int] = mapped_column(Integer, default=0)
    request: Mapped[dict[str, Any]]
    facts: Mapped[dict[str, Any] | None]
    plan: Mapped[dict[str, Any] | None]
    blocks_total: Mapped[int] = mapped_column(Integer, default=0)
    images_total: Mapped[int] = mapped_column(Integer, default=0)
    blocks_done: Mapped[int] = mapped_column(Integer, default=0)
    images_done: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    redrives: Mapped[int] = mapped_column(Integer, default=0)
    trace_id: Mapped[str | None] = mapped_column(String(64))
    page_id: Mapped[int | None] = mapped_column(BigInteger)
    # Set when the task was started by an upstream product event (commerce.product-events).
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="SET NULL"), index=True)
    # sha256 of the request + generation settings (gateway/dedupe.py): finished pages are reused.
    input_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # Set for an edit of a stored page (regenerate a block, add/delete/reorder blocks, replace
    # an image): the assembler stores a new version of that page instead of a new page.
    edit_page_id: Mapped[int | None] = mapped_column(
        ForeignKey("product_details.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _updated()
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class TaskEvent(Base):
    """Append-only history of a task's state, read by the SSE stream (resumable by id, so
    a client never misses a transition however fast the pipeline is)."""

    __tablename__ = "task_events"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    stage: Mapped[str] = mapped_column(String(32))
    progress: Mapped[int] = mapped_column(Integer)
    blocks_done: Mapped[int] = mapped_column(Integer)
    images_done: Mapped[int] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    # Counters of a step that are not blocks and images: a mining job's pages parsed,
    # sections found, clusters and templates written (mining/job.py). None for pages.
    detail: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime] = _created()


class TaskPart(Base):
    """A finished block or image of a task; the unique key makes redelivery harmless. Written
    once and never deleted while a page version names its task: the version reads its parts
    from here (page_versions.parts_of)."""

    __tablename__ = "task_parts"
    __table_args__ = (UniqueConstraint("task_id", "kind", "idx", name="uq_task_parts_key"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # block | image
    idx: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = _created()


class Category(Base):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = _created()


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (UniqueConstraint("user_id", "external_id", name="uq_products_external"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(128), index=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    price: Mapped[float | None] = mapped_column(Numeric(14, 2))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    is_published: Mapped[bool] = mapped_column(Boolean, default=False)
    view_count: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[dict[str, Any] | None]
    # Upstream identity and event bookkeeping (products that arrive as product events).
    external_id: Mapped[str | None] = mapped_column(String(128))
    source_version: Mapped[int | None] = mapped_column(BigInteger)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    generated_hash: Mapped[str | None] = mapped_column(String(64))
    generate_due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _updated()


class SellerSettings(Base):
    """Per-seller defaults for pages generated from upstream product events."""

    __tablename__ = "seller_settings"

    seller_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    auto_generate: Mapped[bool] = mapped_column(Boolean, default=True)
    default_template_set_id: Mapped[int | None] = mapped_column(
        ForeignKey("template_sets.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(String(16), default="ko")
    # 배송/교환/반품 안내 at the end of every page (pagelogic/notice/shipping.py); unset
    # fields are asked for, never filled with a default.
    courier: Mapped[str | None] = mapped_column(String(50))
    shipping_fee: Mapped[int | None] = mapped_column(Integer)
    free_shipping_threshold: Mapped[int | None] = mapped_column(Integer)
    return_fee: Mapped[int | None] = mapped_column(Integer)
    exchange_fee: Mapped[int | None] = mapped_column(Integer)
    return_address: Mapped[str | None] = mapped_column(String(300))
    as_phone: Mapped[str | None] = mapped_column(String(30))
    return_rules: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = _updated()


class ProductDetail(Base):
    """A page's identity: owner, origin task, product, variant link and which version is
    current. The content lives once, in ``page_versions``; ``current_version`` points at the
    row (page_id, version) that is the page today (a deferred composite foreign key keeps the
    pointer honest). ``task_id`` is unique: one stored page per task, however often the
    assembler runs. Read paths see the current version's fields as attributes of the page
    (``title``, ``html`` … below), so API shapes did not change when the copy went away."""

    __tablename__ = "product_details"
    __table_args__ = (
        ForeignKeyConstraint(["id", "current_version"], ["page_versions.page_id", "page_versions.version"],
                             name="fk_product_details_current_version", use_alter=True,
                             deferrable=True, initially="DEFERRED"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(128), index=True)
    task_id: Mapped[str] = mapped_column(String(32), unique=True)
    # Indexed: an event-driven generation looks up its product's page at assembly.
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True)
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    # A style/angle variant records the page it was made from and how the list names it.
    variant_of: Mapped[int | None] = mapped_column(
        ForeignKey("product_details.id", ondelete="SET NULL"), index=True)
    variant_label: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _updated()

    version = synonym("current_version")
    current: Mapped[PageVersion] = relationship(
        primaryjoin="and_(foreign(PageVersion.page_id) == ProductDetail.id, "
                    "foreign(PageVersion.version) == ProductDetail.current_version)",
        viewonly=True, uselist=False, lazy="joined", innerjoin=True)

    # The current version's content, read through (pages are written only as new versions).
    title = property(lambda self: self.current.title)
    status = property(lambda self: self.current.status)
    html_list = property(lambda self: self.current.html_list)
    html = property(lambda self: self.current.html)
    css = property(lambda self: self.current.css)
    plan = property(lambda self: self.current.plan)
    blocks = property(lambda self: self.current.blocks)
    cost = property(lambda self: self.current.cost)


class ProductImage(Base):
    __tablename__ = "product_images"
    __table_args__ = (UniqueConstraint("product_detail_id", "idx", name="uq_product_images_slot"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # NULL for an uploaded image not (yet) part of a page.
    product_detail_id: Mapped[int | None] = mapped_column(
        ForeignKey("product_details.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(128), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    image_type: Mapped[str] = mapped_column(String(16))  # ORIGINAL | GENERATED | EDITED
    url: Mapped[str] = mapped_column(String(1000))
    provider_url: Mapped[str | None] = mapped_column(String(2000))
    alt: Mapped[str] = mapped_column(String(300))
    prompt: Mapped[str | None] = mapped_column(Text)
    mime: Mapped[str] = mapped_column(String(64))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = _created()


class PageVersion(Base):
    """Every saved state of a page, each stored once and never changed; the page row points at
    the current one. The raw block and image parts (before image URLs were swapped in) let an
    edit re-run only the parts it changes: a version a task made reads them from that task's
    ``task_parts`` (``parts`` NULL, each part stored once); a hand edit, revert or status
    change keeps them in ``parts``. ``task_id`` is unique: a
    generation, edit or product-update task stores its version once. ``cost``: what the task
    that made this version spent (None for a hand edit, revert or status change)."""

    __tablename__ = "page_versions"
    __table_args__ = (UniqueConstraint("page_id", "version", name="uq_page_versions_key"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("product_details.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    task_id: Mapped[str | None] = mapped_column(String(32), unique=True)
    note: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16))
    html_list: Mapped[list[Any]]
    html: Mapped[str] = mapped_column(Text)
    css: Mapped[str] = mapped_column(Text)
    plan: Mapped[dict[str, Any]]
    blocks: Mapped[list[Any]]
    images: Mapped[list[Any]]
    parts: Mapped[dict[str, Any] | None]  # None: the parts of task_id (page_versions.parts_of)
    cost: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime] = _created()


class Template(Base):
    __tablename__ = "templates"
    __table_args__ = (
        Index("ix_templates_search_trgm", "search_text", postgresql_using="gin",
              postgresql_ops={"search_text": "gin_trgm_ops"}),
        Index("ix_templates_search_fts", text("to_tsvector('simple', search_text)"),
              postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(100), unique=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    block_type: Mapped[str] = mapped_column(String(50), index=True)
    template_html: Mapped[str] = mapped_column(Text)
    thumbnail_url: Mapped[str | None] = mapped_column(String(500))
    usage_count: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    meta: Mapped[dict[str, Any] | None] = mapped_column("metadata", JSONB)
    # name + block type + style description + tags: what selection ranks with pg_trgm and
    # full-text search (GIN indexes in migration 0002).
    search_text: Mapped[str] = mapped_column(Text, server_default="", default="")
    created_by: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _updated()


class TemplateVersion(Base):
    """Every saved state of a template; ``templates`` holds the current one. Pages record
    (template_id, version), so a block can always be traced to the exact HTML it used."""

    __tablename__ = "template_versions"
    __table_args__ = (UniqueConstraint("template_id", "version", name="uq_template_versions_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("templates.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    template_html: Mapped[str] = mapped_column(Text)
    meta: Mapped[dict[str, Any] | None] = mapped_column("metadata", JSONB)
    created_by: Mapped[str | None] = mapped_column(String(128))
    note: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = _created()


class TemplateSet(Base):
    __tablename__ = "template_sets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = _created()


class TemplateSetItem(Base):
    __tablename__ = "template_set_items"
    __table_args__ = (UniqueConstraint("set_id", "display_order", name="uq_template_set_items_order"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("template_sets.id", ondelete="CASCADE"))
    template_id: Mapped[int] = mapped_column(ForeignKey("templates.id", ondelete="CASCADE"))
    display_order: Mapped[int] = mapped_column(Integer)


import infra.db.feedback_models  # noqa: E402,F401 — the feedback tables (#19) share this metadata
