"""#19 in the seller UI, on the real stack: an admin mines an uploaded corpus from the review
screen, watches the job's progress, and approves one draft and rejects another (with a
reason) beside the crawled sections it was mined from; a seller rates a block 👎 with a reason
and the admin's stats table shows it. (Fixtures: tests/e2e/conftest.py.)"""

from __future__ import annotations

import io
import zipfile

import httpx
import pytest

from mining import corpus
from tests.e2e.a11y import axe_violations, english_words, serious
from tests.e2e.ui_support import ARTIFACTS, ADMIN, SELLER, generate_via_api, sample, set_user
from tests.integration.support import query

pytestmark = pytest.mark.integration


def accessible_and_korean(page, name: str) -> None:
    found = axe_violations(page)
    print(f"axe {name}: {len(found)} violations, {len(serious(found))} serious/critical", found)
    assert not serious(found), (name, serious(found))
    assert english_words(page) == [], (name, english_words(page))


def view_shot(page, name: str, selector: str) -> None:
    """The viewport at ``selector`` (a full-page shot leaves sandboxed frames blank)."""
    page.locator(selector).first.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_admin_mines_a_corpus_then_approves_one_draft_and_rejects_another(page, ui_stack,
                                                                         tmp_path):
    archive = tmp_path / "crawl.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for p in corpus.build(count=24, seed=11):
            out.writestr(p.name, p.html)
    page.goto("/ui/")
    set_user(page, SELLER)
    page.goto("/ui/#/mining")
    page.wait_for_selector("text=관리자만 볼 수 있는 화면입니다.")
    assert page.is_hidden("a[href='#/mining']")  # no admin menu for a seller

    set_user(page, ADMIN)
    page.wait_for_selector("a[href='#/mining']", state="visible")
    page.goto("/ui/#/mining")
    page.wait_for_selector("#mining-form")
    page.click("#mining-start")  # nothing chosen yet: said in Korean, nothing sent
    assert page.inner_text("#mining-errors") == "올릴 파일을 고르세요."
    page.set_input_files("#mining-files", str(archive))
    page.click("#mining-start")
    page.wait_for_selector("#mining-status:has-text('완료: 초안')", timeout=180_000)
    stages = page.eval_on_selector_all("#mining-log li", "els => els.map(e => e.dataset.stage)")
    seen = [s for i, s in enumerate(stages) if i == 0 or stages[i - 1] != s]
    assert seen == ["accepted", "parsing", "clustering", "templating", "done"], stages
    assert "페이지 24/24" in page.inner_text("#mining-counts")

    page.wait_for_selector("#mined-drafts .draft .examples iframe")
    cards = page.locator("#mined-drafts .draft")
    total = cards.count()
    assert total >= 3
    first, second = cards.nth(0), cards.nth(1)
    first_id, second_id = first.get_attribute("data-draft-id"), second.get_attribute("data-draft-id")
    # The draft with sample values beside real crawled sections, both sandboxed.
    drawn = page.frame_locator(f"[data-draft-id='{first_id}'] .draft-frame")
    assert drawn.locator(".pdp-block").first.inner_text(timeout=30_000).strip()
    assert first.locator(".examples iframe").count() >= 1
    assert first.locator("iframe").evaluate_all("fs => fs.every(f => f.getAttribute('sandbox') === '')")
    example = page.frame_locator(f"[data-draft-id='{first_id}'] .examples iframe").first
    assert example.locator("body").inner_text().strip()
    view_shot(page, "20-mined-drafts", f"[data-draft-id='{first_id}']")
    accessible_and_korean(page, "mined drafts")

    first.locator("button.approve").click()
    page.wait_for_selector(f"#draft-status:has-text('승인했습니다')")
    page.wait_for_selector(f"[data-draft-id='{first_id}']", state="detached")
    second = page.locator(f"[data-draft-id='{second_id}']")
    second.locator(".reject-reason").fill("원본과 구성이 달라요")
    second.locator("button.reject").click()
    page.wait_for_selector(f"[data-draft-id='{second_id}']", state="detached")
    assert page.locator("#mined-drafts .draft").count() == total - 2
    assert page.inner_text("#drafts-count") == f"검토할 초안 {total - 2}개"

    rows = dict(query(ui_stack.database_url, "SELECT id, metadata->>'review' || ':' || is_active || ':' "
                      "|| coalesce(metadata->>'review_reason', '') FROM templates WHERE id IN (%s, %s)",
                      (int(first_id), int(second_id))))
    assert rows == {int(first_id): "approved:true:", int(second_id): "rejected:false:원본과 구성이 달라요"}
    with httpx.Client(base_url=ui_stack.url, headers={"X-User-Id": SELLER}) as seller:
        assert seller.get(f"/api/templates/{first_id}").status_code == 200  # selectable now
        assert seller.get(f"/api/templates/{second_id}").status_code == 404


def test_a_seller_rates_a_block_down_with_a_reason_and_the_admin_table_shows_it(page,
                                                                              ui_stack):
    task_id = generate_via_api(ui_stack, SELLER, sample("tumbler"))
    page.goto("/ui/")
    set_user(page, SELLER)
    page.goto(f"/ui/#/task/{task_id}")
    page.wait_for_selector("#result-blocks .feedback", timeout=60_000)
    assert page.is_hidden("a[href='#/template-stats']")
    row = page.locator("#result-blocks li.result-block").nth(1)
    template_id = int(row.get_attribute("data-template-id"))
    row.locator(".feedback-reason").fill("설명이 너무 길어요")
    row.locator("button.rate-down").click()
    page.wait_for_selector("#feedback-status:has-text('별로예요를 남겼습니다')")
    assert row.locator("button.rate-down").get_attribute("aria-pressed") == "true"
    page.locator("#page-feedback button.rate-up").click()
    page.wait_for_selector("#feedback-status:has-text('이 페이지: 좋아요를 남겼습니다')")
    view_shot(page, "22-block-feedback", "#blocks-review-h")
    accessible_and_korean(page, "review with feedback")
    stored = query(ui_stack.database_url, "SELECT block_index, rating, reason, template_id "
                   "FROM template_feedback ORDER BY block_index")
    index = int(row.get_attribute("data-index"))
    assert (index, -1, "설명이 너무 길어요", template_id) in stored
    assert (-1, 1, None, None) in stored  # the whole page, rated 👍 without a reason

    set_user(page, ADMIN)
    page.goto("/ui/#/template-stats")
    page.wait_for_selector("#template-stats")
    cells = page.locator(f"#template-stats tr[data-template-id='{template_id}']")
    assert cells.locator("td.down").inner_text() == "1"
    assert float(cells.locator("td.score").inner_text()) < 0.5
    with httpx.Client(base_url=ui_stack.url, headers={"X-User-Id": ADMIN}) as admin:
        stats = next(r for r in admin.get("/api/template-stats").json() if r["id"] == template_id)
    assert stats["thumbs_down"] == 1 and stats["usage_count"] >= 1
    view_shot(page, "21-template-stats", "h2.page-title")
    accessible_and_korean(page, "template stats")
