"""The seller's inputs as the original API took them, through the real stack (gateway, broker,
worker, PostgreSQL): the seller's photo (uploaded here or at a public URL) in the hero and
composed into the image slots, free-text tone and category, and ?wait= answering the result
endpoint's shape; `pdp generate` over many files, some of them refused; exports carrying
the page's SEO, Open Graph and JSON-LD; banned words removing whole sentences."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import httpx
import pytest
from PIL import Image

from tests.integration.conftest import running_stack
from tests.integration.image_server import ImageServer
from tests.integration.support import query, sample
from tests.unit.test_export_head import Head

pytestmark = pytest.mark.integration
ENV = {"PDP_FETCH_ALLOW_PRIVATE": "127.0.0.1/32", "PDP_RATE_LIMIT": ""}
RED, BLUE = (200, 40, 40), (30, 60, 200)
RESULT_KEYS = {"task_id", "status", "progress", "error", "status_url", "result_url",
               "events_url", "reused", "result"}


@pytest.fixture(scope="module")
def stack(pg_admin_url, tmp_path_factory):
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("inputs"), env=ENV) as running:
        yield running


@pytest.fixture(scope="module")
def images():
    server = ImageServer(big_bytes=1000)
    yield server
    server.close()


def _client(stack, user: str) -> httpx.Client:
    return httpx.Client(base_url=stack.url, headers={"X-User-Id": user}, timeout=120)


@pytest.fixture(scope="module")
def alice(stack):
    with _client(stack, "alice") as c:
        yield c


@pytest.fixture(scope="module")
def bob(stack):
    with _client(stack, "bob") as c:
        yield c


def product_photo() -> bytes:
    """A red product with a blue stripe on white (no grey anywhere)."""
    image = Image.new("RGB", (480, 360), (255, 255, 255))
    image.paste(RED, (96, 72, 384, 288))
    image.paste(BLUE, (96, 175, 384, 185))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def uploaded(alice) -> str:
    response = alice.post("/api/generation/upload-image/file",
                          files={"file": ("product.png", product_photo(), "image/png")})
    assert response.status_code == 201, response.text
    url = response.json()["url"]
    assert url.startswith("/media/")  # relative: no PDP_PUBLIC_BASE_URL here
    return url


def _generate(client: httpx.Client, photo_url: str | None, marker: str, **extra) -> dict:
    body = sample("tumbler") | {"product_image_url": photo_url} | extra
    body["product_data"] += f"\n모델명: {marker}"  # a distinct request: no reuse across tests
    response = client.post("/api/generation/display-list", json=body, params={"wait": 90})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["status"] == "completed", result
    return result["result"]


def _hero_src(page: dict) -> str:
    return re.search(r'<img[^>]*\ssrc="([^"]+)"', page["html_list"][0]).group(1)


def _decode(client: httpx.Client, url: str) -> Image.Image:
    served = client.get(url)
    assert served.status_code == 200, url
    return Image.open(io.BytesIO(served.content)).convert("RGB")


def _share(image: Image.Image, colour, tolerance: int = 40) -> float:
    small = image.resize((80, 80))
    return sum(all(abs(a - b) <= tolerance for a, b in zip(p, colour))
               for p in small.getdata()) / 6400


def _assert_made_from_the_photo(client: httpx.Client, page: dict, photo_url: str) -> None:
    assert _hero_src(page) == photo_url  # the hero is the stored photo itself
    hero, *others = sorted(page["images"], key=lambda i: i["index"])
    assert hero["kind"] == "ORIGINAL" and hero["url"].endswith(photo_url)
    assert others, "the page has no other image slot"
    for image in others:
        assert image["mime"] == "image/jpeg", image  # composed, not the SVG placeholder
        pixels = _decode(client, image["url"])
        assert pixels.size == (image["width"], image["height"])
        assert _share(pixels, RED) > 0.1 and _share(pixels, BLUE) > 0.005, image
        assert _share(pixels, (128, 128, 128), 30) < 0.05  # not a flat grey placeholder


def test_an_uploaded_photo_by_its_relative_url_is_the_hero_and_fills_the_image_slots(
        alice, uploaded):
    page = _generate(alice, uploaded, "REL-1")
    _assert_made_from_the_photo(alice, page, uploaded)
    assert not any("사진" in w["message"] for w in page["warnings"])


def test_an_uploaded_photo_by_its_absolute_url_on_this_gateway_works_the_same(
        stack, alice, uploaded):
    page = _generate(alice, stack.url + uploaded, "ABS-1")
    _assert_made_from_the_photo(alice, page, uploaded)


def test_another_sellers_upload_or_an_unknown_stored_name_is_refused_naming_the_field(
        stack, bob, uploaded):
    unknown = "/media/00/" + "0" * 64 + ".png"
    for url in (uploaded, stack.url + uploaded, unknown):
        response = bob.post("/api/generation/display-list",
                            json={"product_data": "텀블러", "product_image_url": url})
        assert response.status_code == 422, (url, response.text)
        assert response.json()["detail"][0]["loc"][-1] == "product_image_url"


def test_a_private_host_that_is_not_this_gateway_is_refused(alice, uploaded):
    for url in ("http://10.1.2.3" + uploaded, "http://169.254.169.254/latest/meta-data/"):
        response = alice.post("/api/generation/display-list",
                              json={"product_data": "텀블러", "product_image_url": url})
        assert response.status_code == 422, (url, response.text)


def test_a_public_photo_is_stored_once_as_the_sellers_original(stack, alice, images):
    url = images.url + "/photo.jpg"
    first = _generate(alice, url, "PUB-1")
    stored = _hero_src(first)
    assert stored.startswith("/media/") and stored.endswith(".jpg")
    pixels = _decode(alice, stored)
    assert _share(pixels, (200, 60, 40)) > 0.9  # the image server's photo, re-encoded
    second = _generate(alice, url, "PUB-2")
    assert _hero_src(second) == stored
    rows = query(stack.database_url, "SELECT url FROM product_images WHERE user_id = %s AND "
                 "provider_url = %s AND image_type = 'ORIGINAL'", ("alice", url))
    assert rows == [(stored,)]  # fetched and recorded once for both pages


def test_a_photo_url_that_is_not_an_image_leaves_placeholders_and_tells_the_seller(
        alice, images):
    page = _generate(alice, images.url + "/fake.png", "FAKE-1")
    assert all(i["mime"] == "image/svg+xml" for i in page["images"])
    assert {"code": "photo_unusable"}.items() <= next(
        w for w in page["warnings"] if "이미지 파일이 아닙니다" in w["message"]).items()
    assert any("사진" in w["message"] for w in page["warnings"])


@pytest.mark.parametrize("tone, concept", [("고급스러운", "소프트 럭셔리"), ("bold", "어반 캐주얼"),
                                           ("energetic", "어반 캐주얼")])
def test_free_text_tone_is_accepted_and_picks_the_nearest_style(alice, tone, concept):
    page = _generate(alice, None, f"TONE-{tone}", tone=tone, category="반려동물 용품")
    assert page["style"]["concept_name"] == concept


def test_wait_answers_the_result_endpoints_shape_and_a_reused_page_answers_200(alice):
    body = sample("granola")
    body["product_data"] += "\n모델명: WAIT-1"
    waited = alice.post("/api/generation/display-list", json=body, params={"wait": 90})
    assert waited.status_code == 200
    result = alice.get(waited.json()["result_url"])
    assert set(waited.json()) == set(result.json()) == RESULT_KEYS  # no stray "image"
    assert waited.json() == result.json()
    again = alice.post("/api/generation/display-list", json=body)
    assert again.status_code == 200, again.text
    assert set(again.json()) == RESULT_KEYS
    assert again.json()["reused"] is True and again.json()["task_id"] == waited.json()["task_id"]
    assert again.json()["result"] == waited.json()["result"]
    fresh = alice.post("/api/generation/display-list", json=body, params={"force": True})
    assert fresh.status_code == 202 and fresh.json()["status"] == "pending"


def test_pdp_generate_reports_each_refused_or_failed_file_and_writes_the_others(
        stack, tmp_path):
    files = {
        "tumbler.json": json.dumps(sample("tumbler") | {"tone": "에너지 넘치는"}),
        "long_tone.json": json.dumps({"product_data": "텀블러", "tone": "t" * 51}),
        "broken.json": "{not json",
        "no_template.json": json.dumps({"product_data": "텀블러", "template_ids": [999999]}),
        "granola.json": json.dumps(sample("granola"), ensure_ascii=False),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.run([str(Path(sys.executable).parent / "pdp"), "generate",
                          *(str(tmp_path / n) for n in files), "--api", stack.url,
                          "-o", str(out), "--timeout", "120"],
                         capture_output=True, text=True, timeout=300,
                         env=os.environ | {"COLUMNS": "250"})
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["granola.html", "tumbler.html"]
    assert "스텐리 클래식 진공 텀블러" in (out / "tumbler.html").read_text(encoding="utf-8")
    # The file is the gateway's export: it carries the page's JSON-LD and Open Graph.
    written = (out / "tumbler.html").read_text(encoding="utf-8")
    assert '"priceCurrency":"KRW"' in written and 'property="og:type" content="product"' in written
    table = run.stderr[run.stderr.index("3 of 5 file(s) not generated"):]
    rows = {line.split("│")[1].strip(): line for line in table.splitlines()
            if line.count("│") >= 3 and ".json" in line}
    assert set(rows) == {str(tmp_path / n) for n in ("long_tone.json", "broken.json",
                                                        "no_template.json")}
    assert "422" in rows[str(tmp_path / "long_tone.json")] and "tone" in \
        rows[str(tmp_path / "long_tone.json")]
    assert "not JSON" in rows[str(tmp_path / "broken.json")]
    assert "failed" in rows[str(tmp_path / "no_template.json")]


def _export_head(client: httpx.Client, page_id: int) -> tuple[Head, dict]:
    exported = client.get(f"/api/product-details/{page_id}/export", params={"format": "html"})
    assert exported.status_code == 200, exported.text
    head = Head()
    head.feed(exported.text)
    assert [kind for kind, _ in head.scripts] == ["application/ld+json"]
    return head, json.loads(head.scripts[0][1])


def test_exports_carry_meta_description_open_graph_and_product_json_ld_from_the_facts(
        stack, alice, uploaded):
    page = _generate(alice, uploaded, "ZXSEO1")
    head, product = _export_head(alice, page["page_id"])
    assert product["name"] == "스텐리 클래식 진공 텀블러 591ml"
    assert product["offers"] == {"@type": "Offer", "price": "39000", "priceCurrency": "KRW"}
    assert product["brand"] == {"@type": "Brand", "name": "스텐리"}
    assert product["image"] == head.meta["og:image"] == stack.url + uploaded  # the seller's photo
    assert head.meta["description"] == page["seo"]["meta_description"] == product["description"]
    assert head.meta["og:title"] == page["seo"]["meta_title"] and head.meta["og:type"] == "product"
    assert head.meta["og:locale"] == "ko_KR"
    bundle = zipfile.ZipFile(io.BytesIO(alice.get(f"/api/product-details/{page['page_id']}/export",
                                                  params={"format": "zip"}).content))
    assert '"priceCurrency":"KRW"' in bundle.read("index.html").decode()
    bare = alice.post("/api/generation/display-list", params={"wait": 90}, json={
        "product_data": "도자기 머그 350ml\n전자레인지 사용 가능\n손잡이가 넓어 잡기 편합니다."})
    assert bare.status_code == 200, bare.text
    _, product = _export_head(alice, bare.json()["result"]["page_id"])
    assert product["name"].startswith("도자기 머그")
    assert not {"offers", "brand", "image"} & set(product)  # nothing the facts do not hold


def _visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_banned_words_remove_whole_sentences_and_the_seller_is_told(alice):
    page = _generate(alice, None, "ZXBAN1", controls={"banned_words": ["BPA", "평생 보증"]})
    text = _visible(page["html"])
    assert "BPA" not in text and "평생 보증" not in text
    assert "프리 뚜껑" not in text and "제조 결함에 한함" not in text  # no broken remains
    assert "식기세척기 사용 가능" in text and "380g" in text
    warning = next(w for w in page["warnings"] if w["code"] == "banned_words")
    assert "BPA 프리 뚜껑" in warning["message"] and "평생 보증" in warning["message"]
    exported = alice.get(f"/api/product-details/{page['page_id']}/export",
                         params={"format": "html"}).text
    assert "BPA" not in exported and "평생 보증" not in exported
