"""Products, pages, versions, edits through the pipeline, images and exports — over HTTP
against the real gateway, worker, broker and PostgreSQL. Every resource is also checked for
isolation: another user's row answers exactly like a missing one."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import httpx
import pytest
from PIL import Image
from sqlalchemy import text

from infra.db.session import make_engine, make_sessionmaker, transaction
from processors.assemble.handler import _assemble_and_store
from tests.integration.conftest import running_stack
from tests.integration.image_server import ImageServer
from tests.integration.support import query, sample, wait_done

pytestmark = pytest.mark.integration
MAX_UPLOAD = 300_000
ENV = {"PDP_FETCH_ALLOW_PRIVATE": "127.0.0.1/32", "PDP_UPLOAD_MAX_BYTES": str(MAX_UPLOAD),
       "PDP_RATE_LIMIT": ""}


@pytest.fixture(scope="module")
def stack(pg_admin_url, tmp_path_factory):
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("resources"), env=ENV) as running:
        yield running


@pytest.fixture(scope="module")
def images():
    server = ImageServer(big_bytes=MAX_UPLOAD * 2)
    yield server
    server.close()


def user(stack, name: str) -> httpx.Client:
    return httpx.Client(base_url=stack.url, headers={"X-User-Id": name}, timeout=120)


@pytest.fixture(scope="module")
def alice(stack):
    with user(stack, "alice") as c:
        yield c


@pytest.fixture(scope="module")
def bob(stack):
    with user(stack, "bob") as c:
        yield c


def make_page(client: httpx.Client, name: str = "cream") -> dict:
    response = client.post("/api/generation/display-list", json=sample(name), params={"wait": 90})
    assert response.status_code == 200, response.text
    return response.json()["result"]


def finish(client: httpx.Client, accepted: httpx.Response) -> str:
    assert accepted.status_code == 202, accepted.text
    task_id = accepted.json()["task_id"]
    status = wait_done(client, [task_id], 90)[task_id]
    assert status["status"] == "completed", status
    return task_id


def document_height(document: str) -> int:
    from playwright.sync_api import sync_playwright

    from infra.slices import ARGS
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 860, "height": 800})
            page.set_content(document, wait_until="load")
            return page.evaluate("document.documentElement.scrollHeight")
        finally:
            browser.close()


def reassemble(database_url: str, task_id: str) -> int:
    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    flip = text("UPDATE tasks SET status = :status WHERE id = :id")
    try:
        with transaction(sessions) as session:
            session.execute(flip, {"status": "processing", "id": task_id})
        with transaction(sessions) as session:
            event = _assemble_and_store(session, task_id, True)
        with transaction(sessions) as session:
            session.execute(flip, {"status": "completed", "id": task_id})
        return event.page_id
    finally:
        engine.dispose()


def test_products_crud_filters_pagination_stats(alice, bob):
    made = [alice.post("/api/products", json={"name": f"크림 {i}", "price": 10000 + i * 1000,
                                              "description": "보습" if i % 2 else "세정"}).json()
            for i in range(5)]
    assert [p["view_count"] for p in made] == [0] * 5
    assert alice.post("/api/products", json={"name": ""}).status_code == 422
    assert alice.post("/api/products", json={"name": "x", "category_id": 999999}).status_code == 422
    listed = alice.get("/api/products", params={"size": 2, "page": 3}).json()
    assert listed["total"] == 5 and len(listed["items"]) == 1  # last, partial page
    assert alice.get("/api/products", params={"size": 2, "page": 4}).json()["items"] == []
    assert alice.get("/api/products", params={"size": 0}).status_code == 422
    assert alice.get("/api/products", params={"page": 0}).status_code == 422
    assert alice.get("/api/products", params={"q": "보습"}).json()["total"] == 2
    assert alice.get("/api/products", params={"q": "%"}).json()["total"] == 0  # literal, not LIKE
    first = made[0]["id"]
    assert alice.get(f"/api/products/{first}").json()["view_count"] == 1
    assert alice.get(f"/api/products/{first}").json()["view_count"] == 2
    assert alice.post(f"/api/products/{first}/publish").json()["is_published"] is True
    assert alice.get("/api/products", params={"is_published": True}).json()["total"] == 1
    updated = alice.put(f"/api/products/{first}", json={"status": "active", "price": 5000}).json()
    assert updated["status"] == "active" and float(updated["price"]) == 5000
    assert alice.get("/api/products", params={"status": "draft"}).json()["total"] == 4
    stats = alice.get("/api/products/stats").json()
    assert stats["total"] == 5 and stats["published"] == 1 and stats["draft"] == 4
    assert stats["total_views"] == 2 and stats["by_category"] == {"uncategorized": 5}
    assert float(stats["average_price"]) == pytest.approx((5000 + 11000 + 12000 + 13000 + 14000) / 5)
    # Bob sees none of it, and cannot tell an existing id from a missing one.
    assert bob.get("/api/products").json()["total"] == 0
    assert bob.get("/api/products/stats").json()["total"] == 0
    for call in (lambda i: bob.get(f"/api/products/{i}"), lambda i: bob.get(f"/api/products/{i}/pages"),
                 lambda i: bob.put(f"/api/products/{i}", json={"name": "hijack"}),
                 lambda i: bob.post(f"/api/products/{i}/publish"),
                 lambda i: bob.delete(f"/api/products/{i}")):
        theirs, missing = call(first), call(987654321)
        assert theirs.status_code == missing.status_code == 404
        assert theirs.json() == missing.json()
    assert alice.get(f"/api/products/{first}").json()["name"] == "크림 0"
    assert httpx.get(f"{alice.base_url}/api/products").status_code == 401
    assert alice.delete(f"/api/products/{made[1]['id']}").status_code == 204
    assert alice.get(f"/api/products/{made[1]['id']}").status_code == 404


def test_regenerate_one_block_new_version_and_revert(alice, bob, stack):
    page = make_page(alice)
    page_id = page["page_id"]
    v1 = alice.get(f"/api/product-details/{page_id}").json()
    assert v1["version"] == 1 and v1["images"], v1
    blocks = v1["blocks"]
    target = blocks[1]
    # Another template for the same block type makes the change visible with the offline provider.
    others = [t for t in alice.get("/api/templates", params={"block_type": target["block_type"],
                                                             "limit": 50}).json()["items"]
              if t["id"] != target["template_id"]]
    assert others, "the starter library has a second template for this block type"
    edit_task = finish(alice, alice.post(
        f"/api/product-details/{page_id}/blocks/{target['index']}/regenerate",
        json={"instruction": "더 짧게", "template_id": others[0]["id"]}))
    v2 = alice.get(f"/api/product-details/{page_id}").json()
    assert v2["version"] == 2
    changed = [i for i, (a, b) in enumerate(zip(v1["html_list"], v2["html_list"])) if a != b]
    print(f"regenerate: {len(v1['html_list'])} blocks, changed {changed}, version {v2['version']}")
    assert changed == [1], changed
    assert len(v2["html_list"]) == len(v1["html_list"])
    assert v2["blocks"][1]["template_id"] == others[0]["id"]
    versions = alice.get(f"/api/product-details/{page_id}/versions").json()
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[1]["task_id"] == edit_task and "다시 생성" in versions[1]["note"]
    # A crash after storing the version but before completing the task: the assembly runs
    # again (redelivery / reconciler) and must not add a second version.
    assert reassemble(stack.database_url, edit_task) == page_id
    assert [v["version"] for v in alice.get(f"/api/product-details/{page_id}/versions").json()] == [1, 2]
    reverted = alice.post(f"/api/product-details/{page_id}/versions/1/revert").json()
    assert reverted["version"] == 3 and reverted["html_list"] == v1["html_list"]
    assert reverted["html"] == v1["html"]
    assert alice.post(f"/api/product-details/{page_id}/versions/9/revert").status_code == 404
    # Bob can neither read nor edit nor detect the page.
    for call in (lambda i: bob.get(f"/api/product-details/{i}"),
                 lambda i: bob.get(f"/api/product-details/{i}/versions"),
                 lambda i: bob.put(f"/api/product-details/{i}", json={"status": "archived"}),
                 lambda i: bob.post(f"/api/product-details/{i}/versions/1/revert"),
                 lambda i: bob.post(f"/api/product-details/{i}/blocks/0/regenerate", json={}),
                 lambda i: bob.delete(f"/api/product-details/{i}/blocks/0"),
                 lambda i: bob.post(f"/api/product-details/{i}/variants", json={"count": 1}),
                 lambda i: bob.get(f"/api/product-details/{i}/export"),
                 lambda i: bob.delete(f"/api/product-details/{i}")):
        theirs, missing = call(page_id), call(987654321)
        assert theirs.status_code == missing.status_code == 404, theirs.text
        assert theirs.json() == missing.json()
    assert bob.get("/api/product-details").json()["total"] == 0
    assert alice.get(f"/api/product-details/{page_id}").json()["version"] == 3


def test_block_operations_image_replace_update_and_variants(alice):
    page_id = make_page(alice, "tumbler")["page_id"]
    v1 = alice.get(f"/api/product-details/{page_id}").json()
    order = [b["index"] for b in v1["blocks"]]
    finish(alice, alice.put(f"/api/product-details/{page_id}/blocks/order",
                            json={"order": list(reversed(order))}))
    v2 = alice.get(f"/api/product-details/{page_id}").json()
    assert v2["html_list"] == list(reversed(v1["html_list"])) and v2["version"] == 2
    assert alice.put(f"/api/product-details/{page_id}/blocks/order",
                     json={"order": order[:-1]}).status_code == 422
    finish(alice, alice.delete(f"/api/product-details/{page_id}/blocks/{order[0]}"))
    v3 = alice.get(f"/api/product-details/{page_id}").json()
    assert len(v3["html_list"]) == len(order) - 1 and v3["html_list"] == v2["html_list"][:-1]
    kind = v3["blocks"][-1]["block_type"]  # a type the product has content for (may repeat)
    finish(alice, alice.post(f"/api/product-details/{page_id}/blocks",
                             json={"block_type": kind, "position": 0}))
    v4 = alice.get(f"/api/product-details/{page_id}").json()
    assert v4["blocks"][0]["block_type"] == kind and v4["html_list"][1:] == v3["html_list"]
    shown = next(b["image_index"] for b in v4["plan"]["blocks"] if b.get("image_index") is not None)
    old_image = next(i for i in v4["images"] if i["idx"] == shown)
    finish(alice, alice.post(f"/api/product-details/{page_id}/images/{old_image['idx']}/replace",
                             json={"prompt": "흰 배경 위의 제품, 다른 각도",
                                   "alt": "다른 각도에서 본 제품"}))
    v5 = alice.get(f"/api/product-details/{page_id}").json()
    new_image = next(i for i in v5["images"] if i["idx"] == old_image["idx"])
    assert new_image["url"] != old_image["url"] and new_image["prompt"].startswith("흰 배경")
    assert new_image["alt"] == "다른 각도에서 본 제품"
    assert old_image["url"] not in v5["html"] and new_image["url"] in v5["html"]
    saved = alice.put(f"/api/product-details/{page_id}",
                      json={"status": "review", "html_list": ["<p onclick='x()'>수정</p>"]
                            + v5["html_list"][1:]}).json()
    assert saved["status"] == "review" and saved["version"] == 6
    assert "onclick" not in saved["html_list"][0] and "수정" in saved["html_list"][0]
    assert alice.put(f"/api/product-details/{page_id}", json={"status": "gone"}).status_code == 422
    assert alice.get("/api/product-details", params={"status": "review"}).json()["total"] == 1
    listed = alice.get("/api/product-details", params={"size": 1, "page": 1}).json()
    assert listed["total"] >= 2 and len(listed["items"]) == 1
    assert alice.get("/api/product-details", params={"size": 1, "page": 999}).json()["items"] == []
    assert alice.get("/api/product-details", params={"size": 101}).status_code == 422
    accepted = alice.post(f"/api/product-details/{page_id}/variants", json={"count": 2})
    assert accepted.status_code == 202
    body = accepted.json()
    assert len(set(body["concepts"])) == 2
    wait_done(alice, body["task_ids"], 90)
    css = {alice.get(f"/api/generation/generation/result/{t}").json()["result"]["css"]
           for t in body["task_ids"]}
    assert len(css | {v5["css"]}) == 3  # three different style concepts


def test_variants_are_alternatives_linked_to_their_source_and_labelled(alice):
    source = make_page(alice, "linen_shirt")["page_id"]
    for bad in ({"count": 2, "angles": ["spec", "spec"]}, {"count": 1, "angles": ["loud"]}):
        refused = alice.post(f"/api/product-details/{source}/variants", json=bad)
        assert refused.status_code == 422 and "angles" in refused.text, refused.text
    accepted = alice.post(f"/api/product-details/{source}/variants",
                          json={"count": 2, "angles": ["spec", "story"]})
    assert accepted.status_code == 202, accepted.text
    body = accepted.json()
    assert body["labels"] == ["스펙 중심 변형", "스토리 중심 변형"] and body["variant_of"] == source
    wait_done(alice, body["task_ids"], 90)
    ids = [alice.get(f"/api/generation/generation/result/{t}").json()["result"]["page_id"]
           for t in body["task_ids"]]
    original, spec, story = (alice.get(f"/api/product-details/{i}").json()
                             for i in (source, *ids))
    assert original["variant_of"] is None and original["variant_label"] is None
    assert (spec["variant_of"], story["variant_of"]) == (source, source)

    def layout(page):  # block types in page order, and the template of each
        return [(b["block_type"], b.get("template_id")) for b in page["plan"]["blocks"]]
    kinds = [[t for t, _ in layout(p)] for p in (original, spec, story)]
    assert kinds[1][:2] == ["Introduction", "Specifications"], kinds  # spec-led: specs lead
    assert layout(spec) != layout(story) and layout(spec) != layout(original)
    assert sorted(kinds[1]) == sorted(kinds[0]) == sorted(kinds[2])  # same blocks, no fact lost
    templates = [{t for _, t in layout(p)} for p in (original, spec, story)]
    assert templates[1] - templates[0] and templates[2] - templates[0]  # other layouts
    intros = [p["html_list"][0] for p in (original, spec, story)]
    assert "사양으로 먼저 보는" in intros[1] and "에 담긴 이야기" in intros[2]
    assert len(set(intros)) == 3
    listed = {p["id"]: p for p in alice.get("/api/product-details", params={"size": 50})
              .json()["items"]}
    assert listed[ids[0]]["variant_label"] == "스펙 중심 변형"
    assert listed[ids[1]]["variant_label"] == "스토리 중심 변형"
    assert listed[source]["variant_label"] is None
    notes = alice.get(f"/api/product-details/{ids[0]}/versions").json()
    assert notes[0]["note"] == f"스펙 중심 변형 ({source}번 페이지에서)"


def test_delete_product_cascades_to_pages_images_and_files(alice, stack):
    product = alice.post("/api/products", json={"name": "캠핑 의자"}).json()
    page_id = make_page(alice, "camping_chair")["page_id"]
    assert alice.put(f"/api/product-details/{page_id}",
                     json={"product_id": product["id"]}).status_code == 200
    with_pages = alice.get(f"/api/products/{product['id']}/pages").json()
    assert [p["id"] for p in with_pages["pages"]] == [page_id]
    urls = [i["url"] for i in alice.get(f"/api/product-details/{page_id}").json()["images"]]
    files = [Path(stack.settings.media_path) / u.removeprefix("/media/") for u in urls]
    assert files and all(f.exists() for f in files)
    assert alice.delete(f"/api/products/{product['id']}").status_code == 204
    assert alice.get(f"/api/product-details/{page_id}").status_code == 404
    db = stack.database_url
    assert query(db, "SELECT count(*) FROM product_images WHERE product_detail_id = %s",
                 (page_id,))[0][0] == 0
    assert query(db, "SELECT count(*) FROM page_versions WHERE page_id = %s", (page_id,))[0][0] == 0
    assert not any(f.exists() for f in files)
    other = make_page(alice, "granola")["page_id"]
    assert alice.delete(f"/api/product-details/{other}").status_code == 204
    assert alice.get(f"/api/product-details/{other}").status_code == 404


def test_upload_image_refusals_and_a_real_image(alice, bob, images, stack):
    refused = {
        "loopback outside the allowed net": "http://127.0.0.2:9/x.png",
        "IPv6 loopback": "http://[::1]/x.png",
        "metadata": "http://169.254.169.254/latest/meta-data/",
        "private 10/8": "http://10.0.0.5/x.png",
        "private 192.168/16": "http://192.168.1.10/x.png",
        "file scheme": "file:///etc/passwd",
        "ftp scheme": "ftp://example.com/x.png",
        "redirect to metadata": f"{images.url}/redirect?to=http://169.254.169.254/latest",
        "redirect to private": f"{images.url}/redirect?to=http://192.168.0.1/x.png",
    }
    for why, url in refused.items():
        response = alice.post("/api/generation/upload-image", params={"url": url})
        assert response.status_code == 400, (why, response.status_code, response.text)
        detail = response.json()["detail"]  # a Korean reason, the fetch error in the log
        assert detail.startswith("이 주소는 쓸 수 없습니다: "), (why, detail)
        assert ("내부망 주소" in detail) == ("scheme" not in why), (why, detail)
    big = alice.post("/api/generation/upload-image", params={"url": f"{images.url}/big.jpg"})
    assert big.status_code == 413, big.text
    streamed = alice.post("/api/generation/upload-image", params={"url": f"{images.url}/big-stream.jpg"})
    assert streamed.status_code == 413, streamed.text
    fake = alice.post("/api/generation/upload-image", params={"url": f"{images.url}/fake.png"})
    assert fake.status_code == 415, fake.text
    fake_file = alice.post("/api/generation/upload-image/file",
                           files={"file": ("x.jpg", b"GIF89a-not-really", "image/jpeg")})
    assert fake_file.status_code == 415
    huge_file = alice.post("/api/generation/upload-image/file",
                           files={"file": ("big.jpg", b"\xff" * (MAX_UPLOAD + 10), "image/jpeg")})
    assert huge_file.status_code == 413
    assert query(stack.database_url, "SELECT count(*) FROM product_images "
                                     "WHERE product_detail_id IS NULL")[0][0] == 0
    stored = alice.post("/api/generation/upload-image",
                        params={"url": f"{images.url}/redirect?to=/photo.jpg", "alt": "사진"})
    assert stored.status_code == 201, stored.text
    body = stored.json()
    assert (body["width"], body["height"], body["mime"]) == (320, 200, "image/jpeg")
    served = httpx.get(stack.url + body["url"])
    assert served.status_code == 200
    assert b"SecretCam" not in served.content and b"private comment" not in served.content
    assert b"SecretCam" in images.photo
    assert Image.open(io.BytesIO(served.content)).size == (320, 200)
    upload = alice.post("/api/generation/upload-image/file",
                        files={"file": ("p.jpg", images.photo, "image/jpeg")})
    assert upload.status_code == 201 and upload.json()["url"] == body["url"]  # content hash
    record = alice.get(f"/api/images/{body['id']}").json()
    assert record["image_type"] == "ORIGINAL" and record["provider_url"].startswith(images.url)
    for call in (lambda i: bob.get(f"/api/images/{i}"), lambda i: bob.delete(f"/api/images/{i}")):
        theirs, missing = call(body["id"]), call(987654321)
        assert theirs.status_code == missing.status_code == 404
        assert theirs.json() == missing.json()
    assert bob.get("/api/images").json()["total"] == 0
    assert alice.delete(f"/api/images/{body['id']}").status_code == 204
    assert httpx.get(stack.url + body["url"]).status_code == 200  # still used by the 2nd upload
    assert alice.delete(f"/api/images/{upload.json()['id']}").status_code == 204
    assert httpx.get(stack.url + body["url"]).status_code == 404  # last user gone: file removed


def test_exports_html_zip_marketplace_and_860px_slices(alice):
    page_id = make_page(alice, "earbuds")["page_id"]
    html = alice.get(f"/api/product-details/{page_id}/export", params={"format": "html"})
    assert html.status_code == 200 and "/media/" not in html.text and "data:image/" in html.text
    zip_response = alice.get(f"/api/product-details/{page_id}/export", params={"format": "zip"})
    bundle = zipfile.ZipFile(io.BytesIO(zip_response.content))
    names = bundle.namelist()
    assert "index.html" in names and any(n.startswith("images/") for n in names)
    index = bundle.read("index.html").decode()
    assert all(n in index for n in names if n.startswith("images/"))
    cafe24_response = alice.get(f"/api/product-details/{page_id}/export",
                                params={"format": "marketplace", "profile": "cafe24"})
    cafe24 = cafe24_response.text
    assert "<html" not in cafe24 and "max-width:860px" in cafe24 and 'src="/media' not in cafe24
    slices = alice.get(f"/api/product-details/{page_id}/export",
                       params={"format": "slices", "max_height": 1200})
    assert slices.status_code == 200, slices.text
    archive = zipfile.ZipFile(io.BytesIO(slices.content))
    parts = [Image.open(io.BytesIO(archive.read(n))) for n in sorted(archive.namelist())]
    page_height = int(slices.headers["X-Page-Height"])
    assert len(parts) >= 2 and all(p.width == 860 for p in parts)
    assert all(p.height <= 1200 for p in parts)
    print(f"slices: {len(parts)} x 860 px, heights {[p.height for p in parts]}, page {page_height} px")
    assert sum(p.height for p in parts) == page_height > 1200
    # Measured independently: the exported page's own height in Chromium at 860 px.
    assert sum(p.height for p in parts) == document_height(html.text)
    # Stacked, the slices are the page: the last slice still shows content, not blank space.
    last = parts[-1].convert("L")
    assert last.getextrema()[0] < last.getextrema()[1]
    naver_response = alice.get(f"/api/product-details/{page_id}/export",
                               params={"format": "marketplace", "profile": "naver"})
    assert naver_response.status_code == 200, naver_response.text
    naver = zipfile.ZipFile(io.BytesIO(naver_response.content))
    assert "index.html" in naver.namelist() and any(n.endswith(".jpg") for n in naver.namelist())
    # Each export downloads under its own name (the naver ZIP used to overwrite the slices).
    version = alice.get(f"/api/product-details/{page_id}").json()["version"]
    names = {kind: re.search(r'filename="([^"]+)"', r.headers["content-disposition"]).group(1)
             for kind, r in (("html", html), ("zip", zip_response), ("cafe24", cafe24_response),
                             ("slices", slices), ("naver", naver_response))}
    print("export file names:", names)
    assert names == {"html": f"page-{page_id}-v{version}-standalone.html",
                     "zip": f"page-{page_id}-v{version}-bundle.zip",
                     "cafe24": f"page-{page_id}-v{version}-cafe24-html.html",
                     "slices": f"page-{page_id}-v{version}-slices-png.zip",
                     "naver": f"page-{page_id}-v{version}-naver-slices.zip"}
