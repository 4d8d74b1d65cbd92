"""Fault scenarios: lost messages, poison on every topic, full topic replays, DLQ replay.
Each prints accepted / completed / stored / duplicates."""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import pytest

from infra.db import tasks as task_repo
from infra.db import templates as template_repo
from infra.db.session import make_engine, make_sessionmaker, transaction
from pagelogic.facts.extract import extract_facts
from pagelogic.plan.logic import plan_page
from schemas.api import GenerationRequest
from tests.integration.support import query, read_topic, sample, send_raw, wait_done, wait_until

pytestmark = pytest.mark.integration
PIPELINE_TOPICS = ["pdp.requests", "pdp.plans", "pdp.block-tasks", "pdp.image-tasks",
                   "pdp.part-results", "commerce.product-events"]


def _record_without_publishing(stack, user: str, name: str, *, with_plan: bool) -> str:
    """What a crash leaves behind: the task is in PostgreSQL, its message never reached
    Kafka (gateway died before publishing) or was committed past (faust-streaming #606)."""
    engine = make_engine(stack.database_url, pooled=False)
    task_id = uuid.uuid4().hex
    request = GenerationRequest(**sample(name))
    with transaction(make_sessionmaker(engine)) as session:
        task_repo.create(session, task_id, user, request.model_dump(mode="json"))
        if with_plan:
            facts = extract_facts(request)
            plan = plan_page(facts)
            best = template_repo.best_for_block_types(
                session, [b.block_type.value for b in plan.blocks], facts.category)
            for block in plan.blocks:
                block.template_id = best[block.block_type.value].id
                block.template_version = best[block.block_type.value].version
            task_repo.save_plan(session, task_id, plan.model_dump(mode="json"),
                                facts.model_dump(mode="json"), len(plan.blocks), len(plan.images))
    engine.dispose()
    return task_id


def _counts(stack, ids: list[str]) -> dict[str, int]:
    completed = query(stack.database_url, "SELECT count(*) FROM tasks WHERE id = ANY(%s) "
                      "AND status = 'completed'", (ids,))[0][0]
    stored = query(stack.database_url, "SELECT count(*) FROM product_details "
                   "WHERE task_id = ANY(%s)", (ids,))[0][0]
    dup = query(stack.database_url, "SELECT count(*) FROM (SELECT task_id FROM product_details "
                "WHERE task_id = ANY(%s) GROUP BY task_id HAVING count(*) > 1) d", (ids,))[0][0]
    return {"accepted": len(ids), "completed": completed, "stored": stored, "duplicates": dup}


def test_tasks_whose_messages_were_lost_are_re_driven_to_completion(stack, client):
    unpublished = [_record_without_publishing(stack, "seller-lost", n, with_plan=False)
                   for n in ("cream", "tumbler")]
    planned = [_record_without_publishing(stack, "seller-lost", n, with_plan=True)
               for n in ("earbuds", "granola")]
    ids = unpublished + planned
    headers = {"X-User-Id": "seller-lost"}
    with httpx.Client(base_url=stack.url, headers=headers, timeout=30) as lost_client:
        done = wait_done(lost_client, ids, 90)
    counts = _counts(stack, ids)
    print(f"lost messages: {counts}")
    assert all(s["status"] == "completed" for s in done.values())
    assert counts == {"accepted": 4, "completed": 4, "stored": 4, "duplicates": 0}


def test_poison_on_every_topic_is_dead_lettered_and_the_pipeline_continues(stack, client):
    poison = [(topic, f"poison-{topic}".encode(), b'{"broken": ', []) for topic in PIPELINE_TOPICS]
    send_raw(stack.bootstrap, poison)
    task_id = client.post("/api/generation/display-list?force=true", json=sample("cream")).json()["task_id"]
    assert wait_done(client, [task_id], 60)[task_id]["status"] == "completed"

    def letters() -> dict[str, dict]:
        found = {}
        for _, value, _ in read_topic(stack.bootstrap, "pdp.dlq"):
            letter = json.loads(value)
            if (letter["key"] or "").startswith("poison-"):
                found[letter["source_topic"]] = letter
        return found if set(found) == set(PIPELINE_TOPICS) else {}

    found = wait_until(letters, 30, interval=1, what="a dead letter from every topic")
    for topic, letter in found.items():
        assert base64.b64decode(letter["value_b64"]) == b'{"broken": '
        # Pipeline topics refuse a record the service did not sign before reading it; the
        # upstream topic (no upstream key configured here) reads it and finds it undecodable.
        expected = "undecodable" if topic == "commerce.product-events" else "signature"
        assert expected in letter["error"], letter["error"]
    print(f"poison: {len(found)} topics dead-lettered, pipeline still completes pages")

    # `pdp dlq list` shows them; `pdp dlq replay` sends the original bytes back.
    env = {"KAFKA_BOOTSTRAP_SERVERS": stack.bootstrap, "PATH": "/usr/bin:/bin",
           "PDP_HOME": str(stack.home)}  # the stack's message key: the letters check as signed
    listing = subprocess.run([sys.executable, "-m", "pdp", "dlq", "list"], env=env,
                             capture_output=True, text=True, timeout=60, check=True)
    assert "pdp.block-tasks" in listing.stdout and "signature" in listing.stdout
    before = len(read_topic(stack.bootstrap, "pdp.dlq"))
    subprocess.run([sys.executable, "-m", "pdp", "dlq", "replay", "--all"], env=env,
                   capture_output=True, timeout=60, check=True)
    wait_until(lambda: len(read_topic(stack.bootstrap, "pdp.dlq")) >= 2 * before, 30,
               interval=1, what="replayed poison to come back to the DLQ")
    replayed = [json.loads(v) for _, v, _ in read_topic(stack.bootstrap, "pdp.dlq")][before:]
    assert all(letter["headers"].get("x-pdp-replayed-from") == "pdp.dlq" for letter in replayed)


