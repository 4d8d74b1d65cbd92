"""Stage 3b — make one image (generate, or edit the seller's photo) and store it.

Provider URLs expire, so the provider hands back bytes and they are stored here. The seller's
photo, stored once by the plan stage, is read from storage and handed to the provider. When
the image provider gives up, the page still completes with a local image and a warning.
"""

from __future__ import annotations

import asyncio
import logging

from infra.db import tasks as task_repo
from infra.fetch import FetchFailed, FetchRefused, FetchTooLarge
from pagelogic import failures, messages
from processors.assemble.handler import announce, record_and_assemble
from processors.providers.base import MalformedOutput, ProviderGaveUp
from processors.providers.offline import OfflineImages
from processors.providers.usage import metering, summarize
from processors.runtime import Runtime
from schemas.api import TaskStatus
from schemas.events import ImageGenerated, ImageRequested
from schemas.image_task import IMAGE_TASK_KIND

log = logging.getLogger("pdp.worker")
_PLACEHOLDER = OfflineImages()


async def handle_image(rt: Runtime, msg: ImageRequested) -> None:
    fresh = rt.plans.claim_fresh(msg.task_id, "image", msg.image.index)
    start = (task_repo.PartStart(fresh.user_id, live=True, done=False, kind=None)
             if fresh is not None  # sent a moment ago by this process's plan stage
             else await rt.read(task_repo.part_start, msg.task_id, "image", msg.image.index))
    if start is None or not start.live or start.done:
        return
    single = start.kind == IMAGE_TASK_KIND  # POST /image: this one image is the whole task
    warning = None
    args = (msg.image, msg.product_name, msg.palette_primary, msg.palette_background)
    photo = await _stored_photo(rt, msg.image.photo_url)
    extra = {"photo": photo} if photo else {}  # makers written before photos still fit
    with metering() as calls:
        try:
            made = await rt.providers.images.make(*args, **extra)
        except (ProviderGaveUp, MalformedOutput, FetchRefused, FetchTooLarge, FetchFailed) as exc:
            if single:
                raise  # the seller asked for this image: fail with the reason, no placeholder
            log.warning("image %d of task %s: placeholder used: %s %s", msg.image.index,
                        msg.task_id, type(exc).__name__, failures.detail_of(exc))
            warning = messages.t("fail.image_placeholder", number=msg.image.index + 1,
                                 alt=msg.image.alt, reason=_reason(exc))
            made = await _PLACEHOLDER.make(*args, **extra)
    url = await asyncio.to_thread(rt.storage.put, made.data, made.extension)
    generated = ImageGenerated(task_id=msg.task_id, index=msg.image.index, url=url,
                               alt=msg.image.alt, kind=made.kind or msg.image.kind.value,
                               width=made.width, height=made.height, mime=made.mime)
    payload = generated.model_dump(mode="json") | {
        "prompt": msg.image.prompt, "warning": warning,
        "cost": summarize(calls).model_dump(mode="json")}
    if single:
        await rt.db(task_repo.record_part, msg.task_id, "image", msg.image.index, payload)
        if await rt.db(task_repo.complete, msg.task_id):
            await rt.status(msg.task_id, start.user_id, TaskStatus.completed, "done", 100)
        return
    counts, page = await rt.db(record_and_assemble, msg.task_id, "image", msg.image.index,
                               payload)
    if counts.announce:
        await rt.status(msg.task_id, start.user_id, TaskStatus.processing, "rendering",
                        counts.progress)
    if page is not None:
        await announce(rt, page)


def _reason(exc: BaseException) -> str:
    """Why the slot holds a placeholder, in the seller's words: the provider's own sentence,
    or for a download of the provider's image URL a fixed one (its text is an English URL
    error, which goes to the log)."""
    if isinstance(exc, (FetchRefused, FetchTooLarge, FetchFailed)):
        return messages.t("fail.image_download")
    return failures.seller_reason(exc)


async def _stored_photo(rt: Runtime, url: str | None) -> bytes | None:
    """The seller's photo as the plan stage stored it; without it the slot is drawn as
    before (a missing file must not fail the page)."""
    if not url:
        return None
    try:
        return await asyncio.to_thread(rt.storage.read, url)
    except Exception as exc:  # noqa: BLE001 - each storage backend raises its own kind
        log.warning("stored photo %s unreadable, image drawn without it: %r", url, exc)
        return None
