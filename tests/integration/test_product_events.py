"""Upstream product events drive generation: bulk, debounced updates, deletes, bad events,
and a non-Python client (kcat) on both ends of the contract."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer

from infra.settings import Settings
from producers.products import ProductEventProducer
from schemas.product_events import ProductCreated, ProductDeleted, ProductPayload, ProductUpdated
from tests.integration.conftest import running_stack
from tests.integration.support import all_samples, query, read_topic, wait_until

pytestmark = pytest.mark.integration
WINDOW_S = 1.5


@pytest.fixture(scope="module")
def event_stack(pg_admin_url, tmp_path_factory):
    env = {"PDP_PRODUCT_DEBOUNCE_S": str(WINDOW_S)}
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("events"), env) as stack:
        yield stack


def _payload(i: int, sample_body: dict, **changes) -> ProductPayload:
    body = {k: v for k, v in sample_body.items() if k != "product_image_url"}
    return ProductPayload(name=body["product_data"].splitlines()[0], **{**body, **changes})


def _publish(stack, events) -> None:
    async def run() -> None:
        async with ProductEventProducer(Settings(), stack.bootstrap) as producer:
            await asyncio.gather(*(producer.publish(e) for e in events))
    asyncio.run(run())


def _tasks_for(stack, seller: str, product: str) -> list[tuple]:
    return query(stack.database_url,
                 "SELECT t.id, t.status FROM tasks t JOIN products p ON p.id = t.product_id "
                 "WHERE p.user_id = %s AND p.external_id = %s ORDER BY t.created_at",
                 (seller, product))


def test_100_product_events_give_100_pages_and_100_page_generated_events(event_stack):
    samples = list(all_samples().values())
    events = [ProductCreated(product_id=f"bulk-{i:03d}", seller_id="seller-bulk", version=1,
                             product=_payload(i, samples[i % len(samples)]))
              for i in range(100)]
    started = time.monotonic()
    _publish(event_stack, events)
    sql = ("SELECT count(*) FROM product_details d JOIN products p ON p.id = d.product_id "
           "WHERE p.user_id = 'seller-bulk'")
    wait_until(lambda: query(event_stack.database_url, sql)[0][0] >= 100, 180, interval=1,
               what="100 stored pages")
    print(f"100 product events → 100 pages in {time.monotonic() - started:.1f} s")
    assert query(event_stack.database_url, sql)[0][0] == 100
    generated = [json.loads(v) for _, v, _ in read_topic(event_stack.bootstrap, "pdp.results")]
    bulk = {g["product_id"] for g in generated if (g.get("product_id") or "").startswith("bulk-")}
    assert len(bulk) == 100
    one = next(g for g in generated if g.get("product_id") == "bulk-007")
    assert one["user_id"] == "seller-bulk" and one["status"] == "completed"
    assert one["task_id"] and one["page_url"].endswith(one["task_id"])


def test_rapid_updates_regenerate_once_irrelevant_update_never_delete_archives(event_stack):
    seller, product = "seller-deb", "mug-1"
    base = all_samples()["tumbler"]
    _publish(event_stack, [ProductCreated(product_id=product, seller_id=seller, version=1,
                                          product=_payload(0, base))])
    wait_until(lambda: [s for _, s in _tasks_for(event_stack, seller, product)] == ["completed"],
               60, what="the first page")
    updates = [ProductUpdated(product_id=product, seller_id=seller, version=v,
                              product=_payload(0, base, product_data=base["product_data"]
                                               + f"\n한정 수량 {v}개"))
               for v in range(2, 12)]
    _publish(event_stack, updates)
    wait_until(lambda: len(_tasks_for(event_stack, seller, product)) == 2
               and _tasks_for(event_stack, seller, product)[1][1] == "completed", 60,
               what="the regeneration")
    time.sleep(WINDOW_S + 1.5)  # any second regeneration would have started by now
    tasks = _tasks_for(event_stack, seller, product)
    assert len(tasks) == 2, f"10 rapid updates should regenerate once, got {tasks}"
    html = query(event_stack.database_url, "SELECT html FROM page_versions WHERE task_id = %s",
                 (tasks[1][0],))[0][0]
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())  # a spec row: label, value
    assert "한정 수량 11개" in text  # the latest update won

    # Price only (not in the page text) → no regeneration. Stale version → ignored.
    latest = updates[-1].product
    _publish(event_stack, [
        ProductUpdated(product_id=product, seller_id=seller, version=12,
                       product=latest.model_copy(update={"price": 1.0})),
        ProductUpdated(product_id=product, seller_id=seller, version=5,
                       product=_payload(0, base, product_data="오래된 이벤트"))])
    time.sleep(WINDOW_S + 2)
    assert len(_tasks_for(event_stack, seller, product)) == 2

    _publish(event_stack, [ProductDeleted(product_id=product, seller_id=seller, version=13)])
    statuses = "SELECT v.status FROM product_details d JOIN products p ON p.id = d.product_id " \
               "JOIN page_versions v ON v.page_id = d.id AND v.version = d.current_version " \
               "WHERE p.external_id = %s"
    wait_until(lambda: {s for (s,) in query(event_stack.database_url, statuses, (product,))}
               == {"archived"}, 30, what="pages archived")


def test_a_product_keeps_one_page_whose_versions_follow_updates_revert_and_deletion(event_stack):
    import httpx

    seller, product = "seller-one-page", "kettle-1"
    base = all_samples()["tumbler"]
    api = httpx.Client(base_url=event_stack.url, headers={"X-User-Id": seller}, timeout=30)
    _publish(event_stack, [ProductCreated(product_id=product, seller_id=seller, version=1,
                                          product=_payload(0, base))])
    wait_until(lambda: [s for _, s in _tasks_for(event_stack, seller, product)] == ["completed"],
               60, what="the first page")
    _publish(event_stack, [ProductUpdated(
        product_id=product, seller_id=seller, version=2,
        product=_payload(0, base, product_data=base["product_data"] + "\n리뉴얼 에디션 한정"))])
    wait_until(lambda: [s for _, s in _tasks_for(event_stack, seller, product)]
               == ["completed", "completed"], 60, what="the regeneration")

    (product_pk,), = query(event_stack.database_url, "SELECT id FROM products "
                           "WHERE user_id = %s AND external_id = %s", (seller, product))
    listed = api.get("/api/product-details", params={"product_id": product_pk}).json()
    assert listed["total"] == 1, listed  # the update did not leave a second (stale) page
    page = listed["items"][0]
    assert page["version"] == 2 and page["status"] == "draft"
    history = api.get(f"/api/product-details/{page['id']}/versions").json()
    assert [v["version"] for v in history] == [1, 2]
    assert history[1]["note"] == "상품 정보 변경으로 다시 생성"
    v1 = api.get(f"/api/product-details/{page['id']}/versions/1").json()
    v2 = api.get(f"/api/product-details/{page['id']}").json()
    assert "리뉴얼 에디션" in v2["html"] and "리뉴얼 에디션" not in v1["html"]

    reverted = api.post(f"/api/product-details/{page['id']}/versions/1/revert")
    assert reverted.status_code == 200, reverted.text
    assert reverted.json()["version"] == 3 and reverted.json()["html"] == v1["html"]
    update_task = _tasks_for(event_stack, seller, product)[1][0]
    result = api.get(f"/api/generation/generation/result/{update_task}")
    assert result.json()["result"]["html"] == v1["html"]  # the result shows the page as it is

    _publish(event_stack, [ProductDeleted(product_id=product, seller_id=seller, version=3)])
    def archived() -> list | None:
        found = api.get(f"/api/product-details/{page['id']}/versions").json()
        return found if len(found) == 4 else None
    history = wait_until(archived, 30, what="an archived version")
    assert history[3]["status"] == "archived" and history[3]["note"] == "상품 삭제로 보관"
    assert [v["status"] for v in history[:3]] == ["draft"] * 3  # earlier versions stay as they were
    assert api.get(f"/api/product-details/{page['id']}").json()["status"] == "archived"


def test_malformed_and_invalid_events_are_dead_lettered_and_consumption_continues(event_stack):
    async def raw() -> None:
        producer = AIOKafkaProducer(bootstrap_servers=event_stack.bootstrap)
        await producer.start()
        try:
            await producer.send_and_wait("commerce.product-events", b"\xff not json", key=b"bad-1")
            await producer.send_and_wait("commerce.product-events", json.dumps(
                {"event_type": "product.created", "product_id": "bad-2", "version": 1,
                 "product": {"name": "x", "product_data": "y"}}).encode(), key=b"bad-2")
        finally:
            await producer.stop()

    asyncio.run(raw())
    good = ProductCreated(product_id="after-bad", seller_id="seller-dlq", version=1,
                          product=_payload(0, all_samples()["cream"]))
    _publish(event_stack, [good])
    wait_until(lambda: [s for _, s in _tasks_for(event_stack, "seller-dlq", "after-bad")]
               == ["completed"], 60, what="the valid event after the bad ones")
    letters = {json.loads(v)["key"]: json.loads(v)
               for _, v, _ in read_topic(event_stack.bootstrap, "pdp.dlq")}
    assert "invalid JSON" in letters["bad-1"]["error"] or "json" in letters["bad-1"]["error"].lower()
    assert "seller_id" in letters["bad-2"]["error"]
    assert letters["bad-2"]["source_topic"] == "commerce.product-events"


def test_seller_defaults_decide_whether_events_generate(event_stack):
    import httpx

    headers = {"X-User-Id": "seller-manual"}
    base = f"{event_stack.url}/api/seller-settings"
    assert httpx.get(base, headers=headers).json()["auto_generate"] is True
    changed = httpx.put(base, headers=headers, json={"auto_generate": False, "language": "ko"})
    assert changed.status_code == 200 and changed.json()["auto_generate"] is False
    bad = httpx.put(base, headers=headers, json={"auto_generate": False,
                                                  "default_template_set_id": 999999})
    assert bad.status_code == 422
    _publish(event_stack, [ProductCreated(product_id="manual-1", seller_id="seller-manual",
                                          version=1, product=_payload(0, all_samples()["cream"]))])
    wait_until(lambda: query(event_stack.database_url,
                             "SELECT 1 FROM products WHERE external_id = 'manual-1'"), 30,
               what="the product to be recorded")
    time.sleep(WINDOW_S + 1.5)
    assert _tasks_for(event_stack, "seller-manual", "manual-1") == []


INTEROP = Path(__file__).resolve().parents[1] / "interop"
# Debian's kcat links librdkafka 2.0.2, which cannot parse the dev broker's ApiVersions v3
# reply; without the version probe (fallback 0.9.0) it still reads, from explicit
# partitions and offsets. Against real Kafka plain `kcat -C` works.
KCAT_DEV_BROKER = ["-X", "api.version.request=false", "-X", "broker.version.fallback=0.9.0"]


def _kcat_read(bootstrap: str, topic: str, partitions: int) -> list[str]:
    lines = []
    for partition in range(partitions):
        out = subprocess.run(["kcat", *KCAT_DEV_BROKER, "-C", "-b", bootstrap, "-t", topic,
                              "-p", str(partition), "-o", "0", "-e", "-q", "-f", "%s\n"],
                             capture_output=True, timeout=30, check=True).stdout.decode()
        lines += out.splitlines()
    return lines


@pytest.mark.skipif(shutil.which("kcat") is None or shutil.which("node") is None
                    or not (INTEROP / "node_modules" / "kafkajs").exists(),
                    reason="needs kcat (Debian) and KafkaJS (npm ci --prefix tests/interop); "
                           ".ci/run installs both")
def test_non_python_clients_produce_a_product_event_and_read_the_page(event_stack):
    event = ProductCreated(product_id="interop-1", seller_id="seller-interop", version=1,
                           product=_payload(0, all_samples()["earbuds"]))
    subprocess.run(["node", str(INTEROP / "produce.js"), event_stack.bootstrap,
                    "commerce.product-events", "interop-1"],
                   input=event.model_dump_json().encode(), check=True, timeout=60)

    def consumed() -> dict | None:
        for line in _kcat_read(event_stack.bootstrap, "pdp.results",
                               event_stack.settings.topic_partitions):
            if '"interop-1"' in line:
                return json.loads(line)
        return None

    page = wait_until(consumed, 60, interval=1, what="kcat to read the page-generated event")
    assert page["product_id"] == "interop-1" and page["user_id"] == "seller-interop"
    assert "사운드핏 에어 프로" in "".join(page["html_list"])


def test_an_event_naming_a_stored_image_that_is_not_the_sellers_gets_no_photo_and_a_warning(
        event_stack):
    seller, product = "seller-photo", "bag-1"
    foreign = "/media/ab/" + "ab" * 32 + ".png"  # well-formed, but no image of this seller
    payload = _payload(0, all_samples()["tumbler"], product_image_url=foreign, tone="고급스러운")
    _publish(event_stack, [ProductCreated(product_id=product, seller_id=seller, version=1,
                                          product=payload)])
    wait_until(lambda: [s for _, s in _tasks_for(event_stack, seller, product)] == ["completed"],
               60, what="the page")
    (plan, images), = query(
        event_stack.database_url,
        "SELECT v.plan, array_agg(i.mime ORDER BY i.idx) FROM product_details d "
        "JOIN products p ON p.id = d.product_id JOIN product_images i "
        "ON i.product_detail_id = d.id JOIN page_versions v ON v.page_id = d.id "
        "AND v.version = d.current_version WHERE p.external_id = %s GROUP BY v.plan", (product,))
    assert any(a["code"] == "photo_unusable" and "상품 사진으로 지정한 이미지를 찾을 수 없어"
               in a["message"] for a in plan["advice"])
    assert all(i["photo_url"] is None and i["kind"] == "generate" for i in plan["images"])
    assert set(images) == {"image/svg+xml"}  # drawn, nothing read from another seller's file
    assert plan["style"]["concept_name"] == "소프트 럭셔리"  # free-text tone → nearest preset


BULK_CSV = (
    "product_id,seller_id,name,product_data,price\n"                          # line 1
    'csv-a,seller-csv,텀블러,"스텐리 클래식 진공 텀블러 591ml\n가격: 39,000원\n'
    '보온 7시간, 보냉 24시간",39000\n'                                         # lines 2-4
    "csv-bad,seller-csv,,머그,abc\n"                                            # line 5: record 3
    'csv-b,seller-csv,그래놀라,"아침든든 유기농 귀리 그래놀라 500g\n가격: 12,900원",12900\n'  # 6-7
    "csv-off,seller-csv-off,크림,수분 크림 50ml,28000\n"                        # line 8: skipped
    'csv-bad2,bad seller!,접시,"넓은\n접시",\n'                                # lines 9-10
)


def _produce(stack, path: Path, *extra: str) -> subprocess.CompletedProcess:
    import os
    import sys

    return subprocess.run([str(Path(sys.executable).parent / "pdp"), "produce", "products",
                           str(path), "--yes", "--bootstrap", stack.bootstrap,
                           "--timeout", "120", *extra],
                          check=False, capture_output=True, text=True, timeout=240,
                          env=os.environ | {"DATABASE_URL": stack.database_url,
                                            "COLUMNS": "250"})


def test_pdp_produce_csv_reports_bad_rows_by_file_line_publishes_the_rest_and_follows_them(
        event_stack, tmp_path):
    import httpx

    off = httpx.put(f"{event_stack.url}/api/seller-settings", json={"auto_generate": False},
                    headers={"X-User-Id": "seller-csv-off"})
    assert off.status_code == 200, off.text
    path = tmp_path / "catalogue.csv"
    path.write_text(BULK_CSV, encoding="utf-8")
    refused = _produce(event_stack, path, "--strict")
    assert refused.returncode == 2, refused.stderr
    assert "nothing was published" in refused.stderr
    time.sleep(1)
    assert query(event_stack.database_url,
                 "SELECT 1 FROM products WHERE user_id LIKE %s", ("seller-csv%",)) == []

    run = _produce(event_stack, path)
    assert run.returncode == 1, run.stderr  # bad rows make the run not clean
    assert "Traceback" not in run.stderr
    table = run.stderr[run.stderr.index("2 of 5 row(s) not valid"):run.stderr.index("valid events")]
    rows = {cells[0]: cells[1] for line in table.splitlines()
            if (cells := [c.strip() for c in line.split("│")[1:-1]]) and cells[0].isdigit()}
    assert set(rows) == {"5", "9"}  # file lines, not record numbers (3 and 5)
    assert "price: not a number" in rows["5"] and "name: Field required" in rows["5"]
    assert "seller_id" in rows["9"]
    # Followed to the end: the pages exist when the command returns, not later.
    pages = query(event_stack.database_url,
                  "SELECT p.external_id FROM product_details d JOIN products p "
                  "ON p.id = d.product_id WHERE p.user_id = 'seller-csv' ORDER BY 1")
    assert [r[0] for r in pages] == ["csv-a", "csv-b"]
    summary = run.stderr[run.stderr.index("bulk run"):]
    counts = next([c.strip() for c in line.split("│")[1:-1]] for line in summary.splitlines()
                  if line.count("│") >= 6 and line.split("│")[1].strip().isdigit())
    assert counts == ["2", "0", "1", "0", "2", "0.0000"]  # done failed skipped open bad cost
    assert "generating" in run.stderr and "publishing" in run.stderr
