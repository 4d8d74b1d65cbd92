"""상품정보제공고시 end to end: real gateway, worker, broker and PostgreSQL. Every page ends
with the notice filled from the seller's text and settings, the result asks for what is
missing, an answer re-renders only the notice as a new version, and exports carry it."""

from __future__ import annotations

import io
import json
import zipfile

import httpx
import pytest

from tests.integration.conftest import running_stack
from tests.integration.support import wait_done

pytestmark = pytest.mark.integration
AIRFRYER = {"product_data": "에어프라이어 5.5L\n가격: 129,000원\n모델명: AF-550\n"
                            "정격전압: 220V\n소비전력: 1,400W\n제조국: 중국\n용량: 5.5L\n"
                            "바스켓 코팅: 세라믹, 식기세척기 사용 가능",
            "category": "주방가전", "features": ["기름 없이 바삭하게"]}


@pytest.fixture(scope="module")
def stack(pg_admin_url, tmp_path_factory):
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("notice"),
                       env={"PDP_RATE_LIMIT": ""}) as running:
        yield running


@pytest.fixture(scope="module")
def seller(stack):
    with httpx.Client(base_url=stack.url, headers={"X-User-Id": "notice-seller"},
                      timeout=120) as client:
        yield client


def test_every_page_ends_with_the_notice_and_answers_make_a_new_version(seller):
    settings = seller.put("/api/seller-settings", json={
        "courier": "CJ대한통운", "shipping_fee": 3000, "return_fee": 3000,
        "return_address": "서울시 성동구 성수이로 1, 2층"})
    assert settings.status_code == 200 and settings.json()["courier"] == "CJ대한통운"
    assert seller.put("/api/seller-settings", json={"as_phone": "call me"}).status_code == 422
    kept = seller.put("/api/seller-settings", json={"auto_generate": True}).json()
    assert kept["courier"] == "CJ대한통운"  # shipping fields not sent are kept

    done = seller.post("/api/generation/display-list", json=AIRFRYER, params={"wait": 90})
    assert done.status_code == 200, done.text
    result = done.json()["result"]
    assert result["blocks"][-1]["block_type"] == "InfoNotice"
    last = result["html_list"][-1]
    assert "상품정보제공고시" in last and "가정용 전기제품" in last
    assert "AF-550" in last and "1,400W" in last and "CJ대한통운" in last and "입력 필요" in last
    asked = {q["key"]: q for q in result["questions"]}
    assert asked["notice.kc"]["question"].startswith("KC 인증번호를 알려 주세요")
    assert asked["notice.kc"]["block_type"] == "InfoNotice"
    assert {"shipping.exchange_fee", "shipping.as_phone"} <= set(asked)
    assert "shipping.courier" not in asked and "notice.country" not in asked

    page_id = result["page_id"]
    notice = seller.get(f"/api/product-details/{page_id}/notice").json()
    country = next(r for r in notice["rows"] if r["key"] == "notice.country")
    source = country["sources"][0]
    assert AIRFRYER["product_data"][source["start"]:source["end"]] == "중국"

    bad = seller.post(f"/api/product-details/{page_id}/notice",
                      json={"answers": {"notice.unknown": "x"}})
    answered = seller.post(f"/api/product-details/{page_id}/notice", json={"answers": {
        "notice.kc": "XU071234-20001", "shipping.exchange_fee": "6,000원",
        "shipping.as_phone": "1588-1234"}})
    assert answered.status_code == 202, answered.text
    task_id = answered.json()["task_id"]
    assert wait_done(seller, [task_id], 90)[task_id]["status"] == "completed"
    assert bad.status_code == 422 and "notice.unknown" in bad.text
    page = seller.get(f"/api/product-details/{page_id}").json()
    before = result["html_list"]
    changed = [i for i, (a, b) in enumerate(zip(before, page["html_list"])) if a != b]
    assert changed == [len(before) - 1]  # only the notice block was re-rendered
    assert "XU071234-20001" in page["html_list"][-1] and "1588-1234" in page["html_list"][-1]
    assert seller.get("/api/seller-settings").json()["exchange_fee"] == 6000
    left = {q["key"] for q in seller.get(f"/api/product-details/{page_id}/notice").json()[
        "questions"]}
    assert not {"notice.kc", "shipping.exchange_fee", "shipping.as_phone"} & left

    bundle = zipfile.ZipFile(io.BytesIO(seller.get(
        f"/api/product-details/{page_id}/export", params={"format": "zip"}).content))
    exported = json.loads(bundle.read("notice.json"))
    assert {"label": "KC 인증정보", "value": "XU071234-20001"} in exported["items"]
    coupang = seller.get(f"/api/product-details/{page_id}/notice",
                         params={"profile": "coupang"}).json()
    assert coupang["notices"][0]["noticeCategoryName"].startswith("가정용 전기제품")
    other = httpx.get(f"{seller.base_url}/api/product-details/{page_id}/notice",
                      headers={"X-User-Id": "someone-else"})
    assert other.status_code == 404


def test_a_library_category_id_and_the_product_name_choose_the_group(seller):
    living = next(c for c in seller.get("/api/categories").json() if c["name"] == "생활용품")
    body = {"product_data": "스텐리 클래식 진공 텀블러 591ml\n소재: 18/8 스테인리스 스틸\n"
                            "제조국: 중국", "category": str(living["id"])}
    done = seller.post("/api/generation/display-list", json=body, params={"wait": 90})
    assert done.status_code == 200, done.text
    notice = seller.get(f"/api/product-details/{done.json()['result']['page_id']}/notice").json()
    assert notice["group_title"] == "주방용품"  # 생활용품 is coarse: the name decides
    rows = {r["key"]: r["value"] for r in notice["rows"]}
    assert rows["notice.material"] == "18/8 스테인리스 스틸" and rows["notice.country"] == "중국"

