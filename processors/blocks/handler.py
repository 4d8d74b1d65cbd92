"""Stage 3a — write one block: provider fills the slots, the grounding check holds them to
the facts, the sandbox renders the template. Verdict and cost are stored with the block."""

from __future__ import annotations

from dataclasses import dataclass

from infra.db import tasks as task_repo
from pagelogic.blocks.render import render_block
from processors.assemble.handler import announce, record_and_assemble
from processors.blocks.grounded import coverage_floor, rewrite_freeform, write_grounded
from processors.blocks.notice import write_notice
from processors.providers.usage import metering, summarize
from processors.runtime import Runtime
from schemas.api import TaskStatus
from schemas.controls import SellerControls
from schemas.events import BlockRequested
from schemas.facts import ProductFacts
from schemas.plan import BlockPlan, BlockType, StyleConcept


@dataclass
class _Block:
    """What one block is written from."""

    block: BlockPlan
    style: StyleConcept
    facts: ProductFacts
    controls: SellerControls | None
    template_html: str


def _from_message(msg: BlockRequested) -> _Block | None:
    """A message of a worker before #17 carries everything itself."""
    if msg.block is None or msg.style is None or msg.facts is None or msg.template_html is None:
        return None
    return _Block(msg.block, msg.style, msg.facts, msg.controls, msg.template_html)


def _from_plan(rt: Runtime, msg: BlockRequested, start: task_repo.PartStart) -> _Block:
    """The block, style, controls and facts as the plan stage stored them; the template's
    exact version from the worker's cache (filled by the same read on a miss)."""
    if start.block is None or start.style is None or start.facts is None:
        raise LookupError(f"block {msg.index} is not in the stored plan of task {msg.task_id}")
    key = (msg.template_id, msg.template_version)
    if start.template_html is not None:
        rt.template_cache[key] = start.template_html
    html = rt.template_cache.get(key)
    if html is None:
        raise LookupError(f"template {msg.template_id} version {msg.template_version} is missing")
    return _Block(BlockPlan.model_validate(start.block), StyleConcept.model_validate(start.style),
                  ProductFacts.model_validate(start.facts),
                  SellerControls.model_validate(start.controls) if start.controls else None,
                  html)


def _from_cache(rt: Runtime, msg: BlockRequested) -> _Block | None:
    """The block from the plan this worker fanned out (processors/plan_cache.py)."""
    cached = rt.plans.get(msg.task_id)
    html = rt.template_cache.get((msg.template_id, msg.template_version))
    if cached is None or html is None:
        return None
    block = next((b for b in cached.plan.blocks if b.index == msg.index), None)
    if block is None:
        return None
    return _Block(block, cached.plan.style, cached.facts, cached.plan.controls, html)


async def handle_block(rt: Runtime, msg: BlockRequested) -> None:
    fresh = rt.plans.claim_fresh(msg.task_id, "block", msg.index)
    carried = _from_message(msg) or _from_cache(rt, msg)
    key = (msg.template_id, msg.template_version)
    if fresh is not None and carried is not None:  # sent a moment ago by this process
        start = task_repo.PartStart(fresh.user_id, live=True, done=False, kind=None)
    else:
        start = await rt.read(task_repo.part_start, msg.task_id, "block", msg.index,
                              content=carried is None,
                              template=key if carried is None and msg.template_id is not None
                              and key not in rt.template_cache else None)
    if start is None or not start.live:
        return
    if start.done:
        return  # redelivered: the block is stored already, spend no provider call
    job = carried or _from_plan(rt, msg, start)
    block, facts, controls = job.block, job.facts, job.controls
    notice = block.block_type is BlockType.InfoNotice  # a legal table: copied, not written
    with metering() as calls:
        written = write_notice(block) if notice else await write_grounded(
            rt.providers.writer, block, facts, job.style,
            action=rt.settings.grounding_action, controls=controls,
            min_coverage=coverage_floor(rt.settings.grounding_min_coverage, controls))
        html = "" if written.dropped else render_block(
            job.template_html, written.slots, index=block.index,
            block_type=block.block_type.value)
        if html and not notice and rt.settings.block_mode == "freeform" and rt.providers.rewriter:
            html, note = await rewrite_freeform(rt.providers.rewriter, html, block, facts,
                                                controls)
            written.warning = "; ".join(w for w in (written.warning, note) if w) or None
    payload = {
        "task_id": msg.task_id, "index": block.index, "block_type": block.block_type.value,
        "html": html, "template_id": msg.template_id, "template_version": msg.template_version,
        "dropped": written.dropped, "warning": written.warning,
        "banned_removed": written.banned_removed,
        "grounding": written.verdict.model_dump(mode="json") if written.verdict else None,
        "cost": summarize(calls).model_dump(mode="json")}
    counts, page = await rt.db(record_and_assemble, msg.task_id, "block", block.index, payload)
    if counts.announce:
        await rt.status(msg.task_id, start.user_id, TaskStatus.processing, "rendering",
                        counts.progress)
    if page is not None:
        await announce(rt, page)
