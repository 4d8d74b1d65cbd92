"""The fan-out of task notifications to open streams (infra/db/task_listener.py), without a
database: wake-ups reach exactly the task's subscribers, stay bounded, and a stream that
goes away — closed or merely dropped — leaves nothing behind."""

from __future__ import annotations

import asyncio
import gc

import pytest
from pydantic import ValidationError

from infra.db.task_listener import WAKE_QUEUE, TaskListener
from infra.settings import Settings


def listener() -> TaskListener:
    return TaskListener("postgresql://nobody@127.0.0.1:1/none")  # never started here


def test_a_notification_wakes_every_stream_of_its_task_and_no_other():
    async def run() -> None:
        hub = listener()
        a1, a2, b = hub.subscribe("task-a"), hub.subscribe("task-a"), hub.subscribe("task-b")
        hub.notify("task-a")
        assert await a1.wait(1) == "notify" and await a2.wait(1) == "notify"
        assert await b.wait(0.05) is None
        hub.wake_all("reconnect")
        assert {await s.wait(1) for s in (a1, a2, b)} == {"reconnect"}
    asyncio.run(run())


def test_wake_ups_coalesce_so_a_slow_stream_holds_one_at_most():
    async def run() -> None:
        hub = listener()
        sub = hub.subscribe("task-a")
        for _ in range(10_000):
            hub.notify("task-a")
        assert sub.queue.qsize() == WAKE_QUEUE == 1
        assert await sub.wait(1) == "notify" and await sub.wait(0.05) is None
    asyncio.run(run())


def test_closed_and_dropped_streams_leave_no_subscription():
    async def run() -> None:
        hub = listener()
        with hub.subscribe("task-a"):
            assert hub.subscriber_count() == 1
        assert hub.subscriber_count() == 0 and hub.task_count() == 0
        # A stream whose generator never ran (the client left before the first byte) is not
        # closed by anyone: the registry must not keep it alive.
        hub.subscribe("task-b")
        gc.collect()
        assert hub.subscriber_count() == 0 and hub.task_count() == 0
        hub.notify("task-b")  # nothing to wake, nothing raised
        kept = [hub.subscribe(f"task-{i % 7}") for i in range(200)]
        assert hub.subscriber_count() == 200 and hub.task_count() == 7
        for sub in kept:
            sub.close()
            sub.close()  # twice is harmless
        assert hub.subscriber_count() == 0 and hub.task_count() == 0
    asyncio.run(run())


def test_the_stream_source_is_push_unless_set_and_a_typo_is_refused(monkeypatch):
    assert Settings().sse_source == "push" and Settings().sse_recheck_s == 15.0
    monkeypatch.setenv("PDP_SSE_SOURCE", "poll")
    assert Settings().sse_source == "poll"
    monkeypatch.setenv("PDP_SSE_SOURCE", "pol")
    with pytest.raises(ValidationError, match="sse_source"):
        Settings()
    monkeypatch.setenv("PDP_SSE_SOURCE", "push")
    monkeypatch.setenv("PDP_SSE_RECHECK_S", "0")
    with pytest.raises(ValidationError, match="sse_recheck_s"):
        Settings()
