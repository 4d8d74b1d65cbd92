"""A task's progress as Server-Sent Events, from one of two sources (PDP_SSE_SOURCE).

* push (default): the stream reads the task's new events when PostgreSQL notifies that the
  task changed (``infra/db/task_listener.py``: one LISTEN connection per gateway, wake-ups
  fanned out to the task's streams), when the listener reconnects, and every
  ``sse_recheck_s`` in case a notification was lost. An idle stream costs no query.
* poll: the original loop, one read per open stream every 0.25 s — 4 transactions a second
  per stream whether anything happened or not. Kept for the benchmark's baseline
  (bench/sse.py) and for a database reachable only through a transaction-mode pooler.

Both send the same frames: ``retry``, then one ``status`` event per recorded change (``id``
is the event id, so a reconnect with Last-Event-ID resumes after it), a comment every 15 s
while idle, and the end of the stream once the task is completed or failed.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator

from fastapi import Request

from gateway import service
from gateway.errors import NotFound
from gateway.state import GatewayState
from infra.db.task_listener import Subscription
from schemas.api import TaskEventView

TERMINAL = ("completed", "failed")
POLL_S = 0.25
KEEPALIVE_S = 15.0
RETRY = "retry: 1000\n\n"
KEEPALIVE = ": keep-alive\n\n"


def frame(event: TaskEventView) -> str:
    return f"id: {event.event_id}\nevent: status\ndata: {event.model_dump_json()}\n\n"


async def opened(state: GatewayState, request: Request, user_id: str, task_id: str,
                 after: int) -> AsyncIterator[str]:
    """The stream of ``task_id`` after event ``after``. Raises NotFound (404) before any
    frame when the task is not this seller's."""
    if state.listener is None or state.settings.sse_source == "poll":
        pending = await service.events_since(state, user_id, task_id, after)  # 404 first
        return poll_stream(state, request, user_id, task_id, after, pending)
    # Subscribe before the first read: a change committed in between still wakes the stream.
    sub = state.listener.subscribe(task_id)
    try:
        pending, finished = await service.events_and_finished(state, user_id, task_id, after)
    except BaseException:
        sub.close()
        raise
    return push_stream(state, sub, user_id, after, pending, finished)


async def push_stream(state: GatewayState, sub: Subscription, user_id: str, after: int,
                      pending: list[TaskEventView], finished: bool) -> AsyncIterator[str]:
    """Reads only when woken. A client that goes away cancels the generator (Starlette
    listens for the disconnect), which closes the subscription."""
    recheck_s = state.settings.sse_recheck_s
    with sub:
        yield RETRY
        while True:
            for event in pending:
                after = event.event_id
                yield frame(event)
                if event.status.value in TERMINAL:
                    return
            if finished:  # ended and nothing follows ``after`` (a Last-Event-ID past its end)
                return
            now = time.monotonic()
            # Jittered: streams opened together (a gateway restart) do not re-read together.
            keepalive_at = now + KEEPALIVE_S
            recheck_at = now + recheck_s * random.uniform(0.8, 1.2)
            while await sub.wait(min(keepalive_at, recheck_at) - now) is None:
                now = time.monotonic()
                if now >= recheck_at:
                    break
                if now >= keepalive_at:
                    yield KEEPALIVE
                    keepalive_at = now + KEEPALIVE_S
            try:
                pending, finished = await service.events_and_finished(
                    state, user_id, sub.task_id, after)
            except NotFound:  # deleted meanwhile
                return


async def poll_stream(state: GatewayState, request: Request, user_id: str, task_id: str,
                      after: int, pending: list[TaskEventView]) -> AsyncIterator[str]:
    """The original polling loop, unchanged in its queries (the benchmark's baseline)."""

    async def ended(after: int) -> bool:
        """The task is over and nothing follows ``after`` (a Last-Event-ID past its last
        event): stop, instead of sending keep-alives forever."""
        status = await service.status_view(state, user_id, task_id)
        return status.status.value in TERMINAL and not await service.events_since(
            state, user_id, task_id, after)

    idle = 0.0
    yield RETRY
    if not pending and await ended(after):
        return
    while True:
        for event in pending:
            after, idle = event.event_id, 0.0
            yield frame(event)
            if event.status.value in TERMINAL:
                return
        if await request.is_disconnected():
            return
        idle += POLL_S
        if idle >= KEEPALIVE_S:
            idle = 0.0
            if await ended(after):
                return
            yield KEEPALIVE
        await asyncio.sleep(POLL_S)
        try:
            pending = await service.events_since(state, user_id, task_id, after)
        except NotFound:
            return
