"""The seller sees a page's fallbacks in the UI: with the image API answering 429 the page
completes with placeholder images, and 페이지 점검 names each one in Korean (the fake AI
server stands in for OpenAI and Together; everything else is the real stack)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.fakeai.server import FakeAIServer
from tests.e2e.conftest import UI_ENV
from tests.e2e.ui_support import CHROMIUM, SELLER, sample, set_user, shot
from tests.integration.conftest import running_stack

FAST = {"PDP_PROVIDER_MAX_ATTEMPTS": "2", "PDP_PROVIDER_BACKOFF_S": "0.05",
        "PDP_PROVIDER_DEADLINE_S": "60", "PDP_OPENAI_TIMEOUT_S": "60",
        "PDP_PROVIDER_BREAKER_THRESHOLD": "2",
        "PDP_PROVIDER_BREAKER_RESET_S": "60", "PDP_GROUNDING_ACTION": "warn"}


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeAIServer]:
    server = FakeAIServer().start()
    server.set_rules([{"api": "images", "action": "status", "status": 429, "retry_after": 0.05}])
    yield server
    server.stop()


@pytest.fixture(scope="module")
def ui_stack(pg_admin_url, tmp_path_factory, fake):  # this module's stack: AI behind the fake
    pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    env = UI_ENV | fake.env() | FAST
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("ui-fallback"), env=env) as stack:
        yield stack


def test_placeholder_images_are_listed_in_the_page_check_panel(page, ui_stack):
    page.goto("/ui/")
    set_user(page, SELLER)
    page.fill("#product-data", sample("tumbler")["product_data"])
    page.click("#generate")
    page.wait_for_selector("#advice-warnings li[data-code=image_placeholder]", timeout=120_000)
    shown = page.eval_on_selector_all("#advice-warnings li[data-code=image_placeholder]",
                                      "els => els.map(e => e.textContent)")
    print("페이지 점검:", *shown, sep="\n  ")
    assert len(shown) >= 2
    assert all("임시 이미지로 대신했습니다" in text and "이미지 바꾸기로 다시 만들 수 있습니다" in text for text in shown)
    assert shown[0].startswith("1번 이미지(")
    assert page.is_visible("#advice-warnings")
    shot(page, "fallback-image-warnings")
