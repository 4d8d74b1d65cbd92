"""Edits compose, over HTTP against the real gateway, worker, broker and PostgreSQL: for every
ordered pair of edit operations (hand edit via PUT html_list, regenerate, move, delete, add,
replace image), op B leaves every block it does not target byte-identical to the version
after op A, and every block reports the right origin. One stack for the module; one page
per first operation, reverted to its after-A version before each second operation."""

from __future__ import annotations

import itertools

import httpx
import pytest

from infra.db import edits, tasks
from infra.db.session import make_engine, make_sessionmaker, transaction
from pagelogic.edits import plan_ops
from processors.assemble.handler import _assemble_and_store
from tests.integration.conftest import running_stack
from tests.integration.support import sample, wait_done

pytestmark = pytest.mark.integration
OPS = ("hand_edit", "regenerate", "move", "delete", "add", "replace_image")
COUNTER = itertools.count(1)
# Titles are held to the product facts too: a digit the input lacks gets a block dropped.
WORDS = "가나다라마바사아자차카타파하"


def word(n: int) -> str:
    return WORDS[n % len(WORDS)] + WORDS[n // len(WORDS) % len(WORDS)]


@pytest.fixture(scope="module")
def stack(pg_admin_url, tmp_path_factory):
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("edits"),
                       env={"PDP_RATE_LIMIT": ""}) as running:
        yield running


@pytest.fixture(scope="module")
def seller(stack):
    with httpx.Client(base_url=stack.url, headers={"X-User-Id": "editor"}, timeout=120) as c:
        yield c


def shown(view: dict) -> dict[int, str]:
    """Block index → the HTML the page shows for it (dropped blocks are not in html_list)."""
    return dict(zip([b["index"] for b in view["blocks"] if not b["dropped"]], view["html_list"]))


def origins(view: dict) -> dict[int, str]:
    return {b["index"]: b["origin"] for b in view["blocks"]}


def get(seller, page_id: int) -> dict:
    response = seller.get(f"/api/product-details/{page_id}")
    assert response.status_code == 200, response.text
    return response.json()


def through_pipeline(seller, accepted: httpx.Response, page_id: int) -> dict:
    assert accepted.status_code == 202, accepted.text
    task_id = accepted.json()["task_id"]
    assert wait_done(seller, [task_id], 90)[task_id]["status"] == "completed"
    return get(seller, page_id)


class Targets:
    """Block ``a`` shows image ``image``; block ``b`` is another block."""

    def __init__(self, view: dict) -> None:
        planned = view["plan"]["blocks"]
        hero = next(b for b in planned if b.get("image_index") is not None)
        self.a, self.image = hero["index"], hero["image_index"]
        self.b = next(b["index"] for b in planned if b["index"] != self.a)


def hand_edited_html(view: dict, image: int, n: int) -> str:
    url = next(i["url"] for i in view["images"] if i["idx"] == image)
    return (f'<section class="pdp-hand"><h2>제가 직접 고친 제목 {n}</h2>'
            f'<p onclick="alert(1)">손으로 쓴 문장 {n}</p><img src="{url}" alt="제품"></section>')


def apply(seller, op: str, page_id: int, view: dict, target: int, t: Targets) -> tuple[dict, set[int]]:
    """Run ``op``; returns the new version's view and the blocks ``op`` is meant to change."""
    n, base = next(COUNTER), f"/api/product-details/{page_id}"
    if op == "hand_edit":
        html_list = list(view["html_list"])
        html_list[list(shown(view)).index(target)] = hand_edited_html(view, t.image, n)
        response = seller.put(base, json={"html_list": html_list})
        assert response.status_code == 200, response.text
        return response.json(), {target}
    if op == "regenerate":  # a new title changes the offline writer's output
        return through_pipeline(seller, seller.post(f"{base}/blocks/{target}/regenerate",
                                                    json={"title": f"새 제목 {word(n)}"}), page_id), {target}
    if op == "move":
        order = [b["index"] for b in view["plan"]["blocks"]][::-1]
        return through_pipeline(seller, seller.put(f"{base}/blocks/order",
                                                   json={"order": order}), page_id), set()
    if op == "delete":
        return through_pipeline(seller, seller.delete(f"{base}/blocks/{target}"), page_id), {target}
    if op == "add":
        kind = next(b["block_type"] for b in view["blocks"] if b["index"] == target)
        after = through_pipeline(seller, seller.post(f"{base}/blocks", json={
            "block_type": kind, "position": 0, "title": f"추가한 블록 {word(n)}"}), page_id)
        return after, set(origins(after)) - set(origins(view))
    old = next(i["url"] for i in view["images"] if i["idx"] == t.image)
    after = through_pipeline(seller, seller.post(f"{base}/images/{t.image}/replace", json={
        "prompt": f"흰 배경, 다른 각도 {n}", "alt": f"다른 각도 {n}"}), page_id)
    return after, {i for i, html in shown(view).items() if old in html}


