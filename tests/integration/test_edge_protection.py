"""The gateway bounds what a client can send and how much it can start."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.integration.conftest import running_stack
from tests.integration.support import sample

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def guarded(pg_admin_url, tmp_path_factory):
    env = {"PDP_RATE_LIMIT": "6/minute", "PDP_MAX_INFLIGHT_PER_USER": "3",
           "PDP_MAX_BODY_BYTES": "30000", "PDP_OFFLINE_LLM_LATENCY_MS": "3000",
           "PDP_CORS_ORIGINS": '["https://seller.example"]'}
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("guard"), env) as stack:
        yield stack


def _post(stack, user: str, body: dict | bytes) -> httpx.Response:
    kwargs = {"content": body, "headers": {"X-User-Id": user, "content-type": "application/json"}} \
        if isinstance(body, bytes) else {"json": body, "headers": {"X-User-Id": user}}
    return httpx.post(f"{stack.url}/api/generation/display-list", timeout=30, **kwargs)


def test_in_flight_bound_per_user_then_rate_limit(guarded):
    answers = [_post(guarded, "busy-seller", sample("cream")) for _ in range(4)]
    assert [a.status_code for a in answers[:3]] == [202, 202, 202]
    assert answers[3].status_code == 429
    assert "already in progress" in answers[3].json()["detail"]
    assert int(answers[3].headers["retry-after"]) > 0
    # Another seller is not affected by the first one's backlog.
    assert _post(guarded, "other-seller", sample("cream")).status_code == 202
    codes = [_post(guarded, "busy-seller", sample("cream")).status_code for _ in range(4)]
    assert codes[-1] == 429  # 6 requests per minute per user, whatever their outcome


def test_oversized_bodies_get_413_whether_declared_or_streamed(guarded):
    huge = b'{"product_data": "' + b"x" * 40_000 + b'"}'
    assert _post(guarded, "big-seller", huge).status_code == 413

    def chunks():
        yield huge[:20_000]
        yield huge[20_000:]

    streamed = httpx.post(f"{guarded.url}/api/generation/display-list", content=chunks(),
                          headers={"X-User-Id": "big-seller", "content-type": "application/json"})
    assert streamed.status_code == 413


def test_security_headers_and_cors_allowlist(guarded):
    response = httpx.get(f"{guarded.url}/api/generation/actuator/health")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    preflight = {"Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type,x-user-id"}
    allowed = httpx.options(f"{guarded.url}/api/generation/display-list",
                            headers={"Origin": "https://seller.example", **preflight})
    assert allowed.headers.get("access-control-allow-origin") == "https://seller.example"
    refused = httpx.options(f"{guarded.url}/api/generation/display-list",
                            headers={"Origin": "https://evil.example", **preflight})
    assert "access-control-allow-origin" not in refused.headers


def test_a_simultaneous_burst_is_held_to_the_in_flight_bound_exactly(guarded):
    """Requests arriving together are recorded in shared batches (gateway/intake.py): the
    bound must still hold exactly, and every accepted task must be stored with its history."""
    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=guarded.url, timeout=30) as client:
            return await asyncio.gather(*(
                client.post("/api/generation/display-list?force=true", json=sample("cream"),
                            headers={"X-User-Id": f"burst-{n % 2}"}) for n in range(12)))

    answers = asyncio.run(burst())
    by_user: dict[str, list[int]] = {}
    for n, answer in enumerate(answers):
        by_user.setdefault(f"burst-{n % 2}", []).append(answer.status_code)
    # 6 requests each: 3 accepted (the in-flight bound), 3 refused; none lost to an error.
    assert {user: sorted(codes) for user, codes in by_user.items()} == {
        "burst-0": [202] * 3 + [429] * 3, "burst-1": [202] * 3 + [429] * 3}
    accepted = [a.json()["task_id"] for a in answers if a.status_code == 202]
    assert len(set(accepted)) == 6
    for n, task_id in enumerate(accepted):
        user = next(f"burst-{i % 2}" for i, a in enumerate(answers)
                    if a.status_code == 202 and a.json()["task_id"] == task_id)
        status = httpx.get(f"{guarded.url}/api/generation/generation/status/{task_id}",
                           headers={"X-User-Id": user}, timeout=30)
        assert status.status_code == 200 and status.json()["status"] in ("pending", "processing")
        with httpx.stream("GET", f"{guarded.url}/api/generation/generation/events/{task_id}",
                          headers={"X-User-Id": user}, timeout=30) as events:
            first = next(line for line in events.iter_lines() if line.startswith("data:"))
        assert '"pending"' in first  # the history row written with the task
