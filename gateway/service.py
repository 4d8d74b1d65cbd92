"""Gateway use cases: accept a generation request; read a task's status and result."""

from __future__ import annotations

import logging
import uuid

from fastapi import HTTPException
from sqlalchemy.orm import Session

from gateway.dedupe import input_hash
from gateway.errors import found
from gateway.intake import Admit, Verdict
from gateway.photos import own_photo
from gateway.state import GatewayState
from infra.db import pages as page_repo
from infra.db import tasks as task_repo
from infra.observability import metrics, tracing
from infra.observability.logs import TASK_ID
from pagelogic import messages
from pagelogic.assemble.logic import seller_warnings
from pagelogic.notice.answers import page_questions
from producers.kafka import BrokerUnavailable
from schemas import topics
from schemas.api import (
    GenerationRequest,
    ImageRequest,
    ImageView,
    PageResult,
    TaskEventView,
    TaskResultView,
    TaskStatus,
    TaskStatusView,
)
from schemas.events import GenerationRequested
from schemas.image_task import image_requested, image_task_request, is_image_task

log = logging.getLogger("pdp.gateway")
NOT_ACCEPTED = messages.t("fail.not_accepted")


async def accept_or_reuse(state: GatewayState, user_id: str, body: GenerationRequest,
                          force: bool = False, origin: str | None = None) -> tuple[str, bool]:
    """(task id, reused): an identical finished request is answered with its page.

    Otherwise the task is recorded and published, and its id returned only once Kafka
    acknowledged it. The task row is written first so a worker can never see a request the
    database does not know. If Kafka does not acknowledge, the row is marked failed (not
    deleted): should the message still arrive late, the worker sees a finished task and skips
    it. Reuse lookup, admission and the insert happen in a batch shared with the requests
    arriving at the same moment (gateway/intake.py). ``origin``: where the request came in,
    so an absolute URL of an image uploaded here is recognised (gateway/photos.py).
    """
    await state.limiter.check(user_id, "generate")
    body = await own_photo(state, user_id, body, origin or "")
    request = body.model_dump(mode="json")
    digest = input_hash(request, state.settings)
    task_id = uuid.uuid4().hex
    verdict = await _record(state, Admit(task_id, user_id, request,
                                         input_hash=digest, reuse=not force))
    if verdict.reused:
        return verdict.reused, True
    event = GenerationRequested(task_id=task_id, user_id=user_id, request=body)
    await _publish(state, topics.REQUESTS.name, event.to_bytes(), task_id, task_id)
    TASK_ID.set(task_id)  # this request's remaining log lines carry the task id
    log.info("accepted task %s for user %s", task_id, user_id)
    metrics.task_status("accepted")
    return task_id, False


async def accept_image(state: GatewayState, user_id: str, body: ImageRequest) -> str:
    """POST /image: one image through the image stage (its own task, one part)."""
    await state.limiter.check(user_id, "generate")
    task_id = uuid.uuid4().hex
    request = image_task_request(body)
    await _record(state, Admit(task_id, user_id, request, reuse=False, images_total=1))
    await _publish(state, topics.IMAGE_TASKS.name, image_requested(task_id, request).to_bytes(),
                   f"{task_id}:0", task_id)
    return task_id


async def _record(state: GatewayState, item: Admit) -> Verdict:
    item.trace_id = tracing.current_trace_id()
    verdict = await state.intake.record(item)
    if (refusal := verdict.refusal) is not None:
        raise HTTPException(refusal.status, detail=refusal.detail,
                            headers={"Retry-After": str(refusal.retry_after_s)})
    return verdict


async def _publish(state: GatewayState, topic: str, value: bytes, key: str, task_id: str) -> None:
    try:
        await state.publisher.send(state.settings.topic(topic), value, key=key)
    except BrokerUnavailable:
        await state.db(task_repo.fail, task_id, NOT_ACCEPTED)
        raise


def task_urls(task_id: str) -> dict[str, str]:
    base = "/api/generation/generation"
    return {"status_url": f"{base}/status/{task_id}", "result_url": f"{base}/result/{task_id}",
            "events_url": f"{base}/events/{task_id}"}


