"""HTTP request and response bodies of the gateway."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from schemas.controls import SellerControls
from schemas.quality import SellerQuestion, SellerWarning
from schemas.urls import PublicHttpUrl, StoredOrPublicUrl

MAX_PRODUCT_TEXT = 20_000
MAX_SHORT_TEXT = 500
MAX_TONE = 50
MAX_CATEGORY = 100
PHOTO_DESCRIPTION = ("The seller's photo: a public http(s) URL, or an image uploaded here "
                     "(/media/… as POST /upload-image returns it, relative or absolute)")
# Free text, as the original API took it; these pick a style preset directly, anything else
# reaches the writer as given and maps to the nearest preset (pagelogic/plan/tone.py).
TONE_DESCRIPTION = ("Free text (e.g. 'professional', 'bold', '고급스러운'); elegant, natural, "
                    "professional, warm, casual and friendly pick a style preset directly")
PHONE_PATTERN = r"^(0\d{1,2}|1\d{3})[-. ]?\d{3,4}([-. ]?\d{4})?$"
# Checked on the normalized URL (pydantic may add a "/"), below HttpUrl's own 2083: a stored
# request re-validates in the pipeline, so its normalized form must pass again.
MAX_URL = 2000


class GenerationRequest(BaseModel):
    """POST /api/generation/display-list — the original service's request shape."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    product_data: str = Field(min_length=1, max_length=MAX_PRODUCT_TEXT,
                              description="Free product text: name, price, specs, …")
    product_image_url: StoredOrPublicUrl | None = Field(default=None, max_length=MAX_URL,
                                                        description=PHOTO_DESCRIPTION)
    features: list[str] = Field(default_factory=list, max_length=20)
    target_customer: str | None = Field(default=None, max_length=MAX_SHORT_TEXT)
    tone: str | None = Field(default=None, max_length=MAX_TONE,
                             description=TONE_DESCRIPTION)
    category: str | None = Field(default=None, max_length=MAX_CATEGORY)
    template_set_id: int | None = Field(default=None, ge=1)
    template_ids: list[int] | None = Field(default=None, max_length=20)
    controls: SellerControls | None = Field(
        default=None, description="Brand voice, banned words, length, language, translate")

    @field_validator("features")
    @classmethod
    def _features_bounded(cls, value: list[str]) -> list[str]:
        cleaned = [f.strip() for f in value if f and f.strip()]
        for f in cleaned:
            if len(f) > 200:
                raise ValueError("each feature must be at most 200 characters")
        return cleaned


