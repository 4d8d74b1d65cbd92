"""Pure rules for upstream product events: what changed, what to do, what to generate."""

from __future__ import annotations

import hashlib
import json
from enum import Enum

from schemas.api import GenerationRequest
from schemas.product_events import PAGE_FIELDS, ProductPayload


class Action(str, Enum):
    stale = "stale"              # version not newer than what we applied: ignore
    schedule = "schedule"        # page-affecting content changed: (re)generate after the window
    unchanged = "unchanged"      # nothing that affects the page changed
    cancel = "cancel"            # content is back to what was last generated: drop pending run
    archive = "archive"          # product deleted: archive its pages


def content_hash(product: ProductPayload) -> str:
    """Hash of the fields that change the page (canonical JSON, so order does not matter)."""
    data = product.model_dump(mode="json", include=set(PAGE_FIELDS))
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def decide(*, deleted: bool, version: int, applied_version: int | None, new_hash: str | None,
           generated_hash: str | None, pending: bool, auto_generate: bool) -> Action:
    if applied_version is not None and version <= applied_version:
        return Action.stale
    if deleted:
        return Action.archive
    if new_hash == generated_hash:
        return Action.cancel if pending else Action.unchanged
    return Action.schedule if auto_generate else Action.unchanged


def generation_request(product: ProductPayload, template_set_id: int | None) -> GenerationRequest:
    return GenerationRequest(
        product_data=product.product_data, product_image_url=product.product_image_url,
        features=product.features, target_customer=product.target_customer, tone=product.tone,
        category=product.category, template_set_id=template_set_id)
