"""Stage 4 — fan-in: when every block and image of a task is stored, assemble the page,
store it once, announce it on the results topic, then mark the task completed.

The part stage whose part completes the task assembles in the same transaction that stores
the part (``record_and_assemble``): no hop through a part-results topic, no locking
transaction per part just to find the page is not ready yet.

The order matters for at-least-once output: the page row is written first (unique per
task), the PageGenerated event second, the status flip last. A crash in between re-runs
the assembly (via redelivery or the reconciler), which finds the stored page and re-sends
the event with the same dedupe key instead of storing a second page.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from sqlalchemy.orm import Session

from infra.db import edits
from infra.db import pages as page_repo
from infra.db import tasks as task_repo
from infra.observability import metrics
from infra.observability.logs import STAGE
from pagelogic.assemble.logic import assemble_page, seller_warnings
from pagelogic.notice.answers import page_questions
from pagelogic.quality.report import page_quality
from processors.runtime import Runtime
from schemas import topics
from schemas.api import TaskStatus
from schemas.events import BlockRendered, ImageGenerated, PageGenerated
from schemas.facts import ProductFacts
from schemas.plan import PagePlan

log = logging.getLogger("pdp.worker")


def _assemble_and_store(session: Session, task_id: str, force: bool) -> PageGenerated | None:
    """Assembly keeps its own stage in the metrics (pdp_stage_duration_seconds{stage=
    "assemble"}), though it now runs inside the part stage that completes the task."""
    started = time.perf_counter()
    event = _assemble(session, task_id, force)
    if event is not None:
        metrics.STAGE_DURATION.labels("assemble").observe(time.perf_counter() - started)
    return event


def _assemble(session: Session, task_id: str, force: bool) -> PageGenerated | None:
    task = task_repo.lock_for_assembly(session, task_id, force=force)
    if task is None:
        return None
    if task.edit_page_id is not None:
        edits.rebase_on_latest(session, task)
    blocks, images = task_repo.parts(session, task_id)
    plan = PagePlan.model_validate(task.plan)
    page = assemble_page(plan, blocks, images, plan_cost=task.plan.get("cost"))
    notes = seller_warnings(plan, page.blocks, page.notes)
    if task.facts:
        shown = [m["block_type"] for m in page.blocks if not m.get("dropped")]
        page.quality = page_quality(plan, ProductFacts.model_validate(task.facts),
                                    page.html_list, warnings=len(notes),
                                    block_types=shown).model_dump(mode="json")
        page.quality["language"] = page.language  # measured from the text, not planned
    page_id = page_repo.store_page(session, task, page)
    return PageGenerated(task_id=task.id, user_id=task.user_id, page_id=page_id,
                         product_id=page_repo.external_product_id(session, task.product_id),
                         title=page.title, html_list=page.html_list, images=page.images,
                         page_url=f"/api/generation/generation/result/{task.id}",
                         warnings=notes,
                         questions=[*(q.model_dump(mode="json") for q in plan.questions),
                                    *page_questions(task.plan)],
                         quality=page.quality, dedupe_key=f"page:{task.id}")


def record_and_assemble(session: Session, task_id: str, kind: str, idx: int,
                        payload: dict[str, Any]) -> tuple[task_repo.PartCounts,
                                                          PageGenerated | None]:
    """Store one part and its counters; when it was the last one missing, assemble and store
    the page in the same transaction (the task row is locked by then)."""
    counts = task_repo.record_part(session, task_id, kind, idx, payload)
    if counts.blocks_done < counts.blocks_total or counts.images_done < counts.images_total:
        return counts, None
    return counts, _assemble_and_store(session, task_id, False)


async def announce(rt: Runtime, event: PageGenerated) -> None:
    """The stored page goes out on the results topic first, the status flip comes last: a
    crash in between re-sends the event (same dedupe key), never loses it."""
    token = STAGE.set("assemble")  # its log lines read as the assemble stage, same trace
    rt.plans.drop(event.task_id)  # every block is written: the fanned-out plan is done with
    try:
        await rt.publish(topics.RESULTS, event.task_id, event)
        if await rt.db(task_repo.complete, event.task_id):
            await rt.status(event.task_id, event.user_id, TaskStatus.completed, "done", 100)
        log.info("page %s of task %s assembled and announced", event.page_id, event.task_id)
    finally:
        STAGE.reset(token)


async def try_assemble(rt: Runtime, task_id: str, *, force: bool = False) -> bool:
    event = await rt.db(_assemble_and_store, task_id, force)
    if event is None:
        return False
    await announce(rt, event)
    return True


async def handle_part(rt: Runtime, msg: BlockRendered | ImageGenerated) -> None:
    """Drains pdp.part-results, which this version no longer writes: records a worker of
    the previous version published before a rolling upgrade still complete their page."""
    await try_assemble(rt, msg.task_id)
