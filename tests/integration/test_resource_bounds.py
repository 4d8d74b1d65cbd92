"""Resource bombs against the real gateway process: image uploads that would decode to
~160 MB, too many heavy requests at once, a template preview that builds a 400 MB string,
and private URLs in every URL field. Each gets a clear 4xx, and the gateway keeps answering
with a small resident set (psutil on the gateway process)."""

from __future__ import annotations

import io
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from PIL import Image

from infra.slices import PageTooTall, render_slices
from tests.bombs import PeakRss, png_bomb
from tests.integration.conftest import running_stack

pytestmark = pytest.mark.integration
ADMIN = "bounds-admin"
ENV = {"PDP_RATE_LIMIT": "", "PDP_ADMIN_USER_IDS": ADMIN, "PDP_LAG_INTERVAL_S": "0",
       "PDP_FETCH_ALLOW_PRIVATE": "127.0.0.1/32", "PDP_BUSY_RETRY_AFTER_S": "3"}
UPLOAD = "/api/generation/upload-image"
TARGET_MIB = 200  # issue #14 target; measured peak here: ~104 MiB (idle ~99 MiB)


@pytest.fixture(scope="module")
def stack(pg_admin_url, tmp_path_factory):
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("bounds"), env=ENV,
                       workers=0) as running:
        yield running


def _alive(stack) -> bool:
    return httpx.get(stack.url + "/api/generation/actuator/health", timeout=5).status_code == 200


def _upload(client: httpx.Client, data: bytes) -> httpx.Response:
    return client.post(UPLOAD + "/file", files={"file": ("photo.png", data, "image/png")})


def test_four_concurrent_png_bombs_get_4xx_and_the_gateway_stays_small(stack, client):
    bomb = png_bomb(6300, 6300)  # 154 KB on the wire, ~160 MB decoded
    with PeakRss(stack.gateway_proc.pid) as rss, ThreadPoolExecutor(4) as pool:
        responses = list(pool.map(lambda _: _upload(client, bomb), range(4)))
    assert {r.status_code for r in responses} <= {413, 429}, [r.text for r in responses]
    refused = [r for r in responses if r.status_code == 413]
    assert refused and "6300x6300" in refused[0].json()["detail"]
    assert all(r.headers["Retry-After"] == "3" for r in responses if r.status_code == 429)
    assert _alive(stack)
    assert rss.peak_mib < TARGET_MIB, f"gateway peak RSS {rss.peak_mib:.0f} MiB"


def test_a_large_jpeg_is_stored_decoded_at_a_reduced_scale(client):
    out = io.BytesIO()
    Image.linear_gradient("L").resize((6000, 4000)).convert("RGB").save(out, "JPEG")
    response = _upload(client, out.getvalue())
    assert response.status_code == 201, response.text
    assert (response.json()["width"], response.json()["height"]) == (3000, 2000)


class SlowImages:
    """Serves one small JPEG after ``delay`` seconds and counts the requests that arrived."""

    def __init__(self, delay: float):
        image = io.BytesIO()
        Image.new("RGB", (32, 32), (1, 2, 3)).save(image, "JPEG")
        body, owner = image.getvalue(), self
        self.arrived = 0

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                owner.arrived += 1
                time.sleep(delay)
                self.send_response(200)
                self.send_header("Content-Type", "image/jpeg")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/slow.jpg"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_uploads_beyond_the_bound_get_429_with_retry_after_not_a_queue(stack, client):
    slow = SlowImages(delay=3.0)
    try:
        with ThreadPoolExecutor(2) as pool:
            held = [pool.submit(client.post, UPLOAD, params={"url": slow.url}) for _ in range(2)]
            deadline = time.monotonic() + 10
            while slow.arrived < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert slow.arrived == 2  # both slots are taken, each waiting on the slow server
            third = _upload(client, png_bomb(64, 64))
            assert third.status_code == 429 and third.headers["Retry-After"] == "3"
            assert "다시 시도" in third.json()["detail"]
            assert [f.result().status_code for f in held] == [201, 201]
        assert _upload(client, png_bomb(64, 64)).status_code == 201  # slots are free again
    finally:
        slow.close()


def test_a_preview_bomb_is_refused_and_the_gateway_keeps_answering(stack):
    body = {"block_type": "FAQ", "slots": ["heading"],
            "template_html": '<section>{{ s.heading }}{{ "a" * 400000000 }}</section>'}
    with PeakRss(stack.gateway_proc.pid) as rss:
        response = httpx.post(stack.url + "/api/templates/preview", json=body,
                              headers={"X-User-Id": ADMIN}, timeout=30)
    assert response.status_code == 422 and response.json()["problem"] == "limits", response.text
    loop = body | {"template_html": '<section>{{ s.heading }}{% for i in "a" * 100000 %}'
                                    '{% for j in "a" * 100000 %}{% endfor %}{% endfor %}</section>'}
    response = httpx.post(stack.url + "/api/templates/preview", json=loop,
                          headers={"X-User-Id": ADMIN}, timeout=30)
    assert response.status_code == 422 and response.json()["problem"] == "limits", response.text
    assert _alive(stack)
    assert rss.peak_mib < TARGET_MIB


# 127.0.0.2, not .1: this stack lets 127.0.0.1 through (PDP_FETCH_ALLOW_PRIVATE, its image server)
@pytest.mark.parametrize("url", ["http://127.0.0.2:5432/", "http://169.254.169.254/latest/"])
@pytest.mark.parametrize(("path", "body", "field"), [
    ("/api/generation/image", {"prompt_data": "배경을 바꿔 주세요"}, "image_url"),
    ("/api/generation/display-list", {"product_data": "텀블러"}, "product_image_url"),
    ("/api/product-details/1/images/0/replace", {"prompt": "p", "kind": "edit"}, "reference_url"),
])
def test_private_urls_get_422_naming_the_field(client, path, body, field, url):
    response = client.post(path, json=body | {field: url})
    assert response.status_code == 422, response.text
    assert any(error["loc"][-1] == field for error in response.json()["detail"]), response.text


def test_slice_export_browser_fetches_nothing_from_the_network():
    watched = SlowImages(delay=0)
    try:
        document = (f'<html><body><h1>상세</h1><img src="{watched.url}">'
                    f'<img src="http://169.254.169.254/latest/meta-data/"></body></html>')
        slices = render_slices(document, "/usr/bin/chromium", max_height=3000)
        assert slices.images and watched.arrived == 0
    finally:
        watched.close()


def test_a_page_too_tall_to_slice_is_refused_before_any_screenshot():
    document = "<html><body>" + "<p>줄</p>" * 2000 + "</body></html>"
    with pytest.raises(PageTooTall, match="px tall"):
        render_slices(document, "/usr/bin/chromium", max_height=3000, max_page_height=5000)
