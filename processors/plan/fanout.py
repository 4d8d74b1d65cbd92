"""Stage 2 — fan a plan out: one message per block and one per image, so they run in
parallel across partitions and workers. Parts already done are skipped (re-drives only
redo what is missing)."""

from __future__ import annotations

import asyncio
import time

from infra.db import tasks as task_repo
from infra.observability.logs import STAGE
from processors.assemble.handler import try_assemble
from processors.runtime import Runtime, stage_finished
from schemas import topics
from schemas.events import BlockRequested, ImageRequested, PagePlanned


async def handle_plan(rt: Runtime, msg: PagePlanned) -> None:
    """A ``pdp.plans`` record: a re-drive (reconciler), a page edit (gateway) or a plan
    stage of a worker before this one. Only the parts still missing are sent."""
    done = await rt.read(task_repo.missing_parts_state, msg.task_id)
    if done is None:
        return
    await fan_out(rt, msg, done)


async def fan_out(rt: Runtime, msg: PagePlanned, done: set[tuple[str, int]], *,
                  new_plan: bool = False) -> None:
    """Send a block message per block and an image message per image not in ``done``. The
    plan stage calls this itself right after storing a new plan (nothing is done yet), so a
    page costs no ``pdp.plans`` round trip: no second encode and decode of the plan and
    facts, no consumed record, no read of the parts."""
    plan = msg.plan
    parts = {("block", b.index) for b in plan.blocks} | {("image", i.index) for i in plan.images}
    # The part stages take the plan from here; a new plan's parts need no start read
    # (processors/plan_cache.py).
    rt.plans.put(msg.task_id, plan, msg.facts, msg.user_id, parts - done if new_plan else None)
    sends = []
    for block in plan.blocks:
        if ("block", block.index) in done:
            continue
        # A reference: the block stage reads what it needs from the stored plan.
        sends.append(rt.publish(topics.BLOCK_TASKS, f"{msg.task_id}:{block.index}", BlockRequested(
            task_id=msg.task_id, index=block.index, template_id=block.template_id,
            template_version=block.template_version)))
    for image in plan.images:
        if ("image", image.index) in done:
            continue
        sends.append(rt.publish(topics.IMAGE_TASKS, f"{msg.task_id}:{image.index}", ImageRequested(
            task_id=msg.task_id, image=image, product_name=msg.facts.name,
            palette_primary=plan.style.palette.primary,
            palette_background=plan.style.palette.background)))
    if sends:
        await asyncio.gather(*sends)  # pipelined: the producer batches them
    else:
        await try_assemble(rt, msg.task_id, force=True)


async def fan_out_new_plan(rt: Runtime, msg: PagePlanned) -> None:
    """The plan stage's own fan-out of a plan it has just stored (no part of it is stored
    yet). It still reads as the fan-out stage to operators: its log line and the
    ``pdp_stage_duration_seconds{stage="fanout"}`` histogram, in the request's trace."""
    token = STAGE.set("fanout")
    started = time.perf_counter()
    try:
        await fan_out(rt, msg, set(), new_plan=True)
    finally:
        stage_finished("fanout", msg.task_id, time.perf_counter() - started)
        STAGE.reset(token)