@pytest.fixture(scope="module")
def after_first(seller):
    """op A → (page id, version after A, view after A, targets); one page per op, made once."""
    made: dict[str, tuple] = {}

    def run(op: str) -> tuple:
        if op not in made:
            created = seller.post("/api/generation/display-list", json=sample("cream"),
                                  params={"wait": 90, "force": True})
            assert created.status_code == 200, created.text
            page_id = created.json()["result"]["page_id"]
            view = get(seller, page_id)
            assert len(view["blocks"]) >= 3 and all(b["origin"] == "generated" for b in view["blocks"])
            targets = Targets(view)
            after, _ = apply(seller, op, page_id, view, targets.a, targets)
            made[op] = (page_id, after["version"], after, targets)
        return made[op]
    return run


def check_second(second: str, before: dict, after: dict, targeted: set[int], target: int) -> None:
    old, new = shown(before), shown(after)
    for index in set(old) - targeted:
        assert new[index] == old[index], f"block {index} changed"
        assert origins(after)[index] == origins(before)[index], f"origin of block {index}"
    expected = {"hand_edit": "hand_edited", "regenerate": "generated", "add": "generated"}
    for index in targeted & set(new):
        assert new[index] != old.get(index), f"targeted block {index} did not change"
        kept = None if second in expected else origins(before)[index]
        assert origins(after)[index] == expected.get(second, kept)
    gone = {target} if second == "delete" else set()
    assert set(new) == (set(old) - gone) | (targeted if second == "add" else set())


@pytest.mark.parametrize("first,second", list(itertools.product(OPS, OPS)), ids=lambda op: op)
def test_second_edit_keeps_every_block_it_does_not_target(seller, after_first, first, second):
    page_id, version, expected, t = after_first(first)
    reverted = seller.post(f"/api/product-details/{page_id}/versions/{version}/revert")
    assert reverted.status_code == 200, reverted.text
    before = reverted.json()
    assert before["html_list"] == expected["html_list"] and before["blocks"] == expected["blocks"]
    if first == "hand_edit":
        assert origins(before)[t.a] == "hand_edited" and "onclick" not in shown(before)[t.a]
    target = t.b if second != "replace_image" else t.a
    after, targeted = apply(seller, second, page_id, before, target, t)
    check_second(second, before, after, targeted, target)
    if second == "replace_image" and first == "hand_edit":  # the hand edit follows its image
        assert t.a in targeted and "제가 직접 고친 제목" in shown(after)[t.a]
    stored = seller.get(f"/api/product-details/{page_id}/versions/{after['version']}").json()
    assert stored["blocks"] == after["blocks"] and stored["html_list"] == after["html_list"]


def test_an_edit_stored_after_a_hand_edit_keeps_it(seller, stack):
    """An edit task started from version N; the seller hand-edits another block before its
    result is stored. The stored result keeps the hand edit (the task's copy is older)."""
    created = seller.post("/api/generation/display-list", json=sample("tumbler"), params={"wait": 90, "force": True})
    page_id = created.json()["result"]["page_id"]
    view = get(seller, page_id)
    t = Targets(view)
    engine = make_engine(stack.database_url)
    sessions = make_sessionmaker(engine)
    try:
        with transaction(sessions) as session:  # what the gateway does, minus the publish
            task_id = edits.start_edit(session, "editor", page_id, lambda s, plan, parts:
                                       plan_ops.delete_block(plan, parts, t.b))[0]
        edited, _ = apply(seller, "hand_edit", page_id, view, t.a, t)
        with transaction(sessions) as session:  # the assembler's turn
            _assemble_and_store(session, task_id, False)
            tasks.complete(session, task_id)
    finally:
        engine.dispose()
    stored = get(seller, page_id)
    assert stored["version"] == edited["version"] + 1 and t.b not in shown(stored)
    assert shown(stored)[t.a] == shown(edited)[t.a] and origins(stored)[t.a] == "hand_edited"
