"""HTTP request and response bodies of the gateway."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator

from schemas.urls import refuse_private_host
from schemas.controls import SellerControls

MAX_PRODUCT_TEXT = 20_000
MAX_SHORT_TEXT = 500
# Checked on the normalized URL (pydantic may add a "/"), below HttpUrl's own 2083: a stored
# request re-validates in the pipeline, so its normalized form must pass again.
MAX_URL = 2000


class Tone(str, Enum):
    elegant = "elegant"
    natural = "natural"
    professional = "professional"
    warm = "warm"
    casual = "casual"
    friendly = "friendly"
    playful = "playful"
    premium = "premium"


class GenerationRequest(BaseModel):
    """POST /api/generation/display-list — the original service's request shape."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    product_data: str = Field(min_length=1, max_length=MAX_PRODUCT_TEXT,
                              description="Free product text: name, price, specs, …")
    product_image_url: HttpUrl | None = Field(default=None, max_length=MAX_URL,
                                              description="Seller's photo (http/https)")
    features: list[str] = Field(default_factory=list, max_length=20)
    target_customer: str | None = Field(default=None, max_length=MAX_SHORT_TEXT)
    tone: Tone | None = None
    category: str | None = Field(default=None, max_length=100)
    template_set_id: int | None = Field(default=None, ge=1)
    template_ids: list[int] | None = Field(default=None, max_length=20)
    controls: SellerControls | None = Field(
        default=None, description="Brand voice, banned words, length, language, translate")

    @field_validator("product_image_url")
    @classmethod
    def _public_image_url(cls, value: HttpUrl | None) -> HttpUrl | None:
        if value is not None:
            refuse_private_host(value.host)
        return value

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
    image_url: HttpUrl | None = Field(default=None, max_length=MAX_URL,
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
    reused: bool = False  # an identical finished request's page is returned (see ?force=)


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
    # Blocks regenerated, kept with a warning or left out by the grounding check (also
    # per block in ``blocks[*].grounding``).
    warnings: list[str] = Field(default_factory=list)
    seo: dict[str, Any] | None = None  # meta_title, meta_description, keywords


class TaskResultView(BaseModel):
    task_id: str
    status: TaskStatus
    progress: int
    error: str | None = None
    result: PageResult | None = None
    image: ImageView | None = None  # the finished image of a POST /image task


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
