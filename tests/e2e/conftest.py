"""Fixtures of the seller-UI browser tests: one real stack per module (broker, PostgreSQL,
Faust worker, gateway) and Debian's headless Chromium driven by Playwright."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.ui_support import ADMIN, ARGS, CHROMIUM
from tests.integration.conftest import pg_admin_url, running_stack  # noqa: F401 - fixture

# A little latency per LLM call so progress moves through several visible steps.
UI_ENV = {"PDP_ADMIN_USER_IDS": ADMIN, "PDP_OFFLINE_LLM_LATENCY_MS": "400"}


@pytest.fixture(scope="module")
def ui_stack(pg_admin_url, tmp_path_factory):  # noqa: F811
    pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("ui-stack"), env=UI_ENV) as stack:
        yield stack


@pytest.fixture(scope="module")
def ui_browser(ui_stack):
    """Started after the stack: Playwright's sync API holds an event loop in this thread,
    and the stack's start-up runs asyncio.run()."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(ui_browser, ui_stack):
    context = ui_browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR",
                                     accept_downloads=True, base_url=ui_stack.url)
    page = context.new_page()
    page.console_lines = []
    page.on("console", lambda m: page.console_lines.append(m.text))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))  # uncaught exceptions in the app
    yield page
    context.close()
    assert not errors, errors
