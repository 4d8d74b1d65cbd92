"""The template library through the real gateway, broker, worker and PostgreSQL: CRUD with
admin-only writes and save-time validation, template sets, automatic selection ranked in
PostgreSQL, versions and rollback, preview, and moving libraries with the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from devtools.embedded.stack import prepare_database
from infra.db import template_library as lib
from infra.db.session import make_engine, make_sessionmaker, transaction
from tests.integration.conftest import running_stack
from tests.integration.support import create_database, drop_database, query, sample

pytestmark = pytest.mark.integration
ADMIN = "admin-1"
FAQ_HTML = ('<section class="pdp-block pdp-faq {marker}"><h2 class="pdp-heading">{{{{ s.heading }}}}'
            '</h2>{{% for item in s.items %}}<p>{{{{ item.question }}}} — {{{{ item.answer }}}}</p>'
            '{{% endfor %}}{extra}</section>')


def faq(marker: str = "pdp-x", extra: str = "", **fields) -> dict:
    return {"name": f"테스트 FAQ {marker}", "block_type": "FAQ", "slots": ["heading", "items"],
            "template_html": FAQ_HTML.format(marker=marker, extra=extra),
            "description": "테스트용 질문 목록", "style_tags": ["테스트"], **fields}


@pytest.fixture(scope="module")
def lib_stack(pg_admin_url, tmp_path_factory):
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("templates"),
                       env={"PDP_ADMIN_USER_IDS": f"{ADMIN}, other-admin"}) as running:
        yield running


@pytest.fixture
def admin(lib_stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=lib_stack.url, headers={"X-User-Id": ADMIN}, timeout=60) as c:
        yield c


@pytest.fixture
def seller(lib_stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=lib_stack.url, headers={"X-User-Id": "seller-1"}, timeout=60) as c:
        yield c


def generate(client: httpx.Client, body: dict) -> dict:
    response = client.post("/api/generation/display-list?wait=60&force=true", json=body)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["status"] == "completed", result
    return {**result["result"], "task_id": result["task_id"]}


def styles_of(client: httpx.Client, blocks: list[dict]) -> set[str]:
    return {client.get(f"/api/templates/{b['template_id']}").json()["style"] for b in blocks}


def test_crud_round_trip_with_admin_only_writes(admin, seller):
    assert seller.post("/api/templates", json=faq()).status_code == 403
    created = admin.post("/api/templates", json=faq("pdp-crud", key="test-crud-faq"))
    assert created.status_code == 201, created.text
    body = created.json()
    tid = body["id"]
    assert body["version"] == 1 and [s["name"] for s in body["slots"]] == ["heading", "items"]
    assert body["slots"][0]["max_length"] == 120

    assert admin.post("/api/templates", json=faq(key="test-crud-faq")).status_code == 409
    got = seller.get(f"/api/templates/{tid}").json()
    assert got["template_html"] == faq("pdp-crud")["template_html"]
    listed = seller.get("/api/templates", params={"block_type": "FAQ", "q": "테스트용",
                                                  "limit": 5}).json()
    assert tid in [t["id"] for t in listed["items"]] and listed["limit"] == 5

    assert seller.put(f"/api/templates/{tid}", json={"name": "x"}).status_code == 403
    updated = admin.put(f"/api/templates/{tid}", json={"name": "고친 FAQ", "note": "rename"})
    assert updated.status_code == 200 and updated.json()["version"] == 2
    history = seller.get(f"/api/templates/{tid}/versions").json()
    assert [(v["version"], v["current"]) for v in history] == [(2, True), (1, False)]

    assert seller.delete(f"/api/templates/{tid}").status_code == 403
    assert admin.delete(f"/api/templates/{tid}").status_code == 204
    assert seller.get(f"/api/templates/{tid}").status_code == 404
    after = seller.get("/api/templates", params={"block_type": "FAQ", "limit": 100}).json()
    assert tid not in [t["id"] for t in after["items"]]


@pytest.mark.parametrize("extra, problem", [
    ("{{ ''.__class__ }}", "sandbox"),
    ("{{ s.heading|attr('__class__') }}", "sandbox"),
    ("<script>alert(1)</script>", "script"),
    ('<p onclick="steal()">x</p>', "event_handler"),
    ('<a href="javascript:alert(1)">x</a>', "javascript_url"),
    ('<img src="https://tracker.example/p.gif" alt="">', "external_resource"),
    ('<iframe src="x"></iframe>', "tag"),
    ('<p style="color:red">x</p>', "style"),
    ("{{ s.brand }}", "slots"),
    ("{% for %}", "syntax"),
])
def test_dangerous_templates_get_422_naming_the_problem_and_are_not_stored(
        lib_stack, admin, extra, problem):
    before = query(lib_stack.database_url, "SELECT count(*) FROM templates")[0][0]
    response = admin.post("/api/templates", json=faq(extra=extra))
    assert response.status_code == 422, response.text
    assert response.json()["problem"] == problem and response.json()["detail"]
    assert query(lib_stack.database_url, "SELECT count(*) FROM templates")[0][0] == before


def test_update_with_a_dangerous_construct_is_refused_and_keeps_the_version(admin):
    tid = admin.post("/api/templates", json=faq("pdp-upd")).json()["id"]
    bad = admin.put(f"/api/templates/{tid}", json={"template_html": FAQ_HTML.format(
        marker="x", extra="{{ s.heading.__class__.__base__ }}")})
    assert bad.status_code == 422 and "__base__" in bad.json()["detail"]
    assert admin.get(f"/api/templates/{tid}").json()["version"] == 1


def test_categories_and_template_sets(admin, seller):
    names = {c["name"] for c in seller.get("/api/categories").json()}
    assert {"생활용품", "전자기기", "식품", "패션의류", "뷰티", "스포츠/레저"} <= names
    sets = seller.get("/api/template-sets").json()
    assert {s["key"] for s in sets} >= {"starter-set-food", "starter-set-beauty"}
    food = next(s for s in sets if s["key"] == "starter-set-food")
    assert seller.get(f"/api/template-sets/{food['id']}").json()["items"] == food["items"]
    category = next(c for c in seller.get("/api/categories").json() if c["name"] == "식품")
    assert [s["id"] for s in seller.get("/api/template-sets",
                                        params={"category_id": category["id"]}).json()] == [food["id"]]

    ids = [food["items"][2]["template_id"], food["items"][0]["template_id"]]
    body = {"name": "나만의 세트", "category_id": category["id"], "template_ids": ids}
    assert seller.post("/api/template-sets", json=body).status_code == 403
    created = admin.post("/api/template-sets", json=body).json()
    assert [i["template_id"] for i in created["items"]] == ids
    replaced = admin.put(f"/api/template-sets/{created['id']}",
                         json={**body, "template_ids": ids[::-1]}).json()
    assert [i["template_id"] for i in replaced["items"]] == ids[::-1]
    assert admin.post("/api/template-sets", json={**body, "template_ids": [999999]}
                      ).status_code == 404


def test_chosen_template_set_yields_exactly_its_blocks_in_its_order(admin, seller):
    all_faq = seller.get("/api/templates", params={"block_type": "FAQ", "q": "볼드"}).json()
    intro = seller.get("/api/templates", params={"block_type": "Introduction", "q": "웜"}).json()
    specs = seller.get("/api/templates", params={"block_type": "Specifications",
                                                 "q": "미니멀"}).json()
    ids = [all_faq["items"][0]["id"], intro["items"][0]["id"], specs["items"][0]["id"]]
    chosen = admin.post("/api/template-sets", json={"name": "순서 테스트", "template_ids": ids}).json()

    earbuds = sample("earbuds")
    with_faq = {**earbuds, "template_set_id": chosen["id"], "product_data": earbuds[
        "product_data"] + "\nQ. 방수가 되나요?\nA. IPX4 생활 방수입니다."}
    page = generate(seller, with_faq)
    # The set's blocks in its order, then the 상품정보제공고시 every page ends with.
    assert [b["template_id"] for b in page["blocks"]][:-1] == ids
    assert [b["block_type"] for b in page["blocks"]] == ["FAQ", "Introduction", "Specifications",
                                                         "InfoNotice"]
    assert len(page["html_list"]) == 4
    assert "pdp-s-bold" in page["html_list"][0] and "pdp-s-warm" in page["html_list"][1]
    # A set's block the product has nothing for is left out, and the seller is told.
    thin = generate(seller, {**earbuds, "template_set_id": chosen["id"]})
    assert [b["template_id"] for b in thin["blocks"]][:-1] == ids[1:]
    assert [w["code"] for w in thin["warnings"]][0] == "block_skipped"
    assert "'자주 묻는 질문'" in thin["warnings"][0]["message"]

    explicit = generate(seller, {**sample("cream"), "template_ids": ids[::-1]})
    assert [b["template_id"] for b in explicit["blocks"]][:-1] == ids[::-1]


def test_automatic_selection_differs_sensibly_between_categories(lib_stack, seller):
    # Each sample's category gives its page a style concept (pagelogic/plan/style.py); the
    # templates whose style description and tags match it best win.
    expected = {"earbuds": "minimal", "cream": "editorial", "granola": "warm",
                "linen_shirt": "bold", "tumbler": "soft", "camping_chair": "natural"}
    pages = {name: generate(seller, sample(name)) for name in expected}
    families = {name: styles_of(seller, page["blocks"]) for name, page in pages.items()}
    print("chosen style families:", families)
    assert families == {name: {family} for name, family in expected.items()}
    electronics = pages["earbuds"]
    used = query(lib_stack.database_url,
                 "SELECT usage_count FROM templates WHERE id = %s",
                 (electronics["blocks"][0]["template_id"],))[0][0]
    assert used >= 1


def test_rollback_restores_the_previous_version_and_new_pages_use_it(admin, seller):
    tid = admin.post("/api/templates", json=faq("pdp-v1-look")).json()["id"]
    v2 = admin.put(f"/api/templates/{tid}", json={"template_html": FAQ_HTML.format(
        marker="pdp-v2-look", extra="")}).json()
    assert v2["version"] == 2

    page_v2 = generate(seller, {**sample("cream"), "template_ids": [tid]})
    assert page_v2["blocks"][0]["template_version"] == 2 and "pdp-v2-look" in page_v2["html"]

    rolled = admin.post(f"/api/templates/{tid}/rollback", json={"version": 1})
    assert rolled.status_code == 200 and rolled.json()["version"] == 1
    assert "pdp-v1-look" in seller.get(f"/api/templates/{tid}").json()["template_html"]
    assert seller.get(f"/api/templates/{tid}/versions/2").json()["current"] is False

    page_v1 = generate(seller, {**sample("cream"), "template_ids": [tid]})
    assert page_v1["blocks"][0]["template_version"] == 1
    assert "pdp-v1-look" in page_v1["html"] and "pdp-v2-look" not in page_v1["html"]
    # the earlier page keeps the version it was made with
    again = seller.get(f"/api/generation/generation/result/{page_v2['task_id']}")
    assert again.json()["result"]["blocks"][0]["template_version"] == 2

    third = admin.put(f"/api/templates/{tid}", json={"name": "다시 수정"}).json()
    assert third["version"] == 3  # numbering continues after the highest saved version
    assert admin.post(f"/api/templates/{tid}/rollback", json={"version": 9}).status_code == 404


def test_preview_renders_samples_or_a_given_product(seller):
    tid = seller.get("/api/templates", params={"block_type": "Introduction", "q": "에디토리얼"}
                     ).json()["items"][0]["id"]
    sampled = seller.get(f"/api/templates/{tid}/preview")
    assert sampled.status_code == 200 and sampled.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in sampled.headers["content-security-policy"]
    assert "데일리 보습 크림" in sampled.text and "data:image/svg+xml" in sampled.text
    product = sample("earbuds")
    mine = seller.get(f"/api/templates/{tid}/preview",
                      params={"product_data": product["product_data"], "category": "전자기기"})
    assert mine.status_code == 200 and "사운드핏" in mine.text and "데일리 보습" not in mine.text
    assert seller.get(f"/api/templates/{tid}/preview", params={"version": 7}).status_code == 404


def test_export_then_import_moves_the_library_to_another_database(
        lib_stack, admin, pg_admin_url, tmp_path):
    admin.post("/api/templates", json=faq("pdp-moved", key="test-moved-faq"))
    env = {**os.environ, "DATABASE_URL": lib_stack.database_url}
    folder = tmp_path / "library"
    subprocess.run([sys.executable, "-m", "pdp", "templates", "export", str(folder)], env=env,
                   check=True, capture_output=True, timeout=120)
    assert (folder / "templates.json").is_file() and (folder / "test-moved-faq.html").is_file()

    target = create_database(pg_admin_url)
    try:
        prepare_database(target)  # what a fresh environment gets: migrations + starter library
        done = subprocess.run([sys.executable, "-m", "pdp", "templates", "import", str(folder)],
                              env={**env, "DATABASE_URL": target}, check=True,
                              capture_output=True, text=True, timeout=120)
        assert "'created': " in done.stderr
        moved = query(target, "SELECT template_html FROM templates WHERE key = 'test-moved-faq'")
        assert moved and "pdp-moved" in moved[0][0]
        versions = query(target, "SELECT count(*) FROM template_versions tv JOIN templates t "
                                 "ON t.id = tv.template_id WHERE t.key = 'test-moved-faq'")
        assert versions[0][0] == 1
    finally:
        drop_database(pg_admin_url, target)


def test_loading_the_starter_library_again_changes_nothing_and_respects_deletions(pg_admin_url):
    url = create_database(pg_admin_url)
    try:
        first = prepare_database(url)
        assert first["created"] >= 40 and first["sets"] >= 6
        engine = make_engine(url, pooled=False)
        with transaction(make_sessionmaker(engine)) as session:  # what DELETE /api/templates does
            lib.deactivate(session, lib.by_key(session, "starter-faq-bold").id)
        engine.dispose()
        again = prepare_database(url)
        assert again["created"] == 0 and again["updated"] == 0
        assert again["unchanged"] == first["created"]
        assert query(url, "SELECT is_active FROM templates WHERE key = 'starter-faq-bold'") == \
            [(False,)]
        assert query(url, "SELECT count(*) FROM template_versions")[0][0] == first["created"]
    finally:
        drop_database(pg_admin_url, url)
