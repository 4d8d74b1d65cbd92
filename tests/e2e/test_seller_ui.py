"""The seller web UI (/ui) in Debian's headless Chromium against a real stack: compose →
choose a set → reorder → generate with live progress → review → export; cancel and resume;
by keyboard alone; at 360 px. (Fixtures: tests/e2e/conftest.py.)"""

from __future__ import annotations

import zipfile

import httpx
import pytest

from tests.e2e.ui_support import (
    ADMIN,
    ARTIFACTS,
    SELLER,
    block_ids,
    focused,
    generate_via_api,
    horizontal_overflow,
    progress_seen,
    sample,
    set_user,
    shot,
    tab_to,
)

pytestmark = pytest.mark.integration


def test_ui_is_served_with_its_own_strict_csp(ui_stack):
    root = httpx.get(ui_stack.url + "/", follow_redirects=False)
    assert root.status_code == 307 and root.headers["location"] == "/ui/"
    for path in ("/ui/", "/ui/js/main.js", "/ui/css/app.css"):
        r = httpx.get(ui_stack.url + path)
        assert r.status_code == 200, path
        csp = dict(part.strip().split(" ", 1) for part in r.headers["content-security-policy"].split(";"))
        assert csp["script-src"] == "'self'", path  # no inline script, no CDN
        assert csp["frame-ancestors"] == "'none'"
    assert "<script" not in httpx.get(ui_stack.url + "/ui/").text.split('src="js/main.js"')[1]


