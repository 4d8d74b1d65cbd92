"""Crashes and outages: a SIGKILLed worker loses nothing and duplicates nothing; a gateway
that cannot reach Kafka never answers 202."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from devtools.embedded.broker import free_port, wait_for_port
from devtools.embedded.stack import prepare_database
from tests.integration.conftest import running_stack
from tests.integration.support import (
    create_database,
    drop_database,
    query,
    sample,
    wait_done,
    wait_until,
)

pytestmark = pytest.mark.integration


def test_sigkill_worker_with_20_pages_in_flight_loses_and_duplicates_nothing(
        pg_admin_url, tmp_path):
    # 300 ms per provider call keeps the 20 pages in flight when the kill lands.
    env = {"PDP_OFFLINE_LLM_LATENCY_MS": "300", "PDP_OFFLINE_IMAGE_LATENCY_MS": "300"}
    with running_stack(pg_admin_url, tmp_path, env) as stack, \
            httpx.Client(base_url=stack.url, headers={"X-User-Id": "seller-k"}, timeout=30) as client:
        names = ["tumbler", "cream", "earbuds", "granola", "linen_shirt"] * 4
        ids = [client.post("/api/generation/display-list?force=true", json=sample(n)).json()["task_id"]
               for n in names]
        # Kill once work has started but before it can have finished.
        wait_until(lambda: query(stack.database_url,
                                 "SELECT count(*) FROM task_parts")[0][0] > 0, 30,
                   what="the first finished part")
        stack.worker_procs[0].send_signal(signal.SIGKILL)
        stack.worker_procs[0].wait()
        in_flight = query(stack.database_url,
                          "SELECT count(*) FROM tasks WHERE status <> 'completed'")[0][0]
        print(f"killed the worker with {in_flight}/20 tasks unfinished")
        assert in_flight > 0
        restarted = time.monotonic()
        stack.spawn_worker()
        done = wait_done(client, ids, 120)
        print(f"all 20 finished {time.monotonic() - restarted:.1f} s after the restart")
        assert all(s["status"] == "completed" for s in done.values()), done
        pages = dict(query(stack.database_url,
                           "SELECT task_id, count(*) FROM product_details "
                           "WHERE task_id = ANY(%s) GROUP BY task_id", (ids,)))
        assert len(pages) == 20 and set(pages.values()) == {1}
        images = query(stack.database_url,
                       "SELECT product_detail_id, idx, count(*) FROM product_images "
                       "GROUP BY 1, 2 HAVING count(*) > 1")
        assert images == []
        stored = query(stack.database_url, "SELECT count(*) FROM product_details")[0][0]
        print(f"accepted=20 completed={len(done)} stored={stored} duplicates=0")


def test_gateway_without_broker_answers_503_and_keeps_no_pending_task(pg_admin_url, tmp_path):
    database_url = create_database(pg_admin_url)
    prepare_database(database_url)
    port = free_port()
    dead_broker = f"127.0.0.1:{free_port()}"  # nothing listens there
    env = dict(os.environ, DATABASE_URL=database_url, KAFKA_BOOTSTRAP_SERVERS=dead_broker,
               PDP_MEDIA_DIR=str(tmp_path / "media"), PDP_KAFKA_REQUEST_TIMEOUT_MS="1500")
    gateway = subprocess.Popen([sys.executable, "-m", "pdp", "gateway", "--port", str(port)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port("127.0.0.1", port, 30)
        base = f"http://127.0.0.1:{port}/api/generation"
        assert httpx.get(f"{base}/actuator/health").status_code == 200
        ready = httpx.get(f"{base}/actuator/ready", timeout=10)
        assert ready.status_code == 503 and ready.json()["components"]["kafka"] == "DOWN"
        response = httpx.post(f"{base}/display-list", json=sample("cream"),
                              headers={"X-User-Id": "seller-x"}, timeout=15)
        assert response.status_code == 503
        assert "메시지 브로커" in response.json()["detail"]  # a sentence, no internals
        assert "reason" not in response.json()
        assert response.headers["retry-after"]
        rows = query(database_url, "SELECT status, error FROM tasks")
        assert all(status == "failed" for status, _ in rows), rows
    finally:
        gateway.terminate()
        gateway.wait(10)
        drop_database(pg_admin_url, database_url)
