"""The reconciler: re-drives tasks that stalled, fails tasks that keep stalling.

Kafka offsets alone do not guarantee progress: faust-streaming can commit an offset past a
message still in flight when agent concurrency > 1 (its issue #606), and a gateway can die
between recording a task and publishing it. PostgreSQL holds each task's state, so a task
untouched for PDP_REDRIVE_AFTER_S is picked up again from where it is: no plan → the
request is re-published; a plan → the plan is re-published and fan-out re-sends only the
missing parts (or assembles, when nothing is missing).
"""

from __future__ import annotations

import asyncio
import logging
import time

from infra.db import mining_jobs
from infra.db import tasks as task_repo
from pagelogic import messages
from processors.runtime import Runtime
from schemas import topics
from schemas.api import GenerationRequest
from schemas.events import GenerationRequested, MiningRequested, PagePlanned
from schemas.facts import ProductFacts
from schemas.image_task import image_requested, is_image_task
from schemas.plan import PagePlan

log = logging.getLogger("pdp.reconciler")
CLAIM_BATCH = 100


async def reconcile_once(rt: Runtime, older_than_s: float | None = None,
                         limit: int = CLAIM_BATCH) -> int:
    """Re-drive the active tasks untouched for ``older_than_s`` (PDP_REDRIVE_AFTER_S)."""
    older_than_s = rt.settings.redrive_after_s if older_than_s is None else older_than_s
    stalled = await rt.db(task_repo.claim_stalled, older_than_s, limit)
    for task in stalled:
        if task.redrives > rt.settings.max_redrives:
            await rt.fail_task(task.id, messages.t("fail.stalled",
                                                   redrives=rt.settings.max_redrives))
            continue
        log.warning("re-driving stalled task %s (stage %s, attempt %d)", task.id, task.stage,
                    task.redrives)
        if mining_jobs.is_mining(task.request):  # the whole job again (drafts are idempotent)
            await rt.publish(topics.MINING_JOBS, task.id, MiningRequested(
                task_id=task.id, user_id=task.user_id, corpus_url=task.request["corpus_url"],
                clusters=task.request.get("clusters"), attempt=task.redrives))
        elif is_image_task(task.request):
            await rt.publish(topics.IMAGE_TASKS, f"{task.id}:0",
                             image_requested(task.id, task.request))
        elif task.plan is None:
            await rt.publish(topics.REQUESTS, task.id, GenerationRequested(
                task_id=task.id, user_id=task.user_id,
                request=GenerationRequest.model_validate(task.request), attempt=task.redrives))
        else:
            await rt.publish(topics.PLANS, task.id, PagePlanned(
                task_id=task.id, user_id=task.user_id, plan=PagePlan.model_validate(task.plan),
                facts=ProductFacts.model_validate(task.facts)))
    return len(stalled)


async def redrive_unfinished(rt: Runtime, since: float, attempts: int = 30) -> int:
    """Re-drive at once every active task untouched since ``since`` (epoch seconds): their
    messages are gone (the broker restarted empty, or the worker holding them died), so
    waiting PDP_REDRIVE_AFTER_S would only delay them. Claimed tasks are touched, so the
    batches end; a task still moving elsewhere was touched after ``since`` and is left alone."""
    total = 0
    for attempt in range(1, attempts + 1):
        try:
            while (claimed := await reconcile_once(rt, time.time() - since)) == CLAIM_BATCH:
                total += claimed
            total += claimed
            log.warning("re-drove %d unfinished tasks at start-up", total)
            return total
        except Exception as exc:  # noqa: BLE001 - broker or database still coming up
            log.warning("start-up re-drive attempt %d failed: %r", attempt, exc)
            await asyncio.sleep(1.0)
    return total
