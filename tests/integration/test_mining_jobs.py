"""Mining as a queued job over the API (#19), on the real gateway, broker, Faust worker and
PostgreSQL: an admin uploads a corpus, the gateway restarts while the job is queued or
running, and the job's progress still arrives in order on the task's SSE stream; its drafts
land in the `mined` category with the crawled examples the review screen shows."""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Iterator

import httpx
import pytest

from mining import corpus
from tests.integration.conftest import OPERATOR, running_stack

pytestmark = pytest.mark.integration
PAGE_LIMIT = 200_000


@pytest.fixture(scope="module")
def job_stack(pg_admin_url, tmp_path_factory):
    env = {"PDP_MINING_MAX_PAGE_BYTES": str(PAGE_LIMIT)}
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("mining-jobs"), env=env) as running:
        yield running


@pytest.fixture
def admin(job_stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=job_stack.url, headers={"X-User-Id": OPERATOR}, timeout=120) as c:
        yield c


def corpus_upload(count: int = 30, seed: int = 5) -> list[tuple[str, tuple[str, bytes, str]]]:
    """Most pages in a ZIP (in two category folders), two as loose HTML files."""
    pages = corpus.build(count=count, seed=seed)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, page in enumerate(pages[2:]):
            archive.writestr(f"{'kitchen' if i % 2 else 'beauty'}/{page.name}", page.html)
        archive.writestr("beauty/logo.png", b"\x89PNG not a page")  # skipped, not refused
    return [("files", ("crawl.zip", buffer.getvalue(), "application/zip"))] + [
        ("files", (p.name, p.html.encode(), "text/html")) for p in pages[:2]]


def refused(response: httpx.Response) -> tuple[list, str]:
    assert response.status_code == 422, response.text
    first = response.json()["detail"][0]
    return first["loc"], first["msg"]


def test_uploads_are_bounded_and_refusals_name_the_file(job_stack, admin):
    with httpx.Client(base_url=job_stack.url, headers={"X-User-Id": "a-seller"}) as seller:
        assert seller.post("/api/mining-jobs", files=corpus_upload(6)).status_code == 403
        # What the UI shows admin screens by: the gateway's own rule, not a guess.
        assert seller.get("/api/me").json() == {"user_id": "a-seller", "admin": False}
    assert admin.get("/api/me").json() == {"user_id": OPERATOR, "admin": True}
    loc, msg = refused(admin.post("/api/mining-jobs", files=[
        ("files", ("a.html", b"<p>x</p>", "text/html")),
        ("files", ("notes.txt", b"hello", "text/plain"))]))
    assert loc == ["body", "files", 1] and "notes.txt" in msg and ".zip" in msg
    loc, msg = refused(admin.post("/api/mining-jobs", files=[
        ("files", ("big.html", b"<p>" + b"x" * PAGE_LIMIT + b"</p>", "text/html"))]))
    assert loc == ["body", "files", 0] and "big.html" in msg and str(PAGE_LIMIT) in msg
    # A ZIP entry claiming to be small but unpacking past the limit is refused all the same.
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("huge.html", "<p>" + "가" * PAGE_LIMIT + "</p>")
    loc, msg = refused(admin.post("/api/mining-jobs", files=[
        ("files", ("crawl.zip", bomb.getvalue(), "application/zip"))]))
    assert loc == ["body", "files", 0] and "huge.html" in msg
    loc, msg = refused(admin.post("/api/mining-jobs", files=[
        ("files", ("crawl.zip", b"PK\x03\x04 broken", "application/zip"))]))
    assert loc == ["body", "files", 0] and "ZIP" in msg
    loc, _ = refused(admin.post("/api/mining-jobs", files=[("clusters", (None, "0"))]))
    assert "files" in loc or "clusters" in loc
    assert admin.get("/api/template-drafts").json() == []  # nothing was queued


