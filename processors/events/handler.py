"""Upstream product events → products in PostgreSQL → debounced page generation.

The event agent only records the product and when its page is due; a timer in every worker
turns due products into generation tasks (SKIP LOCKED, so each runs once). Ten rapid updates
inside the window therefore give one regeneration, with the latest content.
"""

from __future__ import annotations

import logging

from infra.db import products as product_repo
from processors.runtime import Runtime
from schemas import topics
from schemas.api import GenerationRequest
from schemas.events import GenerationRequested

log = logging.getLogger("pdp.products")


async def handle_product_event(rt: Runtime, event) -> None:
    applied = await rt.db(product_repo.apply_event, event, rt.settings.product_debounce_s)
    log.info("product %s/%s v%d %s → %s", event.seller_id, event.product_id, event.version,
             event.event_type, applied.action.value)


async def schedule_due(rt: Runtime) -> int:
    """Start generation for products whose debounce window has passed."""
    scheduled = await rt.db(product_repo.claim_due)
    for task in scheduled:
        # The task row is committed first; if this send fails the reconciler re-publishes it.
        await rt.publish(topics.REQUESTS, task.task_id, GenerationRequested(
            task_id=task.task_id, user_id=task.user_id,
            request=GenerationRequest.model_validate(task.request)))
    return len(scheduled)
