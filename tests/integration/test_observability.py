"""What ops see while real pages run: /metrics on the gateway and the worker, one trace id
from the gateway through every stage's logs, and consumer lag that rises while the worker is
stopped and falls back to 0 when it resumes (read from the broker by the gateway, never from
the worker)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from devtools.embedded.stack import Stack
from tests.integration.conftest import running_stack
from tests.integration.support import sample, send_raw, wait_done, wait_until

pytestmark = pytest.mark.integration
STAGES = {"plan", "fanout", "block", "image", "assemble"}
GROUP = "pdp-worker"


@pytest.fixture(scope="module")
def obs_stack(pg_admin_url, tmp_path_factory) -> Iterator[Stack]:
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("obs"),
                       {"PDP_LAG_INTERVAL_S": "1"}) as stack:
        yield stack


def scrape(url: str) -> dict[tuple[str, frozenset], float]:
    """name + labels → value, for every sample of a /metrics page."""
    text = httpx.get(url, timeout=10).text
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(samples: dict, name: str, **labels: str) -> float:
    """Sum of the samples named ``name`` whose labels include ``labels``."""
    want = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and want <= ls)


def json_lines(path) -> list[dict]:
    records = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            records.append(record)
    return records


def test_metrics_and_one_trace_id_through_every_stage(obs_stack: Stack):
    stack = obs_stack
    with httpx.Client(base_url=stack.url, headers={"X-User-Id": "seller-o"}, timeout=30) as c:
        responses = [c.post("/api/generation/display-list", json=sample(name))
                     for name in ("cream", "tumbler", "earbuds")]
        assert [r.status_code for r in responses] == [202, 202, 202]
        ids = [r.json()["task_id"] for r in responses]
        done = wait_done(c, ids, 90)
    assert {s["status"] for s in done.values()} == {"completed"}

    gateway = scrape(f"{stack.url}/metrics")
    assert value(gateway, "pdp_http_request_duration_seconds_count", method="POST",
                 route="/api/generation/display-list", status="202") >= 3
    # task ids never become label values: status polls share their route template
    assert value(gateway, "pdp_http_request_duration_seconds_count",
                 route="/api/generation/generation/status/{task_id}", status="200") >= 3
    assert value(gateway, "pdp_tasks_total", status="accepted") >= 3

    worker = scrape(stack.worker_procs[0].metrics_url)
    # The loop beats every second; on a loaded machine one reading can be a few seconds old,
    # so the test asks that the heartbeat is seen fresh within 10 s, i.e. that it moves.
    ages = []
    for _ in range(20):
        health = httpx.get(stack.worker_procs[0].metrics_url.replace("/metrics", "/healthz"))
        assert health.status_code == 200 and health.text.startswith("ok"), health.text
        ages.append(float(re.search(r"beat ([\d.]+) s ago", health.text).group(1)))
        if ages[-1] < 2:
            break
        time.sleep(0.5)
    assert ages[-1] < 2, f"the event-loop heartbeat is not moving: {ages}"
    for stage in STAGES | {"persist"}:
        assert value(worker, "pdp_stage_duration_seconds_count", stage=stage) >= 3, stage
    assert value(worker, "pdp_tasks_total", status="completed") >= 3
    assert value(worker, "pdp_provider_calls_total", operation="plan") >= 3
    assert value(worker, "pdp_provider_calls_total", operation="block") >= 3
    assert ("pdp_dead_letters_total", frozenset({("stage", "block")})) in worker
    # a poison message shows up as a dead letter of its stage
    send_raw(stack.bootstrap, [("pdp.requests", b"poison", b'{"nonsense": 1}', [])])
    wait_until(lambda: value(scrape(stack.worker_procs[0].metrics_url),
                             "pdp_dead_letters_total", stage="plan") >= 1, 30,
               what="a dead letter counted for the plan stage")
    assert ("pdp_stage_inflight_messages", frozenset({("stage", "image")})) in worker
    print("worker stage counts:", {s: value(worker, "pdp_stage_duration_seconds_count", stage=s)
                                   for s in sorted(STAGES | {"persist"})})

    # The gateway's trace id (X-Trace-Id) is in the log line of every stage of that task.
    trace_id, task_id = responses[0].headers["x-trace-id"], ids[0]
    assert len(trace_id) == 32
    gateway_log = json_lines(stack.log_dir / "gateway.log")
    assert any(r.get("trace_id") == trace_id and r.get("task_id") == task_id
               for r in gateway_log), "gateway did not log the accepted task with its trace"
    worker_log = json_lines(stack.log_dir / "worker-0.log")
    traced = [r for r in worker_log if r.get("trace_id") == trace_id]
    assert {r.get("stage") for r in traced} >= STAGES, {r.get("stage") for r in traced}
    assert {r.get("task_id") for r in traced} == {task_id}
    others = {r.get("trace_id") for r in worker_log if r.get("task_id") == ids[1]}
    assert trace_id not in others and len(others - {None}) == 1  # one trace per request


def test_lag_rises_while_the_worker_is_stopped_and_returns_to_zero(obs_stack: Stack):
    stack = obs_stack
    metrics_url = f"{stack.url}/metrics"

    def sum_lag() -> float:
        return value(scrape(metrics_url), "kafka_consumergroup_group_sum_lag", group=GROUP)

    # Only a lag sample taken from now on counts: an older one may predate the previous
    # test's last message, whose offset the worker may not have committed yet.
    since = time.time()

    def settled() -> bool:
        samples = scrape(metrics_url)
        return (value(samples, "pdp_lag_last_update_timestamp_seconds") > since
                and value(samples, "kafka_consumergroup_group_sum_lag", group=GROUP) == 0)

    wait_until(settled, 60, what="no lag before the test")
    worker = stack.worker_procs[0]
    worker.send_signal(signal.SIGSTOP)
    try:
        with httpx.Client(base_url=stack.url, headers={"X-User-Id": "seller-l"}, timeout=30) as c:
            ids = [c.post("/api/generation/display-list", json=sample("granola")).json()["task_id"]
                   for _ in range(3)]
            wait_until(lambda: sum_lag() >= 3, 30, what="lag >= 3 while the worker is stopped")
            requests_lag = value(scrape(metrics_url), "kafka_consumergroup_group_lag",
                                 group=GROUP, topic="pdp.requests")
            print(f"lag while stopped: pdp.requests={requests_lag:.0f} total={sum_lag():.0f}")
            assert requests_lag == 3
            table = _pdp_lag(stack)
            assert "pdp.requests" in table and "total" in table
            totals = [re.findall(r"\d+", line) for line in table.splitlines() if "total" in line]
            assert totals == [["3"]], table
        finally_resumed = True
    finally:
        worker.send_signal(signal.SIGCONT)
    assert finally_resumed
    with httpx.Client(base_url=stack.url, headers={"X-User-Id": "seller-l"}, timeout=30) as c:
        done = wait_done(c, ids, 120)
    assert {s["status"] for s in done.values()} == {"completed"}
    wait_until(lambda: sum_lag() == 0, 60, what="lag back to 0 after the worker resumed")


def _pdp_lag(stack: Stack) -> str:
    """`pdp lag` as an operator runs it, against the stack's broker."""
    env = dict(os.environ, KAFKA_BOOTSTRAP_SERVERS=stack.bootstrap, COLUMNS="160")
    out = subprocess.run([sys.executable, "-m", "pdp", "lag"], env=env, capture_output=True,
                         text=True, timeout=60, check=True).stdout
    print(out)
    return out