def test_compose_choose_set_reorder_generate_watch_progress_and_export(page, ui_stack):
    cream = sample("cream")
    page.goto("/")
    set_user(page, SELLER)
    page.wait_for_selector("#gallery .card iframe")
    page.fill("#product-data", cream["product_data"])
    page.fill("#features", "\n".join(cream["features"]))
    page.fill("#target", cream["target_customer"])
    page.fill("#tone", "우아한")  # a preset, offered as a suggestion
    page.select_option("#category", cream["category"])
    assert "추천 세트" in page.text_content("#set-suggestion")  # category → suggested set
    suggested = block_ids(page)
    assert len(suggested) >= 5

    blocks = page.locator(".blocks .block")
    blocks.nth(1).drag_to(blocks.nth(0))  # drag and drop: second block to the top
    reordered = block_ids(page)
    assert reordered == [suggested[1], suggested[0], *suggested[2:]]
    page.click("#gallery-refresh")  # gallery previews filled with this product's text
    page.locator("#gallery").scroll_into_view_if_needed()  # the frames load lazily
    preview = page.frame_locator("#gallery .card:first-child iframe")
    preview.locator("section.pdp-block:has-text('수분가득 히알루론')").wait_for()
    page.wait_for_timeout(500)
    shot(page, "01-compose")

    page.click("#generate")
    page.wait_for_selector("#page-preview", timeout=120_000)
    seen = progress_seen(page)
    assert seen[-1] == 100 and len(set(seen)) >= 4, seen  # live steps, not one jump
    assert seen == sorted(seen), seen
    # The chosen blocks in our order, then the 상품정보제공고시 every page ends with.
    blocks = len(reordered) + 1
    assert f"블록 {blocks}/{blocks}" in page.text_content("#progress-text")
    assert block_ids(page, "#result-blocks li")[:-1] == reordered  # the server got our order
    frame = page.frame_locator("#page-preview")
    assert frame.locator("section.pdp-block").count() == blocks
    shot(page, "02-progress-and-preview-860")
    page.click("#width-360")
    assert page.eval_on_selector("#page-preview", "e => e.getBoundingClientRect().width") == 360
    shot(page, "03-preview-360")

    # Regenerate one block through the UI: an edit task through the pipeline (progress shown),
    # then the page reloads as version 2 where only that block may differ.
    task_id = page.url.rsplit("/", 1)[1]
    seller = {"X-User-Id": SELLER}
    page_id = httpx.get(f"{ui_stack.url}/api/generation/generation/result/{task_id}",
                        headers=seller).json()["result"]["page_id"]
    stored = f"{ui_stack.url}/api/product-details/{page_id}"
    v1 = httpx.get(stored, headers=seller).json()
    assert page.get_attribute("#page-version", "data-version") == "1"
    page.evaluate("""() => { window.__editLog = []; new MutationObserver(() => window.__editLog.push(
        document.getElementById('edit-status').textContent)).observe(
        document.getElementById('edit-status'), {childList: true, characterData: true, subtree: true}); }""")
    second = page.locator("#result-blocks li").nth(1)
    second.locator(".instruction").fill("더 짧고 친근하게")
    second.locator(".regenerate").click()
    page.wait_for_selector("#page-version[data-version='2']", timeout=120_000)
    assert "재생성 완료" in page.text_content("#edit-status")
    log = page.evaluate("() => window.__editLog")
    assert any("100%" in line for line in log), log  # the edit's progress was shown
    v2 = httpx.get(stored, headers=seller).json()
    assert v2["version"] == 2 and len(v2["html_list"]) == len(v1["html_list"])
    changed = [i for i, (a, b) in enumerate(zip(v1["html_list"], v2["html_list"])) if a != b]
    assert set(changed) <= {1}, changed  # the other blocks are kept as they were
    assert frame.locator("section.pdp-block").count() == blocks
    shot(page, "07-block-regenerated")
    page.click("#versions summary")
    page.wait_for_selector("#page-versions li[data-version='2']")
    assert page.locator("#page-versions li").count() == 2
    assert "2번 블록 · " in page.text_content("#page-versions li[data-version='2']")  # 1-based, Korean
    assert "다시 생성 (요청: 더 짧고 친근하게)" in page.text_content("#page-versions li[data-version='2']")
    page.click("#page-versions li[data-version='1'] .revert")
    page.wait_for_selector("#page-version[data-version='3']")
    v3 = httpx.get(stored, headers=seller).json()
    assert v3["version"] == 3 and v3["html_list"] == v1["html_list"]
    page.wait_for_selector("#page-versions li[data-version='3']")
    shot(page, "08-reverted")

    with page.expect_download() as download:
        page.click("#export-html")
    path = ARTIFACTS / "exported-page.html"
    download.value.save_as(path)
    html = path.read_text(encoding="utf-8")
    assert html.count('class="pdp-block') == blocks
    assert "수분가득 히알루론 인텐시브 크림" in html and "<style>" in html
    assert 'src="/media/' not in html and 'src="data:image/' in html  # opens offline
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.click("#copy-html")
    page.wait_for_selector("#export-status:has-text('복사했습니다')")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert 'class="pdp-page"' in copied and f'src="{ui_stack.url}/media/' in copied
    shot(page, "04-exported")


def test_admin_saves_the_block_list_as_a_template_set(page, ui_stack):
    page.goto("/ui/")
    set_user(page, ADMIN)
    page.wait_for_selector("#gallery .card")
    page.select_option("#category", "식품")
    page.locator(".blocks .block .remove").last.click()
    kept = block_ids(page)
    page.click(".save-set summary")
    page.fill("#set-name", "식품 짧은 세트")
    page.click("#save-set")
    page.wait_for_selector("#set-save-status:has-text('저장했습니다')")
    sets = httpx.get(f"{ui_stack.url}/api/template-sets", headers={"X-User-Id": SELLER}).json()
    saved = next(s for s in sets if s["name"] == "식품 짧은 세트")
    assert [i["template_id"] for i in saved["items"]] == kept
    assert page.eval_on_selector("#template-set", "e => e.selectedOptions[0].text") == "식품 짧은 세트"


