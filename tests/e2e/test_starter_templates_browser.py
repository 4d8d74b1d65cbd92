"""Every starter template, filled with every sample product, fits a 360 px phone and the
860 px detail-page width in a real browser (Debian's Chromium, driven by Playwright; no
browser is ever downloaded)."""

from __future__ import annotations

import shutil

import pytest

from tests.e2e.starter_pages import product_page, sample_requests

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTHS = (360, 860)

# Elements whose box reaches past the viewport, per template wrapper.
OVERFLOW_JS = """() => {
  const vw = document.documentElement.clientWidth;
  const out = [];
  for (const wrap of document.querySelectorAll('.tpl-check')) {
    for (const el of wrap.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width && (r.right > vw + 0.5 || r.left < -0.5)) {
        out.push(wrap.dataset.key + ' <' + el.tagName.toLowerCase() + ' class="' +
                 el.className + '"> ' + Math.round(r.left) + '..' + Math.round(r.right));
        break;
      }
    }
  }
  return {docWidth: document.documentElement.scrollWidth, vw, out,
          blocks: document.querySelectorAll('.tpl-check section.pdp-block').length};
}"""


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which("chromium") and not shutil.os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


def test_every_starter_template_fits_phone_and_desktop_for_every_sample(browser):
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
    page.close()
    assert not problems, "horizontal overflow:\n" + "\n".join(problems)
    assert checked == 2 * len(sample_requests()) * len(keys) >= 2 * 6 * 40
