"""A request goes in over HTTP, through Kafka and the Faust stages, and a page comes out —
in PostgreSQL, on the results topic and through the result API."""

from __future__ import annotations

import json
import re
import time

import httpx
import pytest

from producers.signing import HEADER, signer_for
from schemas.topics import ALL_TOPICS
from tests.integration.support import all_samples, query, read_topic, sample, send_raw, wait_done

pytestmark = pytest.mark.integration


def _sse_events(stack, task_id: str, timeout: float = 60, last_id: int = 0) -> list[dict]:
    events = []
    headers = {"X-User-Id": "seller-1", **({"Last-Event-ID": str(last_id)} if last_id else {})}
    with httpx.Client(base_url=stack.url, headers=headers, timeout=timeout) as c:
        with c.stream("GET", f"/api/generation/generation/events/{task_id}") as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            for line in response.iter_lines():
                if line.startswith("data: "):
                    events.append(json.loads(line[6:]))
    return events


def test_display_list_is_accepted_quickly_and_streams_progress_to_completion(stack, client):
    started = time.perf_counter()
    response = client.post("/api/generation/display-list", json=sample("tumbler"))
    elapsed_ms = (time.perf_counter() - started) * 1000
    print(f"display-list answered {response.status_code} in {elapsed_ms:.1f} ms")
    assert response.status_code == 202
    body = response.json()
    task_id = body["task_id"]
    assert body["status"] == "pending" and body["events_url"].endswith(task_id)

    events = _sse_events(stack, task_id)
    statuses = [e["status"] for e in events]
    progress = [e["progress"] for e in events]
    assert statuses[-1] == "completed", events
    assert "processing" in statuses
    assert statuses.index("processing") < statuses.index("completed")
    assert progress == sorted(progress) and progress[-1] == 100
    assert statuses[0] == "pending" and progress[0] == 0
    assert len(set(progress)) >= 4, f"progress should rise in steps, got {progress}"
    assert [e["event_id"] for e in events] == sorted(e["event_id"] for e in events)
    # Reconnecting with Last-Event-ID resumes after that event instead of starting over.
    resumed = _sse_events(stack, task_id, last_id=events[-3]["event_id"])
    assert resumed == events[-2:]


def test_stored_page_matches_output_topic_and_result_api(stack, client):
    task_id = client.post("/api/generation/display-list", json=sample("earbuds")).json()["task_id"]
    assert wait_done(client, [task_id], 60)[task_id]["status"] == "completed"
    result = client.get(f"/api/generation/generation/result/{task_id}").json()
    assert result["status"] == "completed"
    page = result["result"]

    stored = query(stack.database_url,
                   "SELECT d.id, v.html_list FROM product_details d JOIN page_versions v "
                   "ON v.page_id = d.id AND v.version = d.current_version WHERE d.task_id = %s", (task_id,))
    assert len(stored) == 1 and stored[0][0] == page["page_id"]
    assert stored[0][1] == page["html_list"]

    messages = [json.loads(v) for k, v, _ in read_topic(stack.bootstrap, "pdp.results")
                if k == task_id.encode()]
    assert messages, "no page-generated event on pdp.results"
    assert {m["dedupe_key"] for m in messages} == {f"page:{task_id}"}
    assert messages[0]["html_list"] == page["html_list"]
    assert messages[0]["page_id"] == page["page_id"]


def test_thin_input_gets_a_true_page_with_korean_warnings_questions_and_quality(stack, client):
    task_id = client.post("/api/generation/display-list",
                          json={"product_data": "무지 세라믹 머그컵 ZXTHIN"}).json()["task_id"]
    assert wait_done(client, [task_id], 60)[task_id]["status"] == "completed"
    page = client.get(f"/api/generation/generation/result/{task_id}").json()["result"]
    # Only the hook is true; the 상품정보제공고시 ends every page and asks for its items.
    assert [b["block_type"] for b in page["blocks"]] == ["Introduction", "InfoNotice"]
    assert [w["code"] for w in page["warnings"]] == ["name_only", "notice_incomplete"]
    assert any(q["block_type"] == "InfoNotice" for q in page["questions"])
    keys = [q["key"] for q in page["questions"]]
    assert {"price", "features", "size", "material", "usage"} <= set(keys)
    price = next(q for q in page["questions"] if q["key"] == "price")
    assert price["block_type"] == "Introduction" and "가격" in price["question"]
    assert page["quality"]["repeated_share"] == 0 and page["quality"]["facts_given"] == 0
    event = [json.loads(v) for k, v, _ in read_topic(stack.bootstrap, "pdp.results")
             if k == task_id.encode()][0]
    assert event["warnings"] == page["warnings"] and event["questions"] == page["questions"]
    assert event["quality"] == page["quality"]


def test_a_notice_is_its_own_block_not_a_selling_point(client):
    body = {"product_data": "미니 가습기 ZXNOTICE\n가격: 19,900원\n용량: 300ml\n"
                            "배송 중 파손된 제품은 7일 이내 연락 주세요\n저소음 설계로 조용합니다",
            "features": ["저소음"]}
    task_id = client.post("/api/generation/display-list", json=body).json()["task_id"]
    assert wait_done(client, [task_id], 60)[task_id]["status"] == "completed"
    page = client.get(f"/api/generation/generation/result/{task_id}").json()["result"]
    html = dict(zip([b["block_type"] for b in page["blocks"]], page["html_list"]))
    assert "배송 중 파손" in html["Notice"] and "파손" not in html["KeyFeatures"]
    assert "300ml" in html["Specifications"] and "저소음 설계로 조용합니다" in html["KeyFeatures"]
    assert page["quality"]["repeated_share"] <= 0.1


