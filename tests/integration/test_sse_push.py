"""Task progress streams fed by PostgreSQL notifications (infra/db/task_listener.py), over
the real stack. The safety re-check is set to ten minutes here, so every event that arrives
within seconds was pushed: with polling gone, a broken push would stall these streams."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from datetime import datetime

import httpx
import pytest
from sqlalchemy.engine import make_url

from tests.integration.conftest import running_stack
from tests.integration.support import execute, query, sample, wait_until

pytestmark = pytest.mark.integration
USER = {"X-User-Id": "seller-1"}
# Calls slow enough that a page takes seconds: streams are open while it progresses.
ENV = {"PDP_SSE_RECHECK_S": "600", "PDP_OFFLINE_LLM_LATENCY_MS": "400",
       "PDP_OFFLINE_IMAGE_LATENCY_MS": "900", "PDP_RATE_LIMIT": "100000/minute",
       "PDP_OFFLINE_SLOW_PRODUCTS": "느린표본", "PDP_OFFLINE_SLOW_MS": "6000"}


@pytest.fixture(scope="module")
def push_stack(pg_admin_url, tmp_path_factory):
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("sse-push"), ENV) as stack:
        yield stack


def _events_url(task_id: str) -> str:
    return f"/api/generation/generation/events/{task_id}"


def _post(stack, name: str = "tumbler", **changes) -> str:
    response = httpx.post(f"{stack.url}/api/generation/display-list", params={"force": "true"},
                          json=sample(name) | changes, headers=USER, timeout=30)
    assert response.status_code == 202, response.text
    return response.json()["task_id"]


def _read(stack, task_id: str, on_event=lambda event: None, timeout: float = 60,
          headers: dict | None = None) -> list[tuple[float, dict]]:
    """(wall-clock receipt time, event) of every status event until the stream ends."""
    received = []
    with httpx.stream("GET", stack.url + _events_url(task_id), headers={**USER, **(headers or {})},
                      timeout=timeout) as response:
        assert response.status_code == 200
        for line in response.iter_lines():
            if line.startswith("data: "):
                event = json.loads(line[6:])
                received.append((time.time(), event))
                on_event(event)
    return received


def _gauge(stack, name: str) -> float:
    text = httpx.get(stack.url + "/metrics", timeout=10).text
    return float(next(line.split()[-1] for line in text.splitlines()
                      if line.startswith(name + " ")))


def _listeners(stack) -> list[int]:
    database = make_url(stack.database_url).database
    return [row[0] for row in query(stack.database_url, "SELECT pid FROM pg_stat_activity "
                                    "WHERE application_name = 'pdp-listen' AND datname = %s",
                                    (database,))]


def test_progress_is_pushed_as_it_is_recorded(push_stack):
    task_id = _post(push_stack)
    received = _read(push_stack, task_id)
    events = [event for _, event in received]
    assert events[-1]["status"] == "completed", events
    progress = [event["progress"] for event in events]
    assert progress == sorted(progress) and len(set(progress)) >= 4, progress
    # Every event reaches the stream within moments of its transaction, not at a re-check
    # (600 s): `at` is the row's time in PostgreSQL, on this same machine.
    delays = [at - datetime.fromisoformat(event["at"]).timestamp() for at, event in received]
    print("push delay per event (s):", [round(d, 3) for d in delays])
    assert max(delays) < 3.0, delays
    # Last-Event-ID still resumes after the given event.
    resumed = [event for _, event in _read(push_stack, task_id,
                                           headers={"Last-Event-ID": str(events[1]["event_id"])})]
    assert resumed == events[2:]
    assert len(_listeners(push_stack)) == 1  # one LISTEN connection for the whole gateway


def test_a_killed_listener_connection_reconnects_and_open_streams_continue(push_stack):
    before = _listeners(push_stack)
    assert len(before) == 1
    task_id = _post(push_stack, product_data="스테인리스 보온 텀블러 500ml, 진공 이중 구조")
    first = threading.Event()
    result: list = []

    def reader() -> None:
        result.extend(_read(push_stack, task_id, on_event=lambda e: first.set()))

    thread = threading.Thread(target=reader)
    thread.start()
    assert first.wait(30), "no first event"
    execute(push_stack.database_url, "SELECT pg_terminate_backend(%s)", (before[0],))
    thread.join(60)
    assert not thread.is_alive(), "the stream stalled after its listener was killed"
    assert result[-1][1]["status"] == "completed", [e for _, e in result]
    after = wait_until(lambda: _listeners(push_stack), 30, what="a new LISTEN connection")
    assert len(after) == 1 and after != before
    assert _gauge(push_stack, "pdp_task_listener_connects_total") >= 2
    assert _gauge(push_stack, "pdp_task_listener_connected") == 1
    # New work after the reconnect is pushed promptly again.
    started = time.monotonic()
    fresh = _read(push_stack, _post(push_stack, "earbuds"))
    assert fresh[-1][1]["status"] == "completed" and time.monotonic() - started < 60


def test_two_hundred_concurrent_streams_get_their_completion_and_leave_nothing(push_stack):
    tasks = [_post(push_stack, product_data=f"보온 텀블러 {n}호, 스테인리스, 500ml")
             for n in range(20)]
    streams = [task_id for task_id in tasks for _ in range(10)]  # many streams per task

    async def last_event(client: httpx.AsyncClient, task_id: str) -> dict:
        last: dict = {}
        async with client.stream("GET", _events_url(task_id)) as response:
            assert response.status_code == 200
            async for line in response.aiter_lines():
                if line.startswith("data: "):
                    last = json.loads(line[6:])
        return last

    async def run() -> list[dict]:
        limits = httpx.Limits(max_connections=len(streams) + 10)
        async with httpx.AsyncClient(base_url=push_stack.url, headers=USER, timeout=120,
                                     limits=limits) as client:
            return await asyncio.gather(*(last_event(client, t) for t in streams))

    started = time.monotonic()
    finals = asyncio.run(run())
    print(f"{len(streams)} streams over {len(tasks)} tasks ended in "
          f"{time.monotonic() - started:.1f} s")
    assert [f.get("status") for f in finals] == ["completed"] * len(streams)
    assert [f["task_id"] for f in finals] == streams
    wait_until(lambda: _gauge(push_stack, "pdp_sse_streams") == 0, 10,
               what="every stream's subscription to close")
    assert len(_listeners(push_stack)) == 1


def test_clients_that_leave_mid_stream_release_their_subscription(push_stack):
    # Its blocks take 6 s more (PDP_OFFLINE_SLOW_PRODUCTS): the task is still running when
    # the clients leave.
    task_id = _post(push_stack, product_data="느린표본 휴대용 미니 선풍기\n3단 풍속, USB-C 충전")
    clients = 30

    async def run() -> float:
        opened = asyncio.Barrier(clients + 1)
        leave = asyncio.Event()

        async def stream(client: httpx.AsyncClient) -> None:
            async with client.stream("GET", _events_url(task_id)) as response:
                lines = response.aiter_lines()  # kept: a dropped line iterator closes the stream
                async for line in lines:
                    if line.startswith("data: "):
                        break
                await opened.wait()
                await leave.wait()  # then closes the connection, the task still running

        async with httpx.AsyncClient(base_url=push_stack.url, headers=USER, timeout=30,
                                     limits=httpx.Limits(max_connections=clients + 5)) as c:
            readers = [asyncio.create_task(stream(c)) for _ in range(clients)]
            await opened.wait()
            gauge = await asyncio.to_thread(_gauge, push_stack, "pdp_sse_streams")
            leave.set()
            await asyncio.gather(*readers)
        return gauge

    assert asyncio.run(run()) == clients
    wait_until(lambda: _gauge(push_stack, "pdp_sse_streams") == 0, 10,
               what="the departed streams' subscriptions to close")
    status = httpx.get(f"{push_stack.url}/api/generation/generation/status/{task_id}",
                       headers=USER, timeout=10).json()
    assert status["status"] in ("pending", "processing"), "left before the task ended"


def test_waiting_for_the_result_is_woken_by_the_push_too(push_stack):
    """POST ?wait= waits on the same notifications (re-check at 600 s here)."""
    started = time.monotonic()
    response = httpx.post(f"{push_stack.url}/api/generation/display-list",
                          params={"wait": 60, "force": "true"}, json=sample("granola"),
                          headers=USER, timeout=90)
    elapsed = time.monotonic() - started
    assert response.status_code == 200 and response.json()["status"] == "completed", response.text
    assert elapsed < 30, elapsed
    wait_until(lambda: _gauge(push_stack, "pdp_sse_streams") == 0, 10,
               what="the waiter's subscription to close")


def test_the_listener_backs_off_while_unreachable_and_recovers_every_time(pg_admin_url):
    """The listener alone against the machine's PostgreSQL: killed three times in a row it
    comes back each time and wakes every subscriber on return; pointed at a port where
    nothing listens it keeps retrying, further apart, without giving up or raising."""
    from infra.db.task_listener import TaskListener

    async def run() -> None:
        states: list[bool] = []
        hub = TaskListener(pg_admin_url, backoff_s=0.05, max_backoff_s=0.4,
                           on_state=states.append)
        sub = hub.subscribe("task-x")
        await hub.start()
        try:
            for kill in range(3):
                assert await sub.wait(10) == "reconnect", f"no (re)connect before kill {kill}"
                pid = (await asyncio.to_thread(query, pg_admin_url, (
                    "SELECT pid FROM pg_stat_activity WHERE application_name = 'pdp-listen' "
                    "AND datname = current_database() ORDER BY backend_start DESC "
                    "LIMIT 1")))[0][0]
                await asyncio.to_thread(execute, pg_admin_url,
                                        "SELECT pg_terminate_backend(%s)", (pid,))
            assert await sub.wait(10) == "reconnect"
            await asyncio.to_thread(execute, pg_admin_url,
                                    "SELECT pg_notify('pdp_task_events', 'task-x')")
            assert await sub.wait(5) == "notify"
            assert hub.connects == 4 and states == [True, False] * 3 + [True]
        finally:
            await hub.stop()
        assert not hub.connected and states[-1] is False

        nowhere = TaskListener("postgresql://postgres@127.0.0.1:1/none", backoff_s=0.05,
                               max_backoff_s=0.2)
        await nowhere.start()
        await asyncio.sleep(1.0)
        assert nowhere.connects == 0 and not nowhere._task.done()  # still trying
        await nowhere.stop()

    asyncio.run(run())
