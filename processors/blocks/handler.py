"""Stage 3a — write one block: provider fills the slots, the grounding check holds them to
the facts, the sandbox renders the template. Verdict and cost are stored with the block."""

from __future__ import annotations

from infra.db import tasks as task_repo
from pagelogic.blocks.render import render_block
from processors.assemble.handler import announce, record_and_assemble
from processors.blocks.grounded import coverage_floor, rewrite_freeform, write_grounded
from processors.blocks.notice import write_notice
from processors.providers.usage import metering, summarize
from processors.runtime import Runtime
from schemas.api import TaskStatus
from schemas.events import BlockRendered, BlockRequested
from schemas.plan import BlockType


async def handle_block(rt: Runtime, msg: BlockRequested) -> None:
    start = await rt.db(task_repo.part_start, msg.task_id, "block", msg.block.index)
    if start is None or not start.live:
        return
    if start.done:
        return  # redelivered: the block is stored already, spend no provider call
    notice = msg.block.block_type is BlockType.InfoNotice  # a legal table: copied, not written
    with metering() as calls:
        written = write_notice(msg.block) if notice else await write_grounded(
            rt.providers.writer, msg.block, msg.facts, msg.style,
            action=rt.settings.grounding_action, controls=msg.controls,
            min_coverage=coverage_floor(rt.settings.grounding_min_coverage, msg.controls))
        html = "" if written.dropped else render_block(
            msg.template_html, written.slots, index=msg.block.index,
            block_type=msg.block.block_type.value)
        if html and not notice and rt.settings.block_mode == "freeform" and rt.providers.rewriter:
            html, note = await rewrite_freeform(rt.providers.rewriter, html, msg.block,
                                                msg.facts, msg.controls)
            written.warning = "; ".join(w for w in (written.warning, note) if w) or None
    rendered = BlockRendered(task_id=msg.task_id, index=msg.block.index,
                             block_type=msg.block.block_type.value, html=html,
                             template_id=msg.template_id, template_version=msg.template_version)
    payload = rendered.model_dump(mode="json") | {
        "dropped": written.dropped, "warning": written.warning,
        "banned_removed": written.banned_removed,
        "grounding": written.verdict.model_dump(mode="json") if written.verdict else None,
        "cost": summarize(calls).model_dump(mode="json")}
    counts, page = await rt.db(record_and_assemble, msg.task_id, "block", msg.block.index,
                               payload)
    if counts.inserted:
        await rt.status(msg.task_id, start.user_id, TaskStatus.processing, "rendering",
                        counts.progress)
    if page is not None:
        await announce(rt, page)