def sse_events(client: httpx.Client, url: str, timeout: float = 240) -> list[dict]:
    events, deadline = [], time.monotonic() + timeout
    with client.stream("GET", url, timeout=timeout) as response:
        assert response.status_code == 200
        for line in response.iter_lines():
            if line.startswith("data: "):
                events.append(json.loads(line[6:]))
                if events[-1]["status"] in ("completed", "failed"):
                    break
            assert time.monotonic() < deadline, events[-3:]
    return events


def test_a_queued_job_survives_a_gateway_restart_and_loads_drafts(job_stack, admin):
    accepted = admin.post("/api/mining-jobs", files=corpus_upload(), data={"clusters": ""})
    assert accepted.status_code == 202, accepted.text
    job = accepted.json()
    assert job["pages"] == 30  # 28 in the ZIP (the picture skipped) + 2 loose files
    # The job is in Kafka and PostgreSQL, not in the gateway: restart it mid-job.
    job_stack.spawn_gateway()
    job_stack._wait_ready()
    events = sse_events(admin, job["events_url"])
    assert events[-1]["status"] == "completed", events[-1]
    stages = [e["stage"] for e in events]
    order = ["accepted", "parsing", "clustering", "templating", "done"]
    assert [s for i, s in enumerate(stages) if i == 0 or stages[i - 1] != s] == order
    assert [e["progress"] for e in events] == sorted(e["progress"] for e in events)
    parsed = [e["detail"]["pages"] for e in events if e["stage"] == "parsing" and e["detail"]]
    assert parsed == sorted(parsed) and parsed[-1] == 30 and len(parsed) > 2
    final = events[-1]["detail"]
    assert final["pages"] == 30 and final["sections"] > 100
    assert final["clusters"] >= 5 and final["drafts"] == final["templates"] >= 5

    view = admin.get(job["job_url"]).json()
    assert view["status"] == "completed" and view["detail"] == final
    assert len(view["report"]["clusters"]) == final["clusters"] and "sections" not in view["report"]
    assert {s["key"].split("-")[0] for s in view["report"]["sets"]} <= {"mined"}

    drafts = [d for d in admin.get("/api/template-drafts").json()
              if d["key"].startswith(f"mined-{job['task_id'][:8]}-")]
    assert len(drafts) == final["drafts"]
    examples = drafts[0]["mined_from"]["examples"]
    assert examples[0] == {**examples[0], **drafts[0]["mined_from"]["medoid"]}
    assert all("<" in e["html"] and "style=" not in e["html"] for e in examples)
    preview = admin.get(f"/api/template-drafts/{drafts[0]['id']}/preview")
    assert preview.status_code == 200 and "pdp-block" in preview.text
    # The admin's recent page generations are pages only.
    assert job["task_id"] not in [t["task_id"] for t in admin.get("/api/generation/tasks").json()]


def test_a_job_whose_message_was_lost_is_re_driven_by_the_reconciler(job_stack, admin):
    """The gateway died between recording the job and publishing it: only PostgreSQL and
    storage know it. The reconciler re-publishes it on pdp.mining-jobs and it completes."""
    from infra.db import mining_jobs
    from infra.db.session import make_engine, make_sessionmaker, transaction
    from infra.storage import LocalStorage
    from mining.upload import pack

    pages = [(p.name, p.html.encode()) for p in corpus.build(count=16, seed=9)]
    url = LocalStorage(job_stack.settings.media_path).put(pack(pages), "zip")
    engine = make_engine(job_stack.database_url, pooled=False)
    with transaction(make_sessionmaker(engine)) as session:
        mining_jobs.create(session, "lostmessage0000000000000000000a", OPERATOR,
                           {"corpus_url": url, "pages": len(pages), "clusters": 4})
    engine.dispose()
    events = sse_events(admin, "/api/generation/generation/events/lostmessage0000000000000000000a",
                        timeout=120)
    assert events[-1]["status"] == "completed", events[-1]
    assert events[-1]["detail"]["clusters"] == 4 and events[-1]["detail"]["pages"] == 16
    assert not (job_stack.settings.media_path / url.removeprefix("/media/")).exists()
