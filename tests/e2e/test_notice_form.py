"""The seller answers the 상품정보제공고시 questions in the UI: only the notice block changes,
as a new version, and the answered question is gone. (Fixtures: tests/e2e/conftest.py.)"""

from __future__ import annotations

import pytest

from tests.e2e.ui_support import SELLER, generate_via_api, sample, set_user, shot

pytestmark = pytest.mark.integration


def test_answering_a_notice_question_updates_only_the_notice(page, ui_stack):
    task_id = generate_via_api(ui_stack, SELLER, sample("tumbler"))
    page.goto("/ui/")
    set_user(page, SELLER)
    page.goto(f"/ui/#/task/{task_id}")
    page.wait_for_selector("#page-version[data-version='1']", timeout=60_000)
    page.wait_for_selector("#notice-questions li")
    asked = page.eval_on_selector_all("#notice-questions input", "els => els.map(e => e.name)")
    assert "notice.maker" in asked and "shipping.courier" in asked
    frame = page.frame_locator("#page-preview")
    sections = frame.locator("section.pdp-block")
    before = [sections.nth(i).inner_text() for i in range(sections.count())]
    assert "주방용품" in before[-1] and "입력 필요" in before[-1]
    page.fill("#notice-questions input[name='notice.maker']", "스텐리코리아(수입자)")
    page.click("#notice-submit")
    page.wait_for_selector("#page-version[data-version='2']", timeout=120_000)
    after = [sections.nth(i).inner_text() for i in range(sections.count())]
    assert after[:-1] == before[:-1] and "스텐리코리아(수입자)" in after[-1]
    page.wait_for_function("() => ![...document.querySelectorAll('#notice-questions input')]"
                           ".some(e => e.name === 'notice.maker')")
    shot(page, "10-notice-answered")
