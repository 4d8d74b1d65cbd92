"""Helpers for the seller-UI browser tests: Debian's Chromium through Playwright (never a
downloaded browser), keyboard navigation, overflow checks, screenshots as test artifacts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "ui"
SAMPLES = ROOT / "devtools" / "samples"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ADMIN = "ui-admin"
SELLER = "ui-seller"


def sample(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def tab_to(page, selector: str, limit: int = 200, back: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches selector: proves it is
    reachable by keyboard, in document order."""
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"{selector} is not reachable with the Tab key")


def focused(page) -> str:
    return page.evaluate("() => document.activeElement.id || document.activeElement.className")


def horizontal_overflow(page) -> dict:
    """Document width versus viewport, and the first elements reaching past the right edge."""
    return page.evaluate("""() => {
      const vw = document.documentElement.clientWidth;
      const wide = [];
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        let clipped = false;
        for (let p = el.parentElement; p; p = p.parentElement) {
          const o = getComputedStyle(p).overflowX;
          if (o !== 'visible') { clipped = true; break; }
        }
        if (!clipped && r.width && r.right > vw + 0.5) wide.push(el.tagName + '#' + el.id + '.' + el.className);
      }
      return {scrollWidth: document.documentElement.scrollWidth, vw, wide: wide.slice(0, 10)};
    }""")


def set_user(page, user: str) -> None:
    # Before the modules have loaded (they wait for /api/messages) the form has no handler.
    page.wait_for_selector("html[data-ready]", state="attached")
    page.fill("#user-id", user)
    page.press("#user-id", "Enter")


def block_ids(page, selector: str = ".blocks .block") -> list[int]:
    return [int(x) for x in page.eval_on_selector_all(
        selector, "els => els.map(e => e.dataset.templateId)")]


def progress_seen(page) -> list[int]:
    return [int(x) for x in page.eval_on_selector_all(
        "#progress-log li", "els => els.map(e => e.dataset.progress)")]


def generate_via_api(stack, user: str, body: dict) -> str:
    r = httpx.post(f"{stack.url}/api/generation/display-list?wait=60", json=body,
                   headers={"X-User-Id": user}, timeout=90)
    assert r.status_code == 200, r.text
    return r.json()["task_id"]
