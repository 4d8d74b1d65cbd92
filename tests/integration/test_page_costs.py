"""What one page costs the pipeline (#17): at most one write transaction per consumed
message, and block messages that carry references instead of copies of the page's facts."""

from __future__ import annotations

import json

import pytest

from bench.pgstat import write_transactions
from bench.services import dsn
from tests.integration.support import query, read_topic, sample, wait_done

pytestmark = pytest.mark.integration


def test_a_page_costs_at_most_blocks_plus_images_plus_three_writes(stack, client):
    task_id = client.post("/api/generation/display-list", json=sample("cream")).json()["task_id"]
    assert wait_done(client, [task_id], 60)[task_id]["status"] == "completed"
    blocks, images = query(stack.database_url, "SELECT blocks_total, images_total FROM tasks "
                           "WHERE id = %s", (task_id,))[0]
    writes = write_transactions(dsn(stack.database_url), [task_id])
    print(f"{blocks} blocks + {images} images: {writes} write transactions")
    # accept, plan, one per part (the last one with the page), completion
    assert blocks > 0 and writes <= blocks + images + 3
    # A plan made at once goes from accepted to planned: no 'planning' write nobody sees.
    stages = [s for (s,) in query(stack.database_url, "SELECT stage FROM task_events WHERE "
                                  "task_id = %s ORDER BY id", (task_id,))]
    assert stages[0] == "accepted" and stages[1] == "rendering" and stages[-1] == "done", stages


def test_block_messages_name_the_block_instead_of_copying_the_page(stack, client):
    task_id = client.post("/api/generation/display-list", json=sample("tumbler")).json()["task_id"]
    assert wait_done(client, [task_id], 60)[task_id]["status"] == "completed"
    mine = [json.loads(v) for _, v, _ in read_topic(stack.bootstrap, "pdp.block-tasks")
            if json.loads(v)["task_id"] == task_id]
    assert mine
    for message in mine:
        assert {"facts", "style", "template_html", "block"}.isdisjoint(
            k for k, v in message.items() if v is not None), message
        assert isinstance(message["index"], int) and message["template_id"]
    page = client.get(f"/api/generation/generation/result/{task_id}").json()["result"]
    written = query(stack.database_url, "SELECT count(*) FROM task_parts WHERE task_id = %s "
                    "AND kind = 'block' AND payload ->> 'html' <> ''", (task_id,))[0][0]
    assert written == len({m["index"] for m in mine})  # each written from the stored plan
    assert len(page["html_list"]) >= written


def test_a_generated_version_reads_its_parts_from_the_task_instead_of_copying_them(
        stack, client):
    """Each part is stored once: the version a task made points at the task's parts, and an
    edit of that page still starts from them (the changed block is regenerated, the others
    are kept as they were)."""
    task_id = client.post("/api/generation/display-list", json=sample("cream")).json()["task_id"]
    assert wait_done(client, [task_id], 60)[task_id]["status"] == "completed"
    page_id, copied = query(stack.database_url, "SELECT page_id, parts IS NOT NULL FROM "
                            "page_versions WHERE task_id = %s", (task_id,))[0]
    assert copied is False
    stored = query(stack.database_url, "SELECT count(*) FROM task_parts WHERE task_id = %s",
                   (task_id,))[0][0]
    blocks, images = query(stack.database_url, "SELECT blocks_total, images_total FROM tasks "
                           "WHERE id = %s", (task_id,))[0]
    assert stored == blocks + images
    before = client.get(f"/api/generation/generation/result/{task_id}").json()["result"]
    # A hand edit of the first block is a version with no task: its parts are kept in it.
    edited = list(before["html_list"])
    edited[0] = edited[0].replace("</section>", "<p>손으로 고친 문장</p></section>", 1)
    answer = client.put(f"/api/product-details/{page_id}", json={"html_list": edited})
    assert answer.status_code == 200, answer.text
    kept = query(stack.database_url, "SELECT parts IS NOT NULL, parts -> 'blocks' ?| "
                 "array['0','1'] FROM page_versions WHERE page_id = %s ORDER BY version DESC "
                 "LIMIT 1", (page_id,))[0]
    assert kept == (True, True)