def _status_view(session: Session, user_id: str, task_id: str) -> TaskStatusView:
    task = found(task_repo.get(session, task_id, user_id), "task")
    return TaskStatusView(
        task_id=task.id, status=TaskStatus(task.status), stage=task.stage, progress=task.progress,
        blocks_total=task.blocks_total, blocks_done=task.blocks_done,
        images_total=task.images_total, images_done=task.images_done, error=task.error,
        created_at=task.created_at, updated_at=task.updated_at)


def _result_view(session: Session, user_id: str, task_id: str, base_url: str) -> TaskResultView:
    task = found(task_repo.get(session, task_id, user_id), "task")
    view = TaskResultView(task_id=task.id, status=TaskStatus(task.status),
                          progress=task.progress, error=task.error, **task_urls(task.id))
    if task.status == "completed" and is_image_task(task.request):
        _, images = task_repo.parts(session, task.id)
        if 0 in images:
            i = images[0]
            view.image = ImageView(index=0, url=base_url + i["url"] if i["url"].startswith("/")
                                   else i["url"], alt=i["alt"], kind=i["kind"], width=i["width"],
                                   height=i["height"], mime=i["mime"])
    # The seller may have deleted the page since: the task then has no result to show.
    page = page_repo.get_page(session, task.page_id) if task.page_id is not None else None
    if task.status == "completed" and page is not None:
        images = [ImageView(index=i.idx, url=base_url + i.url if i.url.startswith("/") else i.url,
                            alt=i.alt, kind=i.image_type, width=i.width, height=i.height,
                            mime=i.mime) for i in page_repo.page_images(session, page.id)]
        view.result = PageResult(page_id=page.id, html_list=page.html_list, html=page.html,
                                 css=page.css, images=images, blocks=page.blocks,
                                 style=page.plan.get("style", {}), title=page.title,
                                 cost=page_repo.task_cost(session, task.id, page),
                                 seo=page.plan.get("seo"),
                                 warnings=seller_warnings(page.plan, page.blocks),
                                 questions=[*(page.plan.get("questions") or []),
                                            *page_questions(page.plan)],
                                 quality=page.plan.get("quality"))
    return view


def _events_since(session: Session, user_id: str, task_id: str,
                  after_id: int) -> list[TaskEventView]:
    return _event_views(session, found(task_repo.get(session, task_id, user_id), "task"),
                        after_id)


def _events_and_finished(session: Session, user_id: str, task_id: str,
                         after_id: int) -> tuple[list[TaskEventView], bool]:
    task = found(task_repo.get(session, task_id, user_id), "task")
    return _event_views(session, task, after_id), task.status in task_repo.TERMINAL


def _event_views(session: Session, task, after_id: int) -> list[TaskEventView]:
    task_id = task.id
    return [TaskEventView(event_id=e.id, task_id=task_id, status=TaskStatus(e.status),
                          stage=e.stage, progress=e.progress, blocks_done=e.blocks_done,
                          blocks_total=task.blocks_total, images_done=e.images_done,
                          images_total=task.images_total, error=e.error, at=e.created_at,
                          detail=e.detail)
            for e in task_repo.events_after(session, task_id, after_id)]


async def events_since(state: GatewayState, user_id: str, task_id: str,
                       after_id: int) -> list[TaskEventView]:
    return await state.db(_events_since, user_id, task_id, after_id)


async def events_and_finished(state: GatewayState, user_id: str, task_id: str,
                              after_id: int) -> tuple[list[TaskEventView], bool]:
    """The task's events after ``after_id`` and whether it has ended: one transaction."""
    return await state.db(_events_and_finished, user_id, task_id, after_id)


async def status_view(state: GatewayState, user_id: str, task_id: str) -> TaskStatusView:
    return await state.db(_status_view, user_id, task_id)


async def result_view(state: GatewayState, user_id: str, task_id: str) -> TaskResultView:
    return await state.db(_result_view, user_id, task_id, state.settings.public_base_url)
