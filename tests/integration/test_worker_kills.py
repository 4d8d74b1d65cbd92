"""SIGKILL a worker during a burst of 50 pages, at each stage of the pipeline; and with two
workers, lose one for good. Every accepted page completes, once."""

from __future__ import annotations

import signal
import time

import httpx
import pytest

from tests.integration.conftest import running_stack
from tests.integration.support import query, sample, wait_done, wait_until

pytestmark = pytest.mark.integration
NAMES = ["tumbler", "cream", "earbuds", "granola", "linen_shirt", "camping_chair"]
LATENCY = {"PDP_OFFLINE_LLM_LATENCY_MS": "300", "PDP_OFFLINE_IMAGE_LATENCY_MS": "300"}

# When to pull the trigger: the first moment a task reaches each stage.
STAGES = {
    "plan": "SELECT count(*) FROM tasks WHERE user_id = %s AND stage = 'planning'",
    "parts": "SELECT count(*) FROM task_parts p JOIN tasks t ON t.id = p.task_id "
             "WHERE t.user_id = %s",
    "assemble": "SELECT count(*) FROM tasks WHERE user_id = %s AND page_id IS NOT NULL",
}


def _counts(stack, ids: list[str]) -> dict[str, int]:
    rows = query(stack.database_url, "SELECT t.status, count(d.id) FROM tasks t LEFT JOIN "
                 "product_details d ON d.task_id = t.id WHERE t.id = ANY(%s) "
                 "GROUP BY t.id, t.status", (ids,))
    return {"accepted": len(ids), "completed": sum(1 for s, _ in rows if s == "completed"),
            "stored": sum(n for _, n in rows), "duplicates": sum(1 for _, n in rows if n > 1)}


@pytest.fixture(scope="module")
def kill_stack(pg_admin_url, tmp_path_factory):
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("kills"), LATENCY) as stack:
        yield stack


@pytest.mark.parametrize("stage", list(STAGES))
def test_sigkill_during_a_burst_of_50_at_each_stage(kill_stack, stage):
    user = f"seller-kill-{stage}"
    with httpx.Client(base_url=kill_stack.url, headers={"X-User-Id": user}, timeout=30) as client:
        ids = [client.post("/api/generation/display-list?force=true", json=sample(NAMES[i % 6])).json()["task_id"]
               for i in range(50)]
        wait_until(lambda: query(kill_stack.database_url, STAGES[stage], (user,))[0][0] > 0, 90,
                   interval=0.05, what=f"the first task to reach {stage}")
        victim = kill_stack.worker_procs[-1]
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        unfinished = query(kill_stack.database_url, "SELECT count(*) FROM tasks WHERE "
                           "id = ANY(%s) AND status <> 'completed'", (ids,))[0][0]
        kill_stack.spawn_worker()
        done = wait_done(client, ids, 240)
    counts = _counts(kill_stack, ids)
    print(f"kill at {stage} ({unfinished} unfinished at the kill): {counts}")
    assert unfinished > 0
    assert all(s["status"] == "completed" for s in done.values())
    assert counts == {"accepted": 50, "completed": 50, "stored": 50, "duplicates": 0}


def test_two_workers_one_killed_for_good_the_other_finishes_everything(pg_admin_url, tmp_path):
    with running_stack(pg_admin_url, tmp_path, LATENCY, workers=2) as stack, \
            httpx.Client(base_url=stack.url, headers={"X-User-Id": "seller-2w"}, timeout=30) as c:
        warm = c.post("/api/generation/display-list?wait=60", json=sample("cream"))
        assert warm.status_code == 200  # both workers have joined and split the partitions
        ids = [c.post("/api/generation/display-list?force=true", json=sample(NAMES[i % 6])).json()["task_id"]
               for i in range(20)]
        wait_until(lambda: query(stack.database_url, STAGES["parts"], ("seller-2w",))[0][0] > 2,
                   60, interval=0.05, what="work under way")
        stack.worker_procs[0].send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
        done = wait_done(c, ids, 180)
        counts = _counts(stack, ids)
        print(f"one of two workers killed: survivors finished in "
              f"{time.monotonic() - killed_at:.1f} s: {counts}")
        assert all(s["status"] == "completed" for s in done.values())
        assert counts == {"accepted": 20, "completed": 20, "stored": 20, "duplicates": 0}


def test_slow_head_of_partition_survives_a_kill_after_later_messages_commit(pg_admin_url,
                                                                            tmp_path):
    """faust-streaming #606: with agent concurrency > 1 an offset can be committed past a
    message still in flight. A slow block sits in flight while many fast ones after it finish
    and commit; then the worker dies. The slow page must still complete, exactly once."""
    env = {"PDP_OFFLINE_SLOW_PRODUCTS": "느린상품", "PDP_OFFLINE_SLOW_MS": "12000",
           "PDP_REDRIVE_AFTER_S": "20"}
    with running_stack(pg_admin_url, tmp_path, env) as stack, \
            httpx.Client(base_url=stack.url, headers={"X-User-Id": "seller-606"}, timeout=30) as c:
        assert c.post("/api/generation/display-list?wait=60&force=true",
                      json=sample("cream")).status_code == 200  # the worker has joined
        slow_body = {**sample("tumbler"), "product_data": "느린상품 " + sample("tumbler")["product_data"]}
        slow = c.post("/api/generation/display-list?force=true", json=slow_body).json()["task_id"]
        fast = [c.post("/api/generation/display-list?force=true", json=sample(NAMES[i % 6])).json()["task_id"]
                for i in range(30)]
        wait_done(c, fast, 90)  # every later message on every partition has been processed
        time.sleep(2)  # …and committed (commit interval 0.5 s)
        assert query(stack.database_url, "SELECT status FROM tasks WHERE id = %s", (slow,))[0][0] \
            == "processing", "the slow page should still be in flight at the kill"
        stack.worker_procs[0].send_signal(signal.SIGKILL)
        stack.worker_procs[0].wait()
        stack.spawn_worker()
        done = wait_done(c, [slow], 120)
        counts = _counts(stack, [slow, *fast])
        print(f"#606 drill: slow page {done[slow]['status']} after the kill; {counts}")
        assert done[slow]["status"] == "completed"
        assert counts == {"accepted": 31, "completed": 31, "stored": 31, "duplicates": 0}