class ImageRequest(BaseModel):
    """POST /api/generation/image — edit the seller's photo by prompt, or generate one."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    prompt_data: str = Field(min_length=1, max_length=2000,
                             description="What to make or change (Korean is translated)")
    image_url: PublicHttpUrl | None = Field(default=None, max_length=MAX_URL,
                                            description="Seller's photo to edit")
    width: int = Field(default=1024, ge=256, le=1440)
    height: int = Field(default=1024, ge=256, le=1440)


class TaskStatus(str, Enum):
    pending = "pending"
    processing = "processing"
    completed = "completed"
    failed = "failed"


class TaskAccepted(BaseModel):
    task_id: str
    status: TaskStatus
    status_url: str
    result_url: str
    events_url: str
    reused: bool = False  # kept for old clients: a reused page now answers 200 (TaskResultView)


class TaskStatusView(BaseModel):
    task_id: str
    status: TaskStatus
    stage: str
    progress: int = Field(ge=0, le=100)
    blocks_total: int
    blocks_done: int
    images_total: int
    images_done: int
    error: str | None = None
    created_at: datetime
    updated_at: datetime


class TaskEventView(BaseModel):
    """One Server-Sent Event of /generation/events/{task_id} (the SSE id is ``event_id``)."""

    event_id: int
    task_id: str
    status: TaskStatus
    stage: str
    progress: int
    blocks_done: int
    blocks_total: int
    images_done: int
    images_total: int
    error: str | None = None
    at: datetime
    # A mining job's counters (pages, pages_total, sections, clusters, templates, drafts);
    # absent for page generation.
    detail: dict[str, int] | None = None


class ImageView(BaseModel):
    index: int
    url: str
    alt: str
    kind: str
    width: int
    height: int
    mime: str


class PageResult(BaseModel):
    page_id: int
    html_list: list[str]
    html: str
    css: str
    images: list[ImageView]
    blocks: list[dict[str, Any]]
    style: dict[str, Any]
    title: str
    # Estimated provider cost (tokens, images, USD) in total and per plan/block/image.
    cost: dict[str, Any] | None = None
    # What the seller is told, in Korean: thin input, language, blocks kept with a warning or
    # left out by the grounding check (also per block in ``blocks[*].grounding``).
    warnings: list[SellerWarning] = Field(default_factory=list)
    # What to add to the product text for a fuller page, with the block it would fill.
    questions: list[SellerQuestion] = Field(default_factory=list)
    # Measured per page: repeated-fragment share, facts given/used, facts per block.
    quality: dict[str, Any] | None = None
    seo: dict[str, Any] | None = None  # meta_title, meta_description, keywords
    # What the seller still has to tell us, each {"key", "question", "block_type"} — e.g. the
    # legally required 상품정보제공고시 items the input did not give (schemas/notice.py).
    questions: list[dict[str, Any]] = Field(default_factory=list)


class TaskResultView(BaseModel):
    """GET /generation/result/{id}; also the 200 answer of POST /display-list and /image
    (finished within ?wait=, or an identical finished request reused): one shape everywhere."""

    task_id: str
    status: TaskStatus
    progress: int
    error: str | None = None
    status_url: str
    result_url: str
    events_url: str
    reused: bool = False  # an identical finished request's page (POST without ?force=)
    result: PageResult | None = None
    # The finished image of a POST /image task; left out of page tasks' answers.
    image: ImageView | None = Field(default=None, exclude_if=lambda value: value is None)


class RawMessage(BaseModel):
    """POST /api/generation/message — publish a raw message (ops / integration testing)."""

    model_config = ConfigDict(extra="forbid")

    topic: str = Field(min_length=1, max_length=249, pattern=r"^[A-Za-z0-9._-]+$")
    key: str | None = Field(default=None, max_length=1000)
    value: Any = Field(description="JSON value, published as UTF-8 JSON")


class MessagePublished(BaseModel):
    topic: str
    partition: int
    offset: int


class SellerSettingsBody(BaseModel):
    """Defaults for pages generated from upstream product events (per seller)."""

    model_config = ConfigDict(extra="forbid")

    auto_generate: bool = True
    default_template_set_id: int | None = Field(default=None, ge=1)
    language: str = Field(default="ko", pattern=r"^[a-z]{2}(-[A-Z]{2})?$")
    # 배송/교환/반품 안내 (every page ends with it). Amounts in won. A PUT keeps the shipping
    # fields it does not name; send null to clear one.
    courier: str | None = Field(default=None, min_length=1, max_length=50)
    shipping_fee: int | None = Field(default=None, ge=0, le=1_000_000)
    free_shipping_threshold: int | None = Field(default=None, ge=0, le=100_000_000)
    return_fee: int | None = Field(default=None, ge=0, le=1_000_000)
    exchange_fee: int | None = Field(default=None, ge=0, le=1_000_000)
    return_address: str | None = Field(default=None, min_length=5, max_length=300)
    as_phone: str | None = Field(default=None, pattern=PHONE_PATTERN)
    return_rules: str | None = Field(default=None, min_length=1, max_length=2000)


SHIPPING_FIELDS = ("courier", "shipping_fee", "free_shipping_threshold", "return_fee",
                   "exchange_fee", "return_address", "as_phone", "return_rules")
