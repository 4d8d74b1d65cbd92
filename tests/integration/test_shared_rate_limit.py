"""Two gateway replicas share one seller's request budget through Redis (the machine's Redis
on 127.0.0.1:6379): with per-process counters each replica would grant the full budget."""

from __future__ import annotations

import socket
import subprocess
import sys
import uuid

import httpx
import pytest

from tests.integration.conftest import running_stack
from tests.integration.support import sample, wait_until

pytestmark = pytest.mark.integration
REDIS = ("127.0.0.1", 6379)


def _redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379 (.ci/run starts it)")
def test_two_gateways_share_one_sellers_budget(pg_admin_url, tmp_path_factory):
    env = {"PDP_RATE_LIMIT": "6/minute", "PDP_RATE_LIMIT_STORAGE": "redis://127.0.0.1:6379"}
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("redis-rl"), env=env) as stack:
        port = _free_port()
        second = subprocess.Popen([sys.executable, "-m", "pdp", "gateway", "--port", str(port)],
                                  env={**stack.env(), **env}, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            other = f"http://127.0.0.1:{port}"
            def up() -> bool:
                try:
                    return httpx.get(other + "/api/generation/actuator/health").is_success
                except httpx.TransportError:
                    return False
            wait_until(up, 30, what="the second gateway")
            seller = f"rl-{uuid.uuid4().hex[:8]}"  # a fresh budget whatever Redis holds
            codes = []
            for n in range(10):
                body = sample("tumbler") | {"product_data": f"보온 텀블러 {n}호"}
                base = stack.url if n % 2 == 0 else other
                codes.append(httpx.post(base + "/api/generation/display-list", json=body,
                                        headers={"X-User-Id": seller}, timeout=30).status_code)
            print("status codes across two gateways:", codes)
            assert codes.count(202) == 6 and codes.count(429) == 4, codes
            # Another seller still has a budget of their own.
            assert httpx.post(other + "/api/generation/display-list", json=sample("cream"),
                              headers={"X-User-Id": seller + "-b"}, timeout=30).status_code == 202
        finally:
            second.terminate()
            second.wait(10)