def test_cancel_stops_following_and_resume_picks_up_without_repeats(page, ui_stack):
    page.goto("/ui/")
    set_user(page, SELLER)
    page.fill("#product-data", sample("camping_chair")["product_data"])
    page.click("#generate")
    page.click("#cancel")  # there is no cancel endpoint: the UI stops following the stream
    assert "멈췄습니다" in page.text_content("#progress-text")
    task_id = page.url.rsplit("/", 1)[1]
    shown = progress_seen(page)
    status = {}
    for _ in range(240):  # the server finishes the page anyway
        status = httpx.get(f"{ui_stack.url}/api/generation/generation/status/{task_id}",
                           headers={"X-User-Id": SELLER}).json()
        if status["status"] == "completed":
            break
        page.wait_for_timeout(500)
    assert status["status"] == "completed"
    assert progress_seen(page) == shown and not page.is_visible("#export-html")
    page.click("#resume")
    page.wait_for_selector("#export-html", timeout=60_000)
    seen = progress_seen(page)
    assert seen[-1] == 100 and seen == sorted(seen), seen
    ids = [int(x) for x in page.eval_on_selector_all(
        "#progress-log li", "els => els.map(e => e.dataset.eventId)")]
    assert ids == sorted(set(ids)), ids  # resumed after the last event: none listed twice


def test_main_flow_by_keyboard_alone(page, ui_stack):
    earbuds = sample("earbuds")
    page.goto("/ui/")
    page.wait_for_selector("html[data-ready]", state="attached")  # the modules have loaded
    tab_to(page, "#user-id")
    page.keyboard.type(SELLER)
    page.keyboard.press("Enter")
    page.wait_for_selector("#gallery .card")
    tab_to(page, "#product-data")
    page.keyboard.type(earbuds["product_data"])
    tab_to(page, "#category")
    for _ in range(10):  # a closed <select> changes with the arrow keys
        if page.eval_on_selector("#category", "e => e.value") == earbuds["category"]:
            break
        page.keyboard.press("ArrowDown")
    assert "추천 세트" in page.text_content("#set-suggestion")
    before = block_ids(page)
    tab_to(page, ".blocks .block")
    page.keyboard.press("Alt+ArrowDown")  # move the first block down one place
    assert block_ids(page) == [before[1], before[0], *before[2:]]
    tab_to(page, ".blocks .block:nth-child(3) .up")
    page.keyboard.press("Enter")  # and the third block up with its button
    moved = block_ids(page)
    assert moved == [before[1], before[2], before[0], *before[3:]]
    assert "up" in focused(page)  # focus follows the moved block's button
    tab_to(page, "#generate")
    page.keyboard.press("Enter")
    page.wait_for_selector("#export-html", timeout=120_000)
    assert progress_seen(page)[-1] == 100
    assert block_ids(page, "#result-blocks li")[:-1] == moved  # then the notice block
    tab_to(page, "#width-360")
    page.keyboard.press("Enter")
    assert page.get_attribute("#width-360", "aria-pressed") == "true"
    tab_to(page, "#result-blocks li:first-child .instruction")
    page.keyboard.type("더 짧게")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # 재생성 of the first block
    page.wait_for_selector("#page-version[data-version='2']", timeout=120_000)
    page.wait_for_function("() => document.activeElement.matches('#result-blocks li:first-child .regenerate')")
    tab_to(page, "#export-html")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".html")
    shot(page, "06-keyboard-flow")


def test_layout_fits_a_360px_phone(page, ui_stack):
    task_id = generate_via_api(ui_stack, SELLER, sample("granola"))
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto("/ui/")
    set_user(page, SELLER)
    screens = {"compose": ("#/compose", "#gallery .card"),
               "result": (f"#/task/{task_id}", "#export-html"),
               "admin-list": ("#/admin", "#admin-templates li"),
               "admin-editor": ("#/admin/1", "#tpl-html"),
               "recent": ("#/recent", ".page-title"),
               "my-pages": ("#/pages", "#my-pages li a")}
    problems = []
    for name, (hash_, ready) in screens.items():
        page.goto(f"/ui/{hash_}")
        page.wait_for_selector(ready)
        page.wait_for_timeout(300)
        report = horizontal_overflow(page)
        if report["scrollWidth"] > report["vw"] or report["wide"]:
            problems.append(f"{name}: {report}")
        shot(page, f"360-{name}")
    assert not problems, problems
    # 내 페이지: the stored pages from the server, filtered by status and by title.
    granola = sample("granola")["product_data"].split()[0]
    page.select_option("#pages-status", "draft")
    page.wait_for_selector(f"#my-pages li a:has-text('{granola}')")
    page.fill("#pages-q", "없는 상품 이름")
    page.press("#pages-q", "Enter")
    page.wait_for_selector("#my-pages li:has-text('없습니다')")
    page.fill("#pages-q", granola)
    page.press("#pages-q", "Enter")
    page.wait_for_selector(f"#my-pages li a:has-text('{granola}')")
    page.select_option("#pages-status", "archived")
    page.wait_for_selector("#my-pages li:has-text('없습니다')")