def test_replaying_every_topic_from_offset_zero_duplicates_nothing(stack, client):
    ids = [client.post("/api/generation/display-list?force=true", json=sample(n)).json()["task_id"]
           for n in ("linen_shirt", "camping_chair", "earbuds")]
    wait_done(client, ids, 60)
    pages_before = query(stack.database_url, "SELECT count(*) FROM product_details")[0][0]
    images_before = query(stack.database_url, "SELECT count(*) FROM product_images")[0][0]
    results_before = len(read_topic(stack.bootstrap, "pdp.results"))
    replay = []
    for topic in PIPELINE_TOPICS[:-1]:
        replay += [(topic, key, value, list(headers.items()))
                   for key, value, headers in read_topic(stack.bootstrap, topic)
                   if not (key or b"").startswith(b"poison-")]
    send_raw(stack.bootstrap, replay)
    # Give the worker time to chew through the replay, then check nothing was added.
    marker = client.post("/api/generation/display-list?force=true", json=sample("cream")).json()["task_id"]
    wait_done(client, [marker], 90)
    # The marker may finish on other partitions first: let the replay settle, then count.
    wait_until(lambda: query(stack.database_url, "SELECT count(*) FROM tasks WHERE status "
                             "IN ('pending', 'processing')")[0][0] == 0, 30, what="idle")
    time.sleep(3)
    pages = query(stack.database_url, "SELECT count(*) FROM product_details")[0][0]
    images = query(stack.database_url, "SELECT count(*) FROM product_images")[0][0]
    results = len(read_topic(stack.bootstrap, "pdp.results"))
    print(f"replayed {len(replay)} records: pages {pages_before}→{pages} (+1 marker), "
          f"images {images_before}→{images}, results {results_before}→{results}")
    assert pages == pages_before + 1
    assert images - images_before == len(query(
        stack.database_url, "SELECT 1 FROM product_images i JOIN product_details d "
        "ON d.id = i.product_detail_id WHERE d.task_id = %s", (marker,)))
    assert results == results_before + 1
    assert _counts(stack, ids)["duplicates"] == 0


def test_postgres_outage_mid_run_pages_complete_after_it_returns(tmp_path):
    """PostgreSQL (a private embedded server we can stop) goes away for ~20 s while pages
    are in flight: the gateway answers 503 meanwhile, and every page completes afterwards."""
    from devtools.embedded.postgres import EmbeddedPostgres
    from tests.integration.conftest import running_stack

    # Not under pytest's tmp: concurrent pytest runs reset /tmp/pytest-of-<user> to 0700,
    # and the server runs as its own user when we are root.
    pg_home = Path(tempfile.mkdtemp(prefix="pdp-outage-", dir="/tmp"))
    pg_home.chmod(0o755)
    server = EmbeddedPostgres(pg_home)
    admin_url = server.start()
    env = {"PDP_OFFLINE_LLM_LATENCY_MS": "1500", "PDP_OFFLINE_IMAGE_LATENCY_MS": "1500"}
    try:
        with running_stack(admin_url, tmp_path / "stack", env) as stack, \
                httpx.Client(base_url=stack.url, headers={"X-User-Id": "seller-db"},
                             timeout=30) as client:
            ids = [client.post("/api/generation/display-list?force=true", json=sample(n)).json()["task_id"]
                   for n in ("cream", "tumbler", "earbuds", "granola", "linen_shirt")]
            wait_until(lambda: query(stack.database_url, "SELECT count(*) FROM tasks WHERE "
                                     "plan IS NOT NULL")[0][0] >= 1, 30, what="work under way")
            server.pause()
            outage_started = time.monotonic()
            during = [client.post("/api/generation/display-list?force=true", json=sample("cream")).status_code,
                      client.get(f"/api/generation/generation/status/{ids[0]}").status_code,
                      client.get("/api/generation/actuator/ready").status_code]
            time.sleep(max(0.0, 20 - (time.monotonic() - outage_started)))
            server.resume()
            done = wait_done(client, ids, 120)
            counts = _counts(stack, ids)
            print(f"postgres outage ~20 s: answers during outage {during}; {counts}")
            assert during == [503, 503, 503]
            assert all(s["status"] == "completed" for s in done.values()), done
            assert counts == {"accepted": 5, "completed": 5, "stored": 5, "duplicates": 0}
    finally:
        server.stop()
        shutil.rmtree(pg_home, ignore_errors=True)
