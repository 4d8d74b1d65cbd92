"""Stage 3b — make one image (generate, or edit the seller's photo) and store it."""

from __future__ import annotations

import asyncio

from pdp.db import tasks as task_repo
from processors.runtime import Runtime
from schemas import topics
from schemas.api import TaskStatus
from schemas.events import ImageGenerated, ImageRequested


async def handle_image(rt: Runtime, msg: ImageRequested) -> None:
    task = await rt.db(task_repo.get, msg.task_id)
    if task is None or task.status in task_repo.TERMINAL:
        return
    if ("image", msg.image.index) in await rt.db(task_repo.done_parts, msg.task_id):
        return
    made = await rt.providers.images.make(msg.image, msg.product_name, msg.palette_primary,
                                          msg.palette_background)
    url = await asyncio.to_thread(rt.storage.put, made.data, made.extension)
    generated = ImageGenerated(task_id=msg.task_id, index=msg.image.index, url=url,
                               alt=msg.image.alt, kind=msg.image.kind.value, width=made.width,
                               height=made.height, mime=made.mime)
    payload = generated.model_dump(mode="json") | {"prompt": msg.image.prompt}
    counts = await rt.db(task_repo.record_part, msg.task_id, "image", msg.image.index, payload)
    await rt.publish(topics.PART_RESULTS, msg.task_id, generated)
    if counts.inserted:
        await rt.status(msg.task_id, task.user_id, TaskStatus.processing, "rendering",
                        counts.progress)
