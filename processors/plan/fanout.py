"""Stage 2 — fan a plan out: one message per block and one per image, so they run in
parallel across partitions and workers. Parts already done are skipped (re-drives only
redo what is missing)."""

from __future__ import annotations

import asyncio

from infra.db import tasks as task_repo
from infra.db import templates as template_repo
from processors.assemble.handler import try_assemble
from processors.runtime import Runtime
from schemas import topics
from schemas.events import BlockRequested, ImageRequested, PagePlanned


async def _templates(rt: Runtime, keys: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """Template HTML of the exact versions the plan recorded. A saved version never changes,
    so the cache needs no expiry, and an update or rollback can never mix into a page that
    was planned before it."""
    missing = list({k for k in keys if k not in rt.template_cache})
    if missing:
        rt.template_cache.update(await rt.db(template_repo.html_by_versions, missing))
    return {k: rt.template_cache[k] for k in keys if k in rt.template_cache}


async def handle_plan(rt: Runtime, msg: PagePlanned) -> None:
    done = await rt.db(task_repo.missing_parts_state, msg.task_id)
    if done is None:
        return
    plan = msg.plan
    templates = await _templates(rt, [(b.template_id, b.template_version) for b in plan.blocks
                                      if b.template_id])
    sends = []
    for block in plan.blocks:
        if ("block", block.index) in done:
            continue
        version = block.template_version
        html = templates[(block.template_id, version)]
        sends.append(rt.publish(topics.BLOCK_TASKS, f"{msg.task_id}:{block.index}", BlockRequested(
            task_id=msg.task_id, block=block, style=plan.style, facts=msg.facts,
            template_html=html, template_id=block.template_id, template_version=version,
            controls=plan.controls)))
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
