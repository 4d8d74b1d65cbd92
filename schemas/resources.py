"""Contracts of the resource API: products, pages (product details), versions, edits, images."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from schemas.plan import BlockType, CopyAngle, ImageKind
from schemas.urls import StoredOrPublicUrl

T = TypeVar("T")
PAGE_STATUSES = ("draft", "review", "published", "archived")
PageStatus = Literal["draft", "review", "published", "archived"]
ProductStatus = Literal["draft", "active", "inactive", "deleted"]
GENERATED, HAND_EDITED = "generated", "hand_edited"
BlockOrigin = Literal["generated", "hand_edited"]


class Paged(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    size: int


class ProductIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=300)
    description: str | None = Field(default=None, max_length=20_000)
    price: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2)
    category_id: int | None = Field(default=None, ge=1)
    status: ProductStatus = "draft"
    data: dict[str, Any] | None = None


class ProductPatch(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=300)
    description: str | None = Field(default=None, max_length=20_000)
    price: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2)
    category_id: int | None = Field(default=None, ge=1)
    status: ProductStatus | None = None
    data: dict[str, Any] | None = None


class ProductView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str | None
    price: Decimal | None
    category_id: int | None
    status: str
    is_published: bool
    view_count: int
    data: dict[str, Any] | None
    external_id: str | None
    created_at: datetime
    updated_at: datetime


class ProductStats(BaseModel):
    total: int
    published: int
    draft: int
    by_status: dict[str, int]
    by_category: dict[str, int]
    total_views: int
    average_price: Decimal | None


class ImageRecord(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    product_detail_id: int | None
    idx: int
    image_type: str
    url: str
    provider_url: str | None
    alt: str
    prompt: str | None
    mime: str
    width: int
    height: int
    size_bytes: int | None
    created_at: datetime


class PageSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    task_id: str
    product_id: int | None
    title: str
    status: str
    version: int
    # A variant: the page it was made from and its copy angle as the list shows it
    # ("스펙 중심 변형"); None for a page generated from the product itself.
    variant_of: int | None = None
    variant_label: str | None = None
    created_at: datetime
    updated_at: datetime


class BlockMeta(BaseModel):
    """One block of a page version, in page order (a dropped block is listed but not shown
    in ``html_list``). ``origin``: written by the pipeline, or edited by hand through
    ``PUT html_list``; the other fields (template, grounding verdict, cost) pass through."""

    model_config = ConfigDict(extra="allow")

    index: int
    block_type: str
    origin: BlockOrigin = GENERATED  # versions stored before origins were recorded
    dropped: bool = False


class PageView(PageSummary):
    html_list: list[str]
    html: str
    css: str
    plan: dict[str, Any]
    blocks: list[BlockMeta]
    images: list[ImageRecord] = []


class PagePatch(BaseModel):
    """Seller edits without the pipeline: status, title, hand-edited block HTML (sanitized)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    status: PageStatus | None = None
    title: str | None = Field(default=None, min_length=1, max_length=300)
    html_list: list[str] | None = Field(default=None, min_length=1, max_length=20)
    product_id: int | None = Field(default=None, ge=1, description="attach to one of my products")


class VersionView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    note: str
    task_id: str | None
    title: str
    status: str
    html_list: list[str]
    blocks: list[BlockMeta]
    created_at: datetime


class RegenerateBlock(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    instruction: str | None = Field(default=None, max_length=500,
                                    description="what the seller wants changed (LLM providers)")
    template_id: int | None = Field(default=None, ge=1, description="re-render with this template")
    title: str | None = Field(default=None, max_length=200)


class AddBlock(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    block_type: BlockType
    position: int = Field(ge=0, description="where in the page (0 = first)")
    title: str | None = Field(default=None, max_length=200)
    instruction: str | None = Field(default=None, max_length=500)
    template_id: int | None = Field(default=None, ge=1)


class ReorderBlocks(BaseModel):
    order: list[int] = Field(min_length=1, max_length=20,
                             description="block indexes (the `index` of each block) in new order")


class ReplaceImage(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    prompt: str = Field(min_length=1, max_length=2000)
    kind: ImageKind = ImageKind.generate
    reference_url: StoredOrPublicUrl | None = Field(
        default=None, max_length=2000, description="for kind=edit: a stored /media URL or public URL")
    alt: str | None = Field(default=None, max_length=300)


class StyleVariants(BaseModel):
    model_config = ConfigDict(extra="forbid")

    count: int = Field(default=3, ge=1, le=5)
    angles: list[CopyAngle] | None = Field(
        default=None, min_length=1, max_length=3,
        description="copy angles in order (benefit, story, spec); default all three in turn")

    @field_validator("angles")
    @classmethod
    def _distinct(cls, value: list[CopyAngle] | None) -> list[CopyAngle] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("each angle at most once")
        return value


class EditAccepted(BaseModel):
    task_id: str
    page_id: int
    status_url: str


class VariantsAccepted(BaseModel):
    task_ids: list[str]
    concepts: list[str]
    angles: list[CopyAngle] = []
    labels: list[str] = []  # the new pages' variant_label, in task order
    variant_of: int | None = None


class UploadedImage(BaseModel):
    id: int
    url: str
    mime: str
    width: int
    height: int
    size_bytes: int
