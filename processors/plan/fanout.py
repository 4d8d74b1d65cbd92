"""Stage 2 — fan a plan out: one message per block and one per image, so they run in
parallel across partitions and workers. Parts already done are skipped (re-drives only
redo what is missing)."""

from __future__ import annotations

import asyncio
import time

from pdp.db import tasks as task_repo
from pdp.db import templates as template_repo
from processors.assemble.handler import try_assemble
from processors.runtime import Runtime
from schemas import topics
from schemas.events import BlockRequested, ImageRequested, PagePlanned


async def _templates(rt: Runtime, ids: list[int]) -> dict[int, tuple[str, int]]:
    """Template HTML by id, cached for a short TTL (templates change rarely)."""
    now = time.monotonic()
    ttl = rt.settings.template_cache_ttl_s
    missing = [i for i in ids if i not in rt.template_cache or now - rt.template_cache[i][0] > ttl]
    if missing:
        for tid, value in (await rt.db(template_repo.html_by_ids, missing)).items():
            rt.template_cache[tid] = (now, value)
    return {i: rt.template_cache[i][1] for i in ids if i in rt.template_cache}


async def handle_plan(rt: Runtime, msg: PagePlanned) -> None:
    task = await rt.db(task_repo.get, msg.task_id)
    if task is None or task.status in task_repo.TERMINAL:
        return
    done = await rt.db(task_repo.done_parts, msg.task_id)
    plan = msg.plan
    templates = await _templates(rt, [b.template_id for b in plan.blocks if b.template_id])
    sends = []
    for block in plan.blocks:
        if ("block", block.index) in done:
            continue
        html, version = templates[block.template_id]
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
