"""Outputs that tell the truth about themselves, through the real SDKs against the fake AI
server (devtools/fakeai) and the whole pipeline in real processes:

* the image API answering 429 gives a page with placeholder images *and* a Korean warning
  per placeholder; the breaker (open after it) half-opens after its cool-down, one probe
  finds the API back, and the next page gets real images — its state on /metrics;
* a malformed model answer fails the task with one short Korean sentence, the parser's
  output kept in the dead letter and the worker log (with the task's trace id);
* `pdp consume results` prints envelopes, `--bare` the events as published.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from devtools.fakeai.server import FakeAIServer
from tests.integration.conftest import running_stack
from tests.integration.support import read_topic, sample, wait_done, wait_until

pytestmark = pytest.mark.integration
RESET_S = 4.0
# The breaker settings apply to both providers: a generous deadline keeps a chat call slowed
# by a loaded machine from counting as a failure (only the scripted 429s should open one).
ENV = {"PDP_PROVIDER_MAX_ATTEMPTS": "2", "PDP_PROVIDER_BACKOFF_S": "0.05",
       "PDP_PROVIDER_DEADLINE_S": "60", "PDP_OPENAI_TIMEOUT_S": "60",
       "PDP_PROVIDER_BREAKER_THRESHOLD": "2", "PDP_PROVIDER_BREAKER_RESET_S": str(RESET_S),
       "PDP_GROUNDING_ACTION": "warn", "PDP_RETRY_BACKOFF_S": "0.1"}


@pytest.fixture(scope="module")
def stack(pg_admin_url, tmp_path_factory, fake):
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("honest"),
                       env=fake.env() | ENV) as running:
        yield running


@pytest.fixture
def client(stack, fake) -> Iterator[httpx.Client]:
    fake.set_rules([])
    with httpx.Client(base_url=stack.url, headers={"X-User-Id": "seller-h"}, timeout=30) as c:
        yield c
    fake.set_rules([])


def _run(client: httpx.Client, body: dict) -> dict:
    task_id = client.post("/api/generation/display-list?force=true", json=body).json()["task_id"]
    wait_done(client, [task_id], 120)
    return client.get(f"/api/generation/generation/result/{task_id}").json()


def _breaker(stack, provider: str) -> float | None:
    try:
        text = httpx.get(stack.worker_procs[0].metrics_url, timeout=5).text
    except httpx.TransportError:
        return None  # the worker is still starting
    found = re.search(rf'^pdp_provider_breaker_state{{provider="{provider}"}} (\S+)$', text,
                      re.MULTILINE)
    return float(found.group(1)) if found else None


def _provider_log(stack) -> list[str]:
    """The worker's provider lines, to show why a call failed when a test did."""
    text = (stack.log_dir / "worker-0.log").read_text(errors="replace")
    return [line[:300] for line in text.splitlines()
            if "attempt" in line or "gave up" in line or "circuit" in line][-20:]


def _image_calls(fake: FakeAIServer, since: float, action: str) -> int:
    return sum(1 for c in fake.script.calls
               if c["t"] >= since and c["api"] == "images" and c["action"] == action)


def test_placeholder_images_are_warned_and_the_breaker_probes_its_way_back(stack, client, fake):
    # Exported from the worker's start (closed), before any image was asked for.
    wait_until(lambda: _breaker(stack, "together") == 0, 30, what="the breaker gauge")
    fake.set_rules([{"api": "images", "action": "status", "status": 429, "retry_after": 0.05}])
    started = time.time()
    first = _run(client, sample("tumbler"))
    assert first["status"] == "completed", (first, _provider_log(stack))  # still completes
    page = first["result"]
    placeholders = [w for w in page["warnings"] if w["code"] == "image_placeholder"]
    print("warnings with the image API at 429:", *placeholders, sep="\n  ")
    assert len(placeholders) == len(page["images"]) >= 2  # one warning per placeholder slot
    for warning in placeholders:
        assert "임시 이미지로 대신했습니다" in warning["message"]
        assert re.match(r"^\d+번 이미지\(", warning["message"])  # which slot
        for internal in ("http", "Error", "together", "RateLimit"):
            assert internal not in warning["message"]
    # Why, in the seller's words: the 429 itself, or the breaker it opened.
    assert all("요청 한도 초과" in w["message"] or "연속으로 실패" in w["message"]
               for w in placeholders)
    assert all(i["mime"] == "image/svg+xml" for i in page["images"])  # drawn locally
    refused = _image_calls(fake, started, "status")
    assert refused == 2  # threshold 2: then the breaker answered, not the API
    assert _breaker(stack, "together") in (1, 2)  # open (half-open if the page took > reset)

    fake.set_rules([])  # the API is healthy again
    wait_until(lambda: _breaker(stack, "together") == 1, RESET_S + 10,
               what="the breaker to half-open after its cool-down")
    recovered_at = time.time()
    second = _run(client, sample("tumbler") | {"product_data": sample("tumbler")["product_data"]
                                                + "\n색상: 미드나잇 블루"})
    assert second["status"] == "completed", second
    page = second["result"]
    assert not [w for w in page["warnings"] if w["code"] == "image_placeholder"], page["warnings"]
    assert all(i["mime"] == "image/png" for i in page["images"])  # the provider's images
    assert _image_calls(fake, recovered_at, "default") == len(page["images"])
    assert _breaker(stack, "together") == 0  # the probe closed it
    log = (stack.log_dir / "worker-0.log").read_text(errors="replace")
    assert "circuit breaker closed" in log
    print(f"429 page: {len(placeholders)} placeholders warned, {refused} API calls; "
          f"after recovery: {len(page['images'])} real images, breaker closed")