def test_every_sample_product_becomes_a_complete_page(stack, client):
    products = all_samples()
    ids = {name: client.post("/api/generation/display-list", json=body).json()["task_id"]
           for name, body in products.items()}
    done = wait_done(client, list(ids.values()), 90)
    for name, task_id in ids.items():
        assert done[task_id]["status"] == "completed", (name, done[task_id])
        page = client.get(f"/api/generation/generation/result/{task_id}").json()["result"]
        facts = products[name]
        first_line = facts["product_data"].splitlines()[0]
        price = re.search(r"[\d,]+원", facts["product_data"]).group(0)
        assert first_line in page["html"] and price in page["html"], name
        assert len(page["html_list"]) == len(page["blocks"]) >= 3
        assert "<script" not in page["html"]
        assert page["images"], name
        for image in page["images"]:
            assert image["alt"], name
            served = client.get(image["url"])
            assert served.status_code == 200 and served.headers["content-type"] == "image/svg+xml"
            assert image["url"] in page["html"]


def test_wait_parameter_returns_the_finished_page(client):
    response = client.post("/api/generation/display-list?wait=30", json=sample("granola"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "completed"
    assert "아침든든 유기농 귀리 그래놀라" in body["result"]["html"]


@pytest.mark.parametrize("body, field", [
    ({}, "product_data"),
    ({"product_data": ""}, "product_data"),
    ({"product_data": "x", "features": "not-a-list"}, "features"),
    ({"product_data": "x", "product_image_url": "file:///etc/passwd"}, "product_image_url"),
    ({"product_data": "x" * 20_001}, "product_data"),
    ({"product_data": "x", "tone": "t" * 51}, "tone"),
    ({"product_data": "x", "unexpected": 1}, "unexpected"),
])
def test_invalid_body_gets_422_naming_the_field(client, body, field):
    response = client.post("/api/generation/display-list", json=body)
    assert response.status_code == 422
    fields = [error["loc"][-1] for error in response.json()["detail"]]
    assert field in fields, response.json()


def test_user_header_is_required_and_tasks_are_private(stack, client):
    anonymous = httpx.post(f"{stack.url}/api/generation/display-list", json=sample("cream"))
    assert anonymous.status_code == 401
    task_id = client.post("/api/generation/display-list", json=sample("cream")).json()["task_id"]
    other = {"X-User-Id": "seller-2"}
    for path in ("status", "result", "events"):
        url = f"{stack.url}/api/generation/generation/{path}/{task_id}"
        assert httpx.get(url, headers=other).status_code == 404
    assert client.get("/api/generation/generation/status/" + "0" * 32).status_code == 404
    assert client.get("/api/generation/generation/result/unknown").status_code == 404


def test_health_readiness_and_info(client):
    assert client.get("/api/generation/actuator/health").json() == {"status": "UP"}
    ready = client.get("/api/generation/actuator/ready")
    assert ready.status_code == 200
    assert ready.json()["components"] == {"database": "UP", "kafka": "UP"}
    assert client.get("/api/generation/").json()["status"] == "UP"
    assert client.get("/openapi.json").status_code == 200


def test_poison_message_goes_to_dead_letter_and_pipeline_continues(stack, client):
    # Signed with the stack's key, as a buggy release of the service would write it: the
    # signature passes, decoding fails.
    value = json.dumps({"event_type": "generation.requested", "nonsense": 1}).encode()
    signature = signer_for(stack.settings).sign("pdp.requests", b"poison", value)
    send_raw(stack.bootstrap, [("pdp.requests", b"poison", value, [(HEADER, signature.encode())])])
    task_id = client.post("/api/generation/display-list", json=sample("linen_shirt")).json()["task_id"]
    assert wait_done(client, [task_id], 60)[task_id]["status"] == "completed"
    letters = [json.loads(v) for _, v, _ in read_topic(stack.bootstrap, "pdp.dlq")]
    poison = [letter for letter in letters if letter["key"] == "poison"]
    assert poison and poison[0]["source_topic"] == "pdp.requests"
    assert "task_id" in poison[0]["error"]  # the reason names what is missing


def test_all_topics_exist_with_declared_partitions(stack):
    import asyncio

    from aiokafka.admin import AIOKafkaAdminClient

    async def describe() -> tuple[dict[str, int], list[str]]:
        admin = AIOKafkaAdminClient(bootstrap_servers=stack.bootstrap)
        await admin.start()
        try:
            names = [t.name for t in ALL_TOPICS]
            described = await admin.describe_topics(names)
            return ({d["topic"]: len(d["partitions"]) for d in described},
                    await admin.list_topics())
        finally:
            await admin.close()

    partitions, existing = asyncio.run(describe())
    # Only the registry's topics: no Faust leader topic (the k8s KafkaTopic CRs are the list).
    assert not [t for t in existing if "__leader" in t or "__assignor" in t], existing
    for spec in ALL_TOPICS:
        assert partitions[spec.name] == (spec.partitions or stack.settings.topic_partitions)
