"""/api/generation — the original service's routes, made asynchronous."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from gateway import service
from gateway.deps import PUBLIC, State, UserId
from gateway.errors import NotFound
from schemas.api import (
    GenerationRequest, ImageRequest, MessagePublished, RawMessage, TaskAccepted, TaskResultView,
    TaskStatusView,
)
from schemas.topics import ALL_TOPICS

router = APIRouter(prefix="/api/generation", tags=["generation"])
TERMINAL = ("completed", "failed")
POLL_S = 0.25


@router.get("/", summary="Service information", openapi_extra=PUBLIC)
async def info(state: State) -> dict:
    return {"service": "product-details-service", "status": "UP", "version": "0.1.0",
            "provider": state.settings.provider, "docs": "/docs"}


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


def _accepted(task_id: str, reused: bool = False) -> TaskAccepted:
    base = "/api/generation/generation"
    return TaskAccepted(task_id=task_id, status="completed" if reused else "pending",
                        status_url=f"{base}/status/{task_id}",
                        result_url=f"{base}/result/{task_id}",
                        events_url=f"{base}/events/{task_id}", reused=reused)


@router.post("/display-list", status_code=202, summary="Generate a product detail page",
             responses={200: {"model": TaskResultView}, 503: {"description": "broker down"}})
async def display_list(body: GenerationRequest, state: State, user_id: UserId,
                       wait: float = Query(0, ge=0, le=600,
                                           description="seconds to wait for the finished page"),
                       force: bool = Query(False, description="generate again even if an "
                                           "identical request already has a finished page")
                       ) -> TaskAccepted:
    task_id, reused = await service.accept_or_reuse(state, user_id, body, force)
    finished = await _wait_result(state, user_id, task_id, wait)
    return finished or _accepted(task_id, reused)


async def _wait_result(state, user_id: str, task_id: str, wait: float) -> JSONResponse | None:
    """The finished result (200) if the task ends within ``wait`` seconds, else None."""
    deadline = time.monotonic() + min(wait, state.settings.max_wait_s)
    while wait > 0 and time.monotonic() < deadline:
        status = await service.status_view(state, user_id, task_id)
        if status.status.value in TERMINAL:
            result = await service.result_view(state, user_id, task_id)
            return JSONResponse(result.model_dump(mode="json"), status_code=200)
        await asyncio.sleep(POLL_S)
    return None


@router.post("/image", status_code=202, summary="Edit the seller's photo by prompt (or generate)",
             responses={200: {"model": TaskResultView}, 503: {"description": "broker down"}})
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
    pending = await service.events_since(state, user_id, task_id, last_event_id)  # 404 first

    async def ended(after: int) -> bool:
        """The task is over and nothing follows ``after`` (a Last-Event-ID past its last
        event): stop, instead of sending keep-alives forever."""
        status = await service.status_view(state, user_id, task_id)
        return status.status.value in TERMINAL and not await service.events_since(
            state, user_id, task_id, after)

    async def stream() -> AsyncIterator[str]:
        nonlocal pending
        after, idle = last_event_id, 0.0
        yield "retry: 1000\n\n"
        if not pending and await ended(after):
            return
        while True:
            for event in pending:
                after, idle = event.event_id, 0.0
                yield f"id: {event.event_id}\nevent: status\ndata: {event.model_dump_json()}\n\n"
                if event.status.value in TERMINAL:
                    return
            if await request.is_disconnected():
                return
            idle += POLL_S
            if idle >= 15:
                idle = 0.0
                if await ended(after):
                    return
                yield ": keep-alive\n\n"
            await asyncio.sleep(POLL_S)
            try:
                pending = await service.events_since(state, user_id, task_id, after)
            except NotFound:
                return

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


@router.post("/message", status_code=201, summary="Publish a raw JSON message to a topic")
async def publish_message(body: RawMessage, state: State, user_id: UserId) -> MessagePublished:
    known = {state.settings.topic(t.name) for t in ALL_TOPICS}
    if body.topic not in known:
        return JSONResponse(
            {"detail": [{"loc": ["body", "topic"], "type": "value_error",
                         "msg": f"unknown topic; one of: {', '.join(sorted(known))}"}]},
            status_code=422)
    delivery = await state.publisher.send(
        body.topic, json.dumps(body.value, ensure_ascii=False).encode("utf-8"), key=body.key,
        headers={"x-user-id": user_id})
    return MessagePublished(topic=delivery.topic, partition=delivery.partition,
                            offset=delivery.offset)
