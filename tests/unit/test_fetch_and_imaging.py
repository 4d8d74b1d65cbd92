"""The SSRF-safe fetcher against a real local HTTP server, and image cleaning with Pillow."""

from __future__ import annotations

import asyncio
import io

import pytest
from PIL import Image

from infra.fetch import FetchRefused, FetchTooLarge, fetch, parse_networks
from pagelogic.images.decode import NotAnImage, clean_image
from tests.integration.image_server import ImageServer, jpeg_with_exif


@pytest.fixture(scope="module")
def server():
    running = ImageServer(big_bytes=200_000)
    yield running
    running.close()


def run(url, **kw):
    return asyncio.run(fetch(url, max_bytes=100_000, timeout_s=5, **kw))


def test_loopback_is_refused_unless_allowed_for_dev(server):
    port = server.url.rsplit(":", 1)[1]
    for url in (server.url + "/photo.jpg", f"http://localhost:{port}/photo.jpg"):
        with pytest.raises(FetchRefused):
            run(url)  # the setting off: the test server itself is out of reach
    fetched = run(server.url + "/photo.jpg", allow_private=parse_networks("127.0.0.1/32"))
    assert fetched.content == server.photo
    with pytest.raises(FetchRefused):  # allowed net does not open the others
        run(server.url + "/redirect?to=http://10.0.0.1/x", allow_private=parse_networks("127.0.0.1"))


@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest/meta-data/", "http://[fd00::1]/x", "http://[::ffff:127.0.0.1]/",
    "http://0.0.0.0/", "http://100.64.0.1/", "gopher://example.com/", "file:///etc/passwd",
    "http://user:pw@example.com/", "data:image/png;base64,AAAA",
])
def test_refused_before_any_connection(url):
    with pytest.raises(FetchRefused):
        run(url)


def test_size_limit_declared_and_streamed(server):
    allow = parse_networks("127.0.0.1/32")
    for path in ("/big.jpg", "/big-stream.jpg"):
        with pytest.raises(FetchTooLarge):
            run(server.url + path, allow_private=allow)


def test_clean_image_strips_metadata_and_refuses_non_images():
    original = jpeg_with_exif()
    cleaned = clean_image(original + b"<script>trailing payload</script>")
    assert (cleaned.width, cleaned.height, cleaned.mime) == (320, 200, "image/jpeg")
    assert b"SecretCam" not in cleaned.data and b"trailing" not in cleaned.data
    assert not Image.open(io.BytesIO(cleaned.data)).getexif()
    for bad in (b"", b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"GIF89a" + b"\0" * 20,
                b"%PDF-1.4 not an image"):
        with pytest.raises(NotAnImage):
            clean_image(bad)
