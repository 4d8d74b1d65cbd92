"""Versioned event messages carried on Kafka (JSON, UTF-8).

Every message has ``event_type`` (a discriminator), ``schema_version`` and ``event_id``.
A consumer that gets a version it does not know sends the message to the dead-letter topic
instead of guessing.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from schemas.api import GenerationRequest, TaskStatus
from schemas.controls import SellerControls
from schemas.facts import ProductFacts
from schemas.plan import BlockPlan, ImagePlan, PagePlan, StyleConcept


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _event_id() -> str:
    return uuid.uuid4().hex


class Event(BaseModel):
    model_config = ConfigDict(extra="ignore")

    schema_version: Literal[1] = 1
    event_id: str = Field(default_factory=_event_id)
    occurred_at: datetime = Field(default_factory=_now)

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode("utf-8")


class GenerationRequested(Event):
    event_type: Literal["generation.requested"] = "generation.requested"
    task_id: str
    user_id: str
    request: GenerationRequest
    attempt: int = 0


class MiningRequested(Event):
    """An admin's uploaded corpus to mine (pdp.mining-jobs): the pages are in storage as
    one zip at ``corpus_url`` (validated by the gateway), the task is in PostgreSQL."""

    event_type: Literal["mining.requested"] = "mining.requested"
    task_id: str
    user_id: str
    corpus_url: str
    clusters: int | None = Field(None, ge=1, le=64)
    attempt: int = 0


class PagePlanned(Event):
    event_type: Literal["page.planned"] = "page.planned"
    task_id: str
    user_id: str
    plan: PagePlan
    facts: ProductFacts


class BlockRequested(Event):
    event_type: Literal["block.requested"] = "block.requested"
    task_id: str
    block: BlockPlan
    style: StyleConcept
    facts: ProductFacts
    template_html: str
    template_id: int | None = None
    template_version: int | None = None
    controls: SellerControls | None = None


class BlockRendered(Event):
    event_type: Literal["block.rendered"] = "block.rendered"
    task_id: str
    index: int
    block_type: str
    html: str
    template_id: int | None = None
    template_version: int | None = None


class ImageRequested(Event):
    event_type: Literal["image.requested"] = "image.requested"
    task_id: str
    image: ImagePlan
    product_name: str
    palette_primary: str = "#333333"
    palette_background: str = "#f5f5f5"


class ImageGenerated(Event):
    event_type: Literal["image.generated"] = "image.generated"
    task_id: str
    index: int
    url: str
    alt: str
    kind: str
    width: int
    height: int
    mime: str


class TaskStatusChanged(Event):
    event_type: Literal["task.status"] = "task.status"
    task_id: str
    user_id: str
    status: TaskStatus
    stage: str
    progress: int
    error: str | None = None


class PageGenerated(Event):
    """Output contract (docs/topics.md): what storefronts, search and notifications need."""

    event_type: Literal["page.generated"] = "page.generated"
    task_id: str
    user_id: str  # the seller
    status: Literal["completed"] = "completed"
    product_id: str | None = None  # upstream product id when the page came from a product event
    page_id: int
    title: str
    html_list: list[str]
    images: list[dict[str, Any]]
    page_url: str
    # What the seller is told about the page and asked to add (Korean), and its measured
    # quality (pagelogic/quality/report.py). Optional: older producers did not send them.
    warnings: list[dict[str, Any]] = Field(default_factory=list)
    questions: list[dict[str, Any]] = Field(default_factory=list)
    quality: dict[str, Any] | None = None
    # Consumers dedupe on this: at-least-once delivery can repeat a message.
    dedupe_key: str


class DeadLetter(Event):
    event_type: Literal["dead.letter"] = "dead.letter"
    source_topic: str
    partition: int | None = None
    offset: int | None = None
    key: str | None = None
    value_b64: str
    headers: dict[str, str] = Field(default_factory=dict)
    error: str
    stage: str
    task_id: str | None = None


PartResult = Annotated[Union[BlockRendered, ImageGenerated], Field(discriminator="event_type")]
PART_RESULT = TypeAdapter(PartResult)
