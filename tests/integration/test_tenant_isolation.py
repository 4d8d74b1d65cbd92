"""The tenant hole of issue #14: nobody but the service writes pipeline topics, nobody but an
operator uses the raw message route, and a forged record on any consumed topic ends in the
dead-letter topic — never in a seller's data.

The stack runs with an upstream key, as a deployment whose commerce systems sign their events
would; the default (no upstream key, broker ACLs only) is what every other test stack runs."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator

import httpx
import pytest

from producers.signing import HEADER, signer_for
from schemas.api import GenerationRequest
from schemas.events import GenerationRequested
from schemas.product_events import ProductCreated, ProductPayload
from tests.integration.conftest import OPERATOR, running_stack
from tests.integration.support import (
    query,
    read_topic,
    sample,
    send_raw,
    wait_done,
    wait_until,
)

pytestmark = pytest.mark.integration
UPSTREAM_KEY = "upstream-shared-secret-for-tests"
VICTIM = "victim-seller"


@pytest.fixture(scope="module")
def signed_stack(pg_admin_url, tmp_path_factory) -> Iterator:
    env = {"PDP_UPSTREAM_MESSAGE_KEY": UPSTREAM_KEY, "PDP_PRODUCT_DEBOUNCE_S": "0"}
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("tenant"), env=env) as running:
        yield running


def _client(stack, user: str) -> httpx.Client:
    return httpx.Client(base_url=stack.url, headers={"X-User-Id": user}, timeout=30)


def _product_event(seller: str, product_id: str) -> dict:
    payload = ProductPayload(name="남의 상품", product_data="가격: 1,000원\n원산지: 국내산")
    return json.loads(ProductCreated(product_id=product_id, seller_id=seller, version=1,
                                     product=payload).model_dump_json())


def _letters(stack) -> list[dict]:
    return [json.loads(v) for _, v, _ in read_topic(stack.bootstrap, "pdp.dlq")]


def _letter_for(stack, key: bytes) -> dict:
    def find():
        return next((x for x in _letters(stack) if x["key"] == key.decode()), None)
    return wait_until(find, 30, interval=0.5, what=f"a dead letter for {key!r}")


def test_raw_message_route_is_for_operators_only(signed_stack):
    event = _product_event(VICTIM, "p-route")
    body = {"topic": "commerce.product-events", "key": "p-route", "value": event}
    with _client(signed_stack, "attacker") as attacker:
        refused = attacker.post("/api/generation/message", json=body)
    assert refused.status_code == 403
    assert query(signed_stack.database_url,
                 "SELECT count(*) FROM products WHERE user_id = %s", (VICTIM,))[0][0] == 0


@pytest.mark.parametrize("topic", ["pdp.requests", "pdp.results", "pdp.dlq", "pdp.block-tasks"])
def test_operators_cannot_write_pipeline_topics(signed_stack, topic):
    with _client(signed_stack, OPERATOR) as operator:
        answer = operator.post("/api/generation/message",
                               json={"topic": topic, "value": {"event_type": "page.generated"}})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "topic"]


def test_operator_event_is_validated_and_applied(signed_stack):
    with _client(signed_stack, OPERATOR) as operator:
        bad = _product_event("ops-seller", "p-bad") | {"seller_id": "no spaces allowed"}
        invalid = operator.post("/api/generation/message",
                                json={"topic": "commerce.product-events", "value": bad})
        assert invalid.status_code == 422
        assert invalid.json()["detail"][0]["loc"][:3] == ["body", "value", "seller_id"]
        good = operator.post("/api/generation/message", json={
            "topic": "commerce.product-events", "value": _product_event("ops-seller", "p-ok")})
        assert good.status_code == 201
    # Signed with the upstream key by the gateway, so the worker applies it.
    wait_until(lambda: query(signed_stack.database_url, "SELECT count(*) FROM products WHERE "
                             "user_id = 'ops-seller' AND external_id = 'p-ok'")[0][0] == 1,
               30, what="the operator's product")


def test_forged_request_for_another_seller_is_dead_lettered(signed_stack):
    task_id = uuid.uuid4().hex
    forged = GenerationRequested(task_id=task_id, user_id=VICTIM,
                                 request=GenerationRequest.model_validate(sample("cream")))
    key = f"forged-{task_id}".encode()
    send_raw(signed_stack.bootstrap, [("pdp.requests", key, forged.to_bytes(), [])])
    letter = _letter_for(signed_stack, key)
    assert "signature" in letter["error"] and letter["source_topic"] == "pdp.requests"
    assert query(signed_stack.database_url, "SELECT count(*) FROM tasks WHERE id = %s OR "
                 "user_id = %s", (task_id, VICTIM))[0][0] == 0


def test_a_real_signature_on_a_changed_body_is_refused(signed_stack):
    """Copy the signature of a genuine request, put another seller in the body."""
    with _client(signed_stack, "honest-seller") as honest:
        task_id = honest.post("/api/generation/display-list", json=sample("tumbler")).json()["task_id"]
        wait_done(honest, [task_id], 60)
    key, value, headers = next(r for r in read_topic(signed_stack.bootstrap, "pdp.requests")
                               if r[0] == task_id.encode())
    assert HEADER in headers  # the gateway signs what it publishes
    tampered = value.replace(b'"honest-seller"', f'"{VICTIM}"'.encode())
    new_id = uuid.uuid4().hex
    tampered = tampered.replace(task_id.encode(), new_id.encode())
    send_raw(signed_stack.bootstrap,
             [("pdp.requests", new_id.encode(), tampered, [(HEADER, headers[HEADER])])])
    assert "signature" in _letter_for(signed_stack, new_id.encode())["error"]
    assert query(signed_stack.database_url, "SELECT count(*) FROM tasks WHERE user_id = %s",
                 (VICTIM,))[0][0] == 0


def test_forged_upstream_event_is_dead_lettered_when_upstream_signs(signed_stack):
    key = b"forged-product"
    value = json.dumps(_product_event(VICTIM, "forged-product")).encode()
    send_raw(signed_stack.bootstrap, [("commerce.product-events", key, value, [])])
    assert "signature" in _letter_for(signed_stack, key)["error"]
    assert query(signed_stack.database_url,
                 "SELECT count(*) FROM products WHERE user_id = %s", (VICTIM,))[0][0] == 0
    # The same event signed with the upstream key is applied: the check is the key, not luck.
    signed = signer_for(signed_stack.settings.model_copy(
        update={"upstream_message_key": UPSTREAM_KEY}))
    signature = signed.sign("commerce.product-events", key, value)
    send_raw(signed_stack.bootstrap, [("commerce.product-events", key, value,
                                       [(HEADER, signature.encode())])])
    wait_until(lambda: query(signed_stack.database_url, "SELECT count(*) FROM products WHERE "
                             "user_id = %s", (VICTIM,))[0][0] == 1, 30, what="the signed event")


def test_dlq_list_survives_forged_records_and_replay_skips_them(signed_stack):
    fake_letter = {"source_topic": "pdp.requests", "value_b64": "e30=", "error": "fake",
                   "stage": "plan", "headers": {}}
    send_raw(signed_stack.bootstrap, [
        ("pdp.dlq", b"garbage", b"\xff\xfe not json at all", []),
        ("pdp.dlq", b"not-a-letter", b'{"hello": "world"}', []),
        ("pdp.dlq", b"fake-letter", json.dumps(fake_letter).encode(), []),
    ])
    env = {"KAFKA_BOOTSTRAP_SERVERS": signed_stack.bootstrap, "PATH": "/usr/bin:/bin",
           "PDP_HOME": str(signed_stack.home), "COLUMNS": "200"}
    listing = subprocess.run([sys.executable, "-m", "pdp", "dlq", "list"], env=env,
                             capture_output=True, text=True, timeout=60)
    assert listing.returncode == 0, listing.stderr
    assert "not a dead letter" in listing.stdout and "not signed" in listing.stdout
    before = len(read_topic(signed_stack.bootstrap, "pdp.requests"))
    replay = subprocess.run([sys.executable, "-m", "pdp", "dlq", "replay", "--all"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert replay.returncode == 0, replay.stderr
    assert replay.stderr.count("skipped offset") >= 3
    # Nothing of the fake letter reached the pipeline.
    assert all(v != b"{}" for _, v, _ in read_topic(signed_stack.bootstrap, "pdp.requests")[before:])
