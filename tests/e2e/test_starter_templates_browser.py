"""Every starter template, filled with every sample product, fits a 360 px phone and the
860 px detail-page width in a real browser (Debian's Chromium, driven by Playwright; no
browser is ever downloaded), with alt text, ordered headings and AA text contrast."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.e2e.browser_checks import CONTRAST_JS, OVERFLOW_JS, STRUCTURE_JS
from tests.e2e.starter_pages import product_page, sample_requests

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTHS = (360, 860)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


def test_every_starter_template_fits_phone_and_desktop_and_is_readable(browser):
    page = browser.new_page(viewport={"width": 860, "height": 900})
    page.route("**/*", lambda route: route.abort()
               if not route.request.url.startswith(("data:", "about:")) else route.continue_())
    problems = []
    checked = 0
    for name, request in sample_requests().items():
        html, keys = product_page(request)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.set_content(html, wait_until="load")
            report = page.evaluate(OVERFLOW_JS)
            assert report["blocks"] == len(keys), f"{name}: not every template rendered a block"
            if report["docWidth"] > report["vw"]:
                problems.append(f"{name} @{width}px: page is {report['docWidth']} px wide")
            problems += [f"{name} @{width}px: {line}" for line in report["out"]]
            checked += len(keys)
        problems += [f"{name}: {line}" for line in page.evaluate(STRUCTURE_JS)]
        problems += [f"{name}: contrast {line}" for line in page.evaluate(CONTRAST_JS)]
    page.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
    assert checked == 2 * len(sample_requests()) * len(keys) >= 2 * 6 * 40
