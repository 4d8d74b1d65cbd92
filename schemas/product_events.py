"""Input contract: product events published by upstream commerce systems.

Topic ``commerce.product-events``, key = product_id, value = UTF-8 JSON of one of the models
below (discriminated by ``event_type``). ``version`` increases with every change of a product
upstream; the pipeline ignores an event whose version is not newer than the last it applied,
so duplicates and out-of-order deliveries are harmless. JSON Schemas: docs/schemas/.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from schemas.api import (
    MAX_CATEGORY,
    MAX_PRODUCT_TEXT,
    MAX_SHORT_TEXT,
    MAX_TONE,
    PHOTO_DESCRIPTION,
    TONE_DESCRIPTION,
)
from schemas.urls import StoredOrPublicUrl

ID_PATTERN = r"^[A-Za-z0-9._:-]{1,128}$"


class ProductPayload(BaseModel):
    """What a page is generated from (the display-list request fields, plus name/price)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=300)
    product_data: str = Field(min_length=1, max_length=MAX_PRODUCT_TEXT)
    price: float | None = Field(default=None, ge=0)
    product_image_url: StoredOrPublicUrl | None = Field(default=None, max_length=2000,
                                                        description=PHOTO_DESCRIPTION)
    features: list[Annotated[str, Field(max_length=200)]] = Field(default_factory=list,
                                                                 max_length=20)
    target_customer: str | None = Field(default=None, max_length=MAX_SHORT_TEXT)
    tone: str | None = Field(default=None, max_length=MAX_TONE,
                             description=TONE_DESCRIPTION)
    category: str | None = Field(default=None, max_length=MAX_CATEGORY)


class _ProductEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1] = 1
    event_id: str = Field(default_factory=lambda: uuid.uuid4().hex, max_length=64)
    occurred_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    product_id: str = Field(pattern=ID_PATTERN)
    seller_id: str = Field(pattern=ID_PATTERN)
    version: int = Field(ge=0, description="monotonic per product; older or equal is ignored")


class ProductCreated(_ProductEvent):
    event_type: Literal["product.created"] = "product.created"
    product: ProductPayload


class ProductUpdated(_ProductEvent):
    event_type: Literal["product.updated"] = "product.updated"
    product: ProductPayload


class ProductDeleted(_ProductEvent):
    event_type: Literal["product.deleted"] = "product.deleted"


ProductEvent = Annotated[Union[ProductCreated, ProductUpdated, ProductDeleted],
                         Field(discriminator="event_type")]
PRODUCT_EVENT = TypeAdapter(ProductEvent)

# Fields whose change alters the generated page; anything else (e.g. price alone when it is
# not in the text) does not trigger a regeneration.
PAGE_FIELDS = ("name", "product_data", "product_image_url", "features", "target_customer",
               "tone", "category")
