"""A gateway without a browser hands slice exports to the slices service (the k8s
`pdp-slices` Deployment): the seller gets the same ZIP through it, the slices pod checks
ownership itself, and a slices service that is down is a 503 with Retry-After, not a 500."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import zipfile

import httpx
import pytest

from tests.integration.support import sample, wait_until

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _gateway(stack, **env: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "pdp", "gateway", "--port", str(port)],
                            env={**stack.env(), **env}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return httpx.get(url + "/api/generation/actuator/health").is_success
        except httpx.TransportError:
            return False
    wait_until(up, 30, what="the browserless gateway")
    return proc, url


def test_browserless_gateway_forwards_slice_exports(stack):
    seller = {"X-User-Id": "slices-seller"}
    made = httpx.post(stack.url + "/api/generation/display-list", json=sample("earbuds"),
                      params={"wait": 90}, headers=seller, timeout=120)
    assert made.status_code == 200, made.text
    page_id = made.json()["result"]["page_id"]
    # No browser here: had this gateway rendered the slices itself, the export would fail.
    proc, front = _gateway(stack, PDP_SLICE_SERVICE_URL=stack.url,
                           PDP_CHROMIUM_PATH="/nonexistent/chromium")
    dead, broken = _gateway(stack, PDP_SLICE_SERVICE_URL=f"http://127.0.0.1:{_free_port()}")
    try:
        export = f"/api/product-details/{page_id}/export"
        params = {"format": "slices", "max_height": 1200}
        answer = httpx.get(front + export, params=params, headers=seller, timeout=120)
        assert answer.status_code == 200, answer.text
        names = zipfile.ZipFile(io.BytesIO(answer.content)).namelist()
        assert len(names) == int(answer.headers["X-Slices"]) >= 2
        disposition = answer.headers["content-disposition"]
        assert "slices" in disposition and disposition.endswith('.zip"'), disposition
        # Another seller's page is still missing, on the front gateway and behind it.
        other = httpx.get(front + export, params=params, headers={"X-User-Id": "someone-else"},
                          timeout=60)
        assert other.status_code == 404
        down = httpx.get(broken + export, params=params, headers=seller, timeout=60)
        assert down.status_code == 503 and down.headers["Retry-After"] == "5", down.text
        # Formats that need no browser are answered by the front gateway itself.
        html = httpx.get(broken + export, params={"format": "html"}, headers=seller, timeout=60)
        assert html.status_code == 200 and "<html" in html.text
    finally:
        for p in (proc, dead):
            p.terminate()
            p.wait(10)
