"""Stage 3a — write one block: provider fills the slots, the sandbox renders the template."""

from __future__ import annotations

from pdp.db import tasks as task_repo
from processors.blocks.render import render_block
from processors.runtime import Runtime
from schemas import topics
from schemas.api import TaskStatus
from schemas.events import BlockRendered, BlockRequested


async def handle_block(rt: Runtime, msg: BlockRequested) -> None:
    task = await rt.db(task_repo.get, msg.task_id)
    if task is None or task.status in task_repo.TERMINAL:
        return
    if ("block", msg.block.index) in await rt.db(task_repo.done_parts, msg.task_id):
        return  # redelivered: the block is stored already, spend no provider call
    slots = await rt.providers.writer.write(msg.block, msg.facts, msg.style)
    html = render_block(msg.template_html, slots, index=msg.block.index,
                        block_type=msg.block.block_type.value)
    rendered = BlockRendered(task_id=msg.task_id, index=msg.block.index,
                             block_type=msg.block.block_type.value, html=html,
                             template_id=msg.template_id, template_version=msg.template_version)
    counts = await rt.db(task_repo.record_part, msg.task_id, "block", msg.block.index,
                         rendered.model_dump(mode="json"))
    await rt.publish(topics.PART_RESULTS, msg.task_id, rendered)
    if counts.inserted:
        await rt.status(msg.task_id, task.user_id, TaskStatus.processing, "rendering",
                        counts.progress)