def test_a_malformed_model_answer_fails_with_a_short_korean_sentence(stack, client, fake):
    fake.set_rules([{"api": "chat", "schema_name": "PlanDraft", "contains": "ZXBROKEN",
                     "action": "malformed"}])
    body = sample("granola")
    body["product_data"] = "ZXBROKEN " + body["product_data"]
    accepted = client.post("/api/generation/display-list?force=true", json=body)
    task_id, trace_id = accepted.json()["task_id"], accepted.headers["x-trace-id"]
    status = wait_done(client, [task_id], 90)[task_id]
    result = client.get(f"/api/generation/generation/result/{task_id}").json()
    print("seller sees:", result["error"])
    assert status["status"] == result["status"] == "failed"
    error = result["error"]
    assert error == status["error"] and "형식이 올바르지 않습니다" in error
    for internal in ("pydantic", "input_value", "http", "PlanDraft", "json", "Error"):
        assert internal not in error, internal
    assert not re.search(r"[A-Za-z]{3,}", error)  # no English internals at all ("AI" is fine)
    assert len(error) <= 120 and "\n" not in error

    def letter() -> dict | None:
        for _, value, _ in read_topic(stack.bootstrap, "pdp.dlq"):
            found = json.loads(value)
            if found.get("task_id") == task_id:
                return found
        return None
    dead = wait_until(letter, 30, interval=1, what="the task's dead letter")
    print("dead letter keeps:", dead["error"][:300])
    assert "MalformedOutput" in dead["error"] and "plan: " in dead["error"]  # kept for ops
    assert re.search(r"validation error|Invalid JSON|EOF", dead["error"])
    lines = [json.loads(line) for line in (stack.log_dir / "worker-0.log").read_text(
        errors="replace").splitlines() if line.startswith("{")]
    logged = [r for r in lines
              if r.get("task_id") == task_id and "MalformedOutput" in r.get("message", "")]
    assert logged and all(r.get("trace_id") == trace_id for r in logged)


def test_consume_prints_envelopes_and_bare_events(stack, client):
    done = _run(client, sample("cream"))
    assert done["status"] == "completed"
    env = {"KAFKA_BOOTSTRAP_SERVERS": stack.bootstrap, "PATH": "/usr/bin:/bin",
           "PDP_HOME": str(stack.home)}

    def consume(*flags: str) -> list[dict]:
        out = subprocess.run([sys.executable, "-m", "pdp", "consume", "results",
                              "--from-beginning", "--timeout", "5", *flags], env=env,
                             capture_output=True, text=True, timeout=90, check=True).stdout
        return [json.loads(line) for line in out.splitlines() if line.strip()]
    wrapped, bare = consume(), consume("--bare")
    assert wrapped and len(wrapped) == len(bare)
    for envelope in wrapped:
        assert set(envelope) >= {"topic", "partition", "offset", "key", "value"}
        assert envelope["key"] == envelope["value"]["task_id"]
    for event in bare:
        assert "topic" not in event and event["dedupe_key"] == f"page:{event['task_id']}"

    def same_order(events: list[dict]) -> list[str]:  # partitions interleave per read
        return sorted(json.dumps(e, sort_keys=True, ensure_ascii=False) for e in events)
    # --bare: exactly the events the envelopes carry, as published
    assert same_order([e["value"] for e in wrapped]) == same_order(bare)
    assert done["task_id"] in {e["task_id"] for e in bare}


def test_english_asked_of_a_model_that_writes_korean_gives_lang_ko_page_and_export(
        stack, client):
    """The fake model answers in the seller's Korean words even when asked for English: the
    page and its export say lang="ko" (what the text is), and the seller is told."""
    body = sample("cream") | {"controls": {"language": "en"}}
    done = _run(client, body)
    assert done["status"] == "completed", done
    page = done["result"]
    assert '<div class="pdp-page" lang="ko">' in page["html"]
    assert page["quality"]["language"] == "ko"
    told = [w for w in page["warnings"] if w["code"] == "language_mismatch"]
    print("language warning:", told)
    assert told and "영어 페이지를 요청했지만" in told[0]["message"]
    exported = client.get(f"/api/product-details/{page['page_id']}/export",
                          params={"format": "html"})
    assert exported.status_code == 200 and '<html lang="ko">' in exported.text
