"""#19 through the real gateway, worker and PostgreSQL: mined templates import and render,
`--load` stores them as drafts an admin approves, sellers' ratings and edits score templates,
and that score changes which template the next page gets."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from devtools.embedded.stack import prepare_database
from infra.db.models import Template
from infra.db.session import make_engine, make_sessionmaker, transaction
from mining import corpus
from pagelogic.library.preview import render_preview_block
from tests.integration.conftest import OPERATOR, running_stack
from tests.integration.support import create_database, drop_database, query, sample, wait_done

pytestmark = pytest.mark.integration


def pdp(*args: str, database_url: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pdp", *args], check=True, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "DATABASE_URL": database_url})


@pytest.fixture(scope="module")
def mined(tmp_path_factory) -> Path:
    pages, out = tmp_path_factory.mktemp("pages"), tmp_path_factory.mktemp("mined") / "lib"
    corpus.write(pages, corpus.build(count=60, seed=3))
    subprocess.run([sys.executable, "-m", "pdp", "templates", "mine", str(pages), "--out",
                    str(out)], check=True, capture_output=True, timeout=300)
    return out


def test_mined_templates_import_and_render_with_sample_values(pg_admin_url, mined):
    url = create_database(pg_admin_url)
    try:
        prepare_database(url)
        done = pdp("templates", "import", str(mined), database_url=url)
        assert "'created': " in done.stderr
        engine = make_engine(url, pooled=False)
        with transaction(make_sessionmaker(engine)) as session:
            stored = session.query(Template).filter(Template.key.like("mined-%")).all()
            assert stored and all(t.is_active for t in stored)
            for t in stored:
                html = render_preview_block(t.template_html, t.block_type, t.meta["slots"])
                heading = next(s["sample"] for s in t.meta["slots"]
                               if s["name"] in ("heading", "headline"))
                assert heading.replace("&", "&amp;") in html and "{{" not in html
        engine.dispose()
        assert query(url, "SELECT DISTINCT c.name FROM templates t JOIN categories c "
                          "ON c.id = t.category_id WHERE t.key LIKE %s", ("mined-%",)) == [("mined",)]
        # The most frequent block orders came along as template sets of mined templates.
        items = query(url, "SELECT s.key, t.key FROM template_sets s JOIN template_set_items i "
                           "ON i.set_id = s.id JOIN templates t ON t.id = i.template_id "
                           "WHERE s.key LIKE %s ORDER BY s.key, i.display_order", ("mined-set-%",))
        assert items and all(t.startswith("mined-") for _, t in items)
    finally:
        drop_database(pg_admin_url, url)


@pytest.fixture(scope="module")
def fb_stack(pg_admin_url, tmp_path_factory):
    env = {"PDP_SELECTION_SEED": "5", "PDP_SIGNAL_SYNC_S": "0"}
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("feedback"), env=env) as running:
        yield running


@pytest.fixture
def admin(fb_stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fb_stack.url, headers={"X-User-Id": OPERATOR}, timeout=120) as c:
        yield c


@pytest.fixture
def seller(fb_stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fb_stack.url, headers={"X-User-Id": "rater"}, timeout=120) as c:
        yield c


def test_loaded_mined_templates_are_drafts_until_an_admin_approves(fb_stack, mined, admin,
                                                                  seller):
    pages = mined.parent / "pages"
    corpus.write(pages, corpus.build(count=60, seed=3))
    pdp("templates", "mine", str(pages), "--out", str(mined.parent / "loaded"), "--load",
        database_url=fb_stack.database_url)
    assert seller.get("/api/template-drafts").status_code == 403
    drafts = admin.get("/api/template-drafts").json()
    assert drafts and {d["review"] for d in drafts} == {"pending"}
    first, second = drafts[0], drafts[1]
    origin = first["mined_from"]
    assert origin["size"] >= len(origin["examples"]) >= 1
    assert (pages / origin["medoid"]["page"]).is_file()
    assert seller.get(f"/api/templates/{first['id']}").status_code == 404  # not selectable
    listed = seller.get("/api/templates", params={"q": "수집", "limit": 100}).json()["items"]
    assert first["id"] not in [t["id"] for t in listed]

    assert admin.post(f"/api/template-drafts/{first['id']}/approve").json()["review"] == "approved"
    assert seller.get(f"/api/templates/{first['id']}").status_code == 200
    assert admin.post(f"/api/template-drafts/{second['id']}/reject").json()["review"] == "rejected"
    assert seller.get(f"/api/templates/{second['id']}").status_code == 404
    remaining = {d["id"] for d in admin.get("/api/template-drafts").json()}
    assert first["id"] not in remaining and second["id"] not in remaining
    assert admin.post(f"/api/template-drafts/{first['id']}/approve").status_code == 404


def generate(client: httpx.Client) -> dict:
    response = client.post("/api/generation/display-list?wait=90&force=true",
                           json=sample("cream"))
    assert response.status_code == 200, response.text
    page_id = response.json()["result"]["page_id"]
    return client.get(f"/api/product-details/{page_id}").json()


def block_of(page: dict, block_type: str) -> dict:
    return next(b for b in page["plan"]["blocks"] if b["block_type"] == block_type)


def stats_of(admin: httpx.Client, template_id: int) -> dict:
    return next(r for r in admin.get("/api/template-stats").json() if r["id"] == template_id)


def test_feedback_is_owner_only_and_names_a_missing_block(fb_stack, seller):
    page = generate(seller)
    url = f"/api/product-details/{page['id']}/feedback"
    with httpx.Client(base_url=fb_stack.url, headers={"X-User-Id": "someone-else"}) as other:
        assert other.post(url, json={"rating": "up"}).status_code == 404
    missing = seller.post(url, json={"rating": "down", "block_index": 99})
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"][-1] == "block_index"
    assert seller.post(url, json={"rating": "meh"}).status_code == 422
    whole = seller.post(url, json={"rating": "up", "reason": "깔끔해요"})
    assert whole.status_code == 201 and whole.json()["template_id"] is None


def test_thumbs_down_moves_selection_to_another_template(fb_stack, seller, admin):
    kind = "KeyFeatures"
    first = generate(seller)
    disliked = block_of(first, kind)["template_id"]
    # Unrated, the library's own first choice stands page after page.
    assert block_of(generate(seller), kind)["template_id"] == disliked
    before = stats_of(admin, disliked)
    chosen, rated = disliked, 0
    page = first
    while chosen == disliked and rated < 8:
        block = block_of(page, kind)
        response = seller.post(f"/api/product-details/{page['id']}/feedback",
                               json={"rating": "down", "block_index": block["index"],
                                     "reason": "질문 목록이 너무 단조로워요"})
        assert response.status_code == 201 and response.json()["template_id"] == disliked
        rated += 1
        page = generate(seller)
        chosen = block_of(page, kind)["template_id"]
    assert chosen != disliked, f"still {disliked} after {rated} ratings of 👎"
    after = stats_of(admin, disliked)
    assert after["thumbs_down"] == before["thumbs_down"] + rated
    assert after["score"] < 0.5 and after["usage_count"] > before["usage_count"]
    version = block_of(first, kind)["template_version"]
    per_version = next(v for v in after["versions"] if v["version"] == version)
    assert per_version["thumbs_down"] == rated and per_version["pages"] >= rated + 1
    assert seller.get("/api/template-stats").status_code == 403


def test_deleting_a_block_counts_against_its_template(fb_stack, seller, admin):
    page = generate(seller)
    block = page["plan"]["blocks"][-1]
    before = stats_of(admin, block["template_id"])["edits"].get("deleted", 0)
    accepted = seller.delete(f"/api/product-details/{page['id']}/blocks/{block['index']}")
    assert accepted.status_code == 202, accepted.text
    task_id = accepted.json()["task_id"]
    assert wait_done(seller, [task_id], 90)[task_id]["status"] == "completed"
    assert stats_of(admin, block["template_id"])["edits"].get("deleted", 0) == before + 1
