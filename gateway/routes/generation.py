"""/api/generation — the original service's routes, made asynchronous."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import ValidationError

from gateway import service, task_stream
from gateway.dedupe import generation_fingerprint
from gateway.deps import PUBLIC, AdminId, State, UserId
from schemas.api import (
    GenerationRequest,
    ImageRequest,
    MessagePublished,
    RawMessage,
    TaskAccepted,
    TaskResultView,
    TaskStatusView,
)
from schemas.topics import OPERATOR_TOPICS, decoder

router = APIRouter(prefix="/api/generation", tags=["generation"])
log = logging.getLogger("pdp.gateway")
TERMINAL = ("completed", "failed")
POLL_S = 0.25


@router.get("/", summary="Service information", openapi_extra=PUBLIC)
async def info(state: State) -> dict:
    # writer: who actually writes ("offline" when provider=auto has no API key), so the UI can
    # say before the seller waits that instructions will not be followed.
    return {"service": "product-details-service", "status": "UP", "version": "0.1.0",
            "provider": state.settings.provider, "docs": "/docs",
            "writer": generation_fingerprint(state.settings)["provider"]}


@router.get("/actuator/health", summary="Liveness: the process is up", openapi_extra=PUBLIC)
async def health() -> dict:
    return {"status": "UP"}


@router.get("/actuator/ready", summary="Readiness: Kafka and PostgreSQL answer",
            openapi_extra=PUBLIC)
async def ready(state: State) -> JSONResponse:
    db_ok, kafka_ok = await asyncio.gather(state.db_ok(), state.publisher.ping())
    body = {"status": "UP" if db_ok and kafka_ok else "DOWN",
            "components": {"database": "UP" if db_ok else "DOWN",
                           "kafka": "UP" if kafka_ok else "DOWN"}}
    return JSONResponse(body, status_code=200 if db_ok and kafka_ok else 503)


def _accepted(task_id: str) -> TaskAccepted:
    return TaskAccepted(task_id=task_id, status="pending", **service.task_urls(task_id))


FINISHED = {200: {"model": TaskResultView,
                  "description": "Finished within ?wait= (completed or failed), or an identical "
                                 "finished request's page (`reused: true`): the same body as "
                                 "GET /generation/result/{task_id}"},
            202: {"description": "Accepted, not finished yet: follow status_url, events_url"},
            503: {"description": "broker down or pipeline overloaded"}}


@router.post("/display-list", status_code=202, summary="Generate a product detail page",
             responses=FINISHED)
async def display_list(body: GenerationRequest, request: Request, state: State, user_id: UserId,
                       wait: float = Query(0, ge=0, le=600,
                                           description="seconds to wait for the finished page"),
                       force: bool = Query(False, description="generate again even if an "
                                           "identical request already has a finished page")
                       ) -> TaskAccepted:
    task_id, reused = await service.accept_or_reuse(state, user_id, body, force,
                                                    origin=str(request.base_url))
    if reused:
        view = await service.result_view(state, user_id, task_id)
        return _finished(view.model_copy(update={"reused": True}))
    return await _wait_result(state, user_id, task_id, wait) or _accepted(task_id)


def _finished(view: TaskResultView) -> JSONResponse:
    return JSONResponse(view.model_dump(mode="json"), status_code=200)


async def _wait_result(state, user_id: str, task_id: str, wait: float) -> JSONResponse | None:
    """The finished result (200) if the task ends within ``wait`` seconds, else None. With
    the push source the status is read again only when the task changes (as SSE streams
    do), otherwise every 0.25 s."""
    if wait <= 0:
        return None
    deadline = time.monotonic() + min(wait, state.settings.max_wait_s)
    push = state.listener is not None and state.settings.sse_source == "push"
    with contextlib.ExitStack() as scope:
        sub = scope.enter_context(state.listener.subscribe(task_id)) if push else None
        while (left := deadline - time.monotonic()) > 0:
            status = await service.status_view(state, user_id, task_id)
            if status.status.value in TERMINAL:
                return _finished(await service.result_view(state, user_id, task_id))
            if sub is not None:
                await sub.wait(min(left, state.settings.sse_recheck_s))
            else:
                await asyncio.sleep(POLL_S)
    return None


@router.post("/image", status_code=202, summary="Edit the seller's photo by prompt (or generate)",
             responses=FINISHED)
async def image(body: ImageRequest, state: State, user_id: UserId,
                wait: float = Query(0, ge=0, le=600,
                                    description="seconds to wait for the finished image")
                ) -> TaskAccepted:
    task_id = await service.accept_image(state, user_id, body)
    return await _wait_result(state, user_id, task_id, wait) or _accepted(task_id)


@router.get("/generation/status/{task_id}", summary="Task status and progress")
async def task_status(task_id: str, state: State, user_id: UserId) -> TaskStatusView:
    return await service.status_view(state, user_id, task_id)


@router.get("/generation/result/{task_id}", summary="Finished page (html_list, images, …)")
async def task_result(task_id: str, state: State, user_id: UserId) -> TaskResultView:
    return await service.result_view(state, user_id, task_id)


@router.get("/generation/events/{task_id}", summary="Status changes as Server-Sent Events",
            response_class=StreamingResponse)
async def task_events(task_id: str, request: Request, state: State, user_id: UserId,
                      last_event_id: Annotated[int, Header(alias="Last-Event-ID")] = 0):
    """Every recorded state change, in order, then new ones as they happen; ends when the task
    is completed or failed. Reconnecting with Last-Event-ID resumes after that event."""
    frames = await task_stream.opened(state, request, user_id, task_id, last_event_id)
    return StreamingResponse(frames, media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


@router.post("/message", status_code=201, summary="Operators: publish an upstream event",
             responses={403: {"description": "not an operator"}})
async def publish_message(body: RawMessage, state: State, operator: AdminId) -> MessagePublished:
    """Publish one product event to the upstream topic, as a commerce system would (ops,
    integration testing). Operators only (PDP_ADMIN_USER_IDS or the JWT admin role). Pipeline
    topics are written by the service alone, so they are refused; the value must be a valid
    event of the topic's contract (422 naming the field otherwise)."""
    allowed = {state.settings.topic(t.name): t for t in OPERATOR_TOPICS}
    spec = allowed.get(body.topic)
    if spec is None:
        return _unprocessable(["body", "topic"], "only the upstream topic can be written here "
                              f"(pipeline topics are written by the service): {', '.join(allowed)}")
    try:
        event = decoder(spec)(json.dumps(body.value, ensure_ascii=False))
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = list(first["loc"])
        if loc and isinstance(body.value, dict) and loc[0] == body.value.get("event_type"):
            loc = loc[1:]  # the union's tag, not a field of the body
        return _unprocessable(["body", "value", *loc], first["msg"])
    value = event.model_dump_json().encode("utf-8")
    delivery = await state.publisher.send(
        body.topic, value, key=body.key or event.product_id,
        headers={"x-pdp-operator": operator})
    log.info("operator %s published %s to %s", operator, event.event_type, body.topic)
    return MessagePublished(topic=delivery.topic, partition=delivery.partition,
                            offset=delivery.offset)


def _unprocessable(loc: list, msg: str) -> JSONResponse:
    return JSONResponse({"detail": [{"loc": loc, "type": "value_error", "msg": msg}]},
                        status_code=422)