def test_move_delete_block_and_replace_image_each_make_a_new_version(page, ui_stack):
    task_id = generate_via_api(ui_stack, SELLER, sample("tumbler"))
    page.goto("/ui/")
    set_user(page, SELLER)
    page.goto(f"/ui/#/task/{task_id}")
    page.wait_for_selector("#page-version[data-version='1']", timeout=60_000)

    def indexes():
        return [int(x) for x in page.eval_on_selector_all(
            "#result-blocks li", "els => els.map(e => e.dataset.index)")]
    before = indexes()
    page.locator("#result-blocks li").nth(1).locator(".up").click()
    page.wait_for_selector("#page-version[data-version='2']", timeout=120_000)
    assert indexes() == [before[1], before[0], *before[2:]]
    page.locator("#result-blocks li").last.locator(".delete").click()
    page.wait_for_selector("#page-version[data-version='3']", timeout=120_000)
    assert indexes() == [before[1], before[0], *before[2:-1]]
    frame = page.frame_locator("#page-preview")
    assert frame.locator("section.pdp-block").count() == len(before) - 1
    prompt = page.locator("#result-images .prompt").first
    assert prompt.input_value()  # the prompt the image was made from, ready to edit
    prompt.fill("흰 배경 위의 제품, 다른 각도")
    page.locator("#result-images .replace-image").first.click()
    page.wait_for_selector("#page-version[data-version='4']", timeout=120_000)
    assert page.locator("#result-images .prompt").first.input_value() == "흰 배경 위의 제품, 다른 각도"
    page.click("#versions summary")
    page.wait_for_selector("#page-versions li[data-version='4']")
    notes = page.eval_on_selector_all("#page-versions li", "els => els.map(e => e.textContent)")
    assert "블록 순서 변경" in notes[1] and "삭제" in notes[2] and "1번 이미지 교체" in notes[3], notes
    with page.expect_download() as download:  # the server's ZIP of the current version
        page.click("#export-zip")
    with zipfile.ZipFile(download.value.path()) as bundle:
        index = bundle.read("index.html").decode()
        assert index.count('class="pdp-block') == len(before) - 1
        assert any(n.startswith("images/") for n in bundle.namelist())
    with page.expect_download(timeout=120_000) as download:  # 860 px slices rendered by the server
        page.click("#export-slices")
    assert download.value.suggested_filename.endswith("_slices.zip")
    with zipfile.ZipFile(download.value.path()) as bundle:
        assert bundle.namelist() and all(n.endswith(".png") for n in bundle.namelist())
    page.click("#publish")
    page.wait_for_selector("#page-version[data-version='5']:has-text('게시됨')")
    shot(page, "09-edited-blocks-and-image")


def test_thin_input_shows_warnings_and_questions_next_to_the_preview(page, ui_stack):
    page.goto("/ui/")
    set_user(page, SELLER)
    page.fill("#product-data", "무지 세라믹 머그컵 UI-THIN")
    page.click("#generate")
    page.wait_for_selector("#page-advice", timeout=120_000)
    assert "상품명만 입력되어" in page.text_content("#advice-warnings")
    keys = page.eval_on_selector_all("#advice-questions li", "els => els.map(e => e.dataset.key)")
    assert {"price", "features", "size"} <= set(keys)
    assert "가격" in page.text_content("#advice-questions li[data-key=price]")
    assert "반복된 문장 0%" in page.text_content("#page-quality")
    shot(page, "thin-advice")
