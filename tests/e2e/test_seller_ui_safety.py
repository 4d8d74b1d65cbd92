"""Generated HTML never runs script inside the app (sandboxed srcdoc frames + CSP), and the
admin template editor validates inline with a live preview. (Fixtures: tests/e2e/conftest.py.)"""

from __future__ import annotations

import json

import httpx
import pytest

from tests.e2e.ui_support import ADMIN, SELLER, generate_via_api, sample, set_user, shot

pytestmark = pytest.mark.integration


INJECTED = ('<script id="evil">console.log("PWNED-script"); document.body.dataset.pwned = "1";'
            '</script><img id="evil-img" src="/nope.png" onerror="console.log(\'PWNED-onerror\')">')


def test_script_inside_generated_html_never_runs(page, ui_stack, ui_browser):
    # Control: the detector works — the same HTML in an unsandboxed frame does run.
    control = ui_browser.new_page()
    logs = []
    control.on("console", lambda m: logs.append(m.text))
    control.set_content(f'<iframe srcdoc="{INJECTED.replace(chr(34), "&quot;")}"></iframe>')
    control.wait_for_timeout(500)
    control.close()
    assert "PWNED-script" in logs

    task_id = generate_via_api(ui_stack, SELLER, sample("tumbler"))

    def tamper(route):  # as if the stored page's HTML came back carrying a script
        response = route.fetch()
        body = response.json()
        body["html"] = body["html"].replace(
            '<div class="pdp-page" lang="ko">', '<div class="pdp-page" lang="ko">' + INJECTED, 1)
        route.fulfill(response=response, body=json.dumps(body))

    page.route("**/api/product-details/*", tamper)
    page.goto("/ui/")
    set_user(page, SELLER)
    page.goto(f"/ui/#/task/{task_id}")
    page.wait_for_selector("#page-preview")
    page.wait_for_timeout(800)
    frame = next(f for f in page.frames if f.url == "about:srcdoc")
    assert frame.evaluate("() => !!document.getElementById('evil')")  # the script is there…
    assert frame.evaluate("() => document.body.dataset.pwned") is None  # …and did not run
    assert not [line for line in page.console_lines if "PWNED" in line], page.console_lines
    assert page.get_attribute("#page-preview", "sandbox") == ""  # no allow-scripts

    # The app's own CSP refuses inline script too (what the srcdoc frames inherit).
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__inlineRan = true'; document.body.append(s); }""")
    assert page.evaluate("() => window.__inlineRan") is None


def test_draft_template_preview_is_admin_only_validates_and_stores_nothing(ui_stack):
    url = f"{ui_stack.url}/api/templates/preview"
    good = {"block_type": "FAQ", "slots": ["heading"],
            "template_html": '<section class="pdp-block"><h2>{{ s.heading }}</h2></section>'}
    total = lambda: httpx.get(f"{ui_stack.url}/api/templates?limit=1",  # noqa: E731
                              headers={"X-User-Id": ADMIN}).json()["total"]
    before = total()
    assert httpx.post(url, json=good, headers={"X-User-Id": SELLER}).status_code == 403
    bad = httpx.post(url, json={**good, "template_html": good["template_html"] + "<script></script>"},
                     headers={"X-User-Id": ADMIN})
    assert bad.status_code == 422 and bad.json()["problem"] == "script"
    ok = httpx.post(url, json=good, headers={"X-User-Id": ADMIN})
    assert ok.status_code == 200 and "자주 묻는 질문" in ok.text  # the slot's sample value
    assert "script-src" not in ok.headers["content-security-policy"]  # default-src 'none'
    assert total() == before


def test_admin_template_editor_shows_validation_inline_and_live_preview(page, ui_stack):
    page.goto("/ui/")
    set_user(page, ADMIN)
    page.goto("/ui/#/admin/new")
    page.wait_for_selector("#tpl-html")
    frame = page.frame_locator("#template-preview")
    frame.locator("section.pdp-block h2").wait_for()  # live preview of the starter text
    before = httpx.get(f"{ui_stack.url}/api/templates?limit=1",
                       headers={"X-User-Id": ADMIN}).json()["total"]

    page.fill("#tpl-name", "스크립트 시험")
    page.fill("#tpl-html", '<section class="pdp-block"><h2>{{ s.heading }}</h2>'
                           '<script>console.log("PWNED-admin")</script></section>')
    page.wait_for_selector("#template-problem:has-text('script')")
    assert page.get_attribute("#tpl-html", "aria-invalid") == "true"
    page.click("#save-template")
    page.wait_for_timeout(500)
    assert "<script>" in page.text_content("#template-problem")
    after = httpx.get(f"{ui_stack.url}/api/templates?limit=1",
                      headers={"X-User-Id": ADMIN}).json()["total"]
    assert after == before  # refused, nothing stored
    assert not [line for line in page.console_lines if "PWNED" in line]

    page.fill("#tpl-html", '<section class="pdp-block pdp-faq"><h2>{{ s.heading }}</h2>'
                           '<p class="pdp-summary">새 템플릿</p></section>')
    page.fill("#tpl-slots", "heading")
    frame.locator("text=새 템플릿").wait_for()
    assert page.text_content("#template-problem") == ""
    page.click("#save-template")
    page.wait_for_selector("#template-saved:has-text('버전 1'), #template-problem:not(:empty)")
    assert page.text_content("#template-problem") == ""
    assert "버전 1" in page.text_content("#template-saved")

    # Edit → version 2; the history lists both; rolling back shows version 1 again.
    page.fill("#tpl-html", '<section class="pdp-block pdp-faq"><h2>{{ s.heading }}</h2>'
                           '<p class="pdp-summary">고친 템플릿</p></section>')
    frame.locator("text=고친 템플릿").wait_for()
    page.fill("#tpl-note", "문구 수정")
    page.click("#save-template")
    page.wait_for_selector("#template-saved:has-text('버전 2')")
    page.reload()  # reopen: the history is read from the server
    page.wait_for_selector("#template-versions li >> nth=1")
    frame.locator("text=고친 템플릿").wait_for()
    shot(page, "05-admin-editor")
    page.click("button[aria-label='버전 1 내용으로 되돌리기']")
    frame.locator("text=새 템플릿").wait_for()
    assert "버전 1" in page.text_content("#template-versions li:has-text('(현재)')")
