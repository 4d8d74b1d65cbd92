"""API error bodies a seller reads are sentences in their language; the exception's own
text (hosts, URLs, SQL, Kafka) stays in the log (gateway/errors.py)."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import DataError, OperationalError

from gateway import errors
from infra.fetch import FetchFailed, FetchRefused, FetchTooLarge
from infra.slices import PageTooTall
from pagelogic.edits.plan_ops import EditRefused
from pagelogic.images.decode import NotAnImage
from producers.kafka import BrokerUnavailable

RAISED = {
    "refused": FetchRefused("scheme 'ftp' is not allowed; use http or https"),
    "private": FetchRefused("address 10.0.0.7 is private, loopback, link-local or reserved; "
                            "set PDP_FETCH_ALLOW_PRIVATE"),
    "failed": FetchFailed("the URL answered HTTP 404"),
    "hostless": FetchFailed("could not fetch the URL: ConnectError"),
    "large": FetchTooLarge("the body is larger than 10485760 bytes"),
    "not_image": NotAnImage("the content is not a valid image"),
    "broker": BrokerUnavailable("cannot connect to Kafka: KafkaConnectionError('10.0.0.9:9092')"),
    "database": OperationalError("SELECT 1", {}, Exception("could not connect to 10.0.0.5:5432")),
    "value": DataError("INSERT INTO tasks", {}, Exception("invalid byte sequence 0x00")),
    "edit": EditRefused("template_type", template_type="FAQ", block_type="KeyFeatures"),
    "edit_block": EditRefused("no_block", position=7),
    "too_tall": PageTooTall(41000, 30000),
}


@pytest.fixture(scope="module")
def api() -> TestClient:
    app = FastAPI()
    errors.install(app)

    @app.get("/raise/{kind}")
    async def boom(kind: str):
        raise RAISED[kind]
    return TestClient(app, raise_server_exceptions=False)


def _detail(body: dict) -> str:
    detail = body["detail"]
    return detail if isinstance(detail, str) else " ".join(d["msg"] for d in detail)


@pytest.mark.parametrize("kind", sorted(RAISED))
def test_the_seller_reads_korean_without_the_exceptions_text(api, kind):
    response = api.get(f"/raise/{kind}")
    assert response.status_code in (400, 413, 415, 422, 502, 503)
    text = _detail(response.json()).replace("https://…", "")  # a hint, not an internal
    assert re.search(r"[가-힣]", text), text
    for internal in ("http", "Kafka", "10.0.0", "URL", "ftp", "0x00", "SELECT", "INSERT",
                     "bytes", "Error", "PDP_"):
        assert internal not in text, (kind, text)
    assert set(response.json()) <= {"detail"}  # no "reason" carrying the raw text


def test_the_same_errors_in_english_for_an_english_seller(api):
    private = api.get("/raise/private", headers={"Accept-Language": "en"}).json()["detail"]
    assert private == "This address cannot be used: Private network addresses cannot be used."
    broker = api.get("/raise/broker", headers={"Accept-Language": "en"}).json()["detail"]
    assert "message broker" in broker and "Kafka" not in broker
    assert "내부망 주소" in api.get("/raise/private").json()["detail"]


def test_a_refused_edit_names_blocks_as_the_seller_sees_them(api):
    korean = api.get("/raise/edit").json()["detail"]
    assert korean == "선택한 템플릿은 '자주 묻는 질문' 블록용이라 '주요 특징' 블록에 쓸 수 없습니다."
    english = api.get("/raise/edit", headers={"Accept-Language": "en"}).json()["detail"]
    assert "KeyFeatures" not in english and "blocks" in english
    assert api.get("/raise/edit_block").json()["detail"] == "7번 블록이 이 페이지에 없습니다."


def test_a_page_too_tall_to_slice_names_both_heights_in_the_sellers_language(api):
    korean = api.get("/raise/too_tall").json()["detail"]
    assert "41000px" in korean and "30000px" in korean and "HTML" in korean
    english = api.get("/raise/too_tall", headers={"Accept-Language": "en"}).json()["detail"]
    assert english.startswith("The page is 41000 px tall")
