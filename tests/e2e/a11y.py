"""axe-core (npm, tests/e2e/node_modules, installed by `npm ci --prefix tests/e2e`) and the
Korean-only check, run on each screen of the seller UI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"

# Words a Korean seller UI may show in Latin letters: formats, units, well-known acronyms,
# brand names, and "English" as the language switch's own name. Everything else in Latin
# letters is an untranslated label.
ALLOWED = {
    "html", "zip", "url", "px", "seo", "id", "ai", "png", "jpeg", "jpg", "http", "https",
    "css", "jinja2", "jinja", "ml", "cm", "mm", "kg", "g", "bpa", "ctrl", "alt", "tab", "esc",
    "enter", "english", "script", "style", "on", "javascript", "data", "s", "faq", "coupang",
    "cafe24",
}


def axe_violations(page) -> list[dict]:
    """axe-core on the app document (generated pages in sandboxed frames are not the UI's
    and cannot run axe); evaluated through the DevTools protocol, which the app's CSP does
    not govern, so the app keeps its strict policy."""
    if not AXE.exists():
        pytest.skip("axe-core missing: npm ci --prefix tests/e2e")
    if not page.evaluate("() => !!window.axe"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    return page.evaluate("""async () => {
      const r = await axe.run(document, {iframes: false, resultTypes: ['violations']});
      return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                     where: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


VISIBLE_TEXT_JS = """() => {
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('[data-seller-text], textarea, script, style')) continue;
    // checkVisibility: also false inside a closed <details> (content-visibility: hidden)
    if (!el.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true })) continue;
    if (n.textContent.trim()) out.push(n.textContent);
  }
  for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
    if (el.closest('[data-seller-text]')) continue;
    if (!el.checkVisibility({ checkVisibilityCSS: true })) continue;
    for (const name of ['placeholder', 'aria-label', 'title']) out.push(el.getAttribute(name) || '');
  }
  return out.join('\\n');
}"""


def english_words(page) -> list[str]:
    """Latin-letter words in the visible UI text outside ALLOWED. Text the seller or the
    generator wrote (marked data-seller-text: titles, notes, template names) is not UI."""
    # "A/S" (after-sales service) is how Korean writes it, the notice's own wording included.
    text = page.evaluate(VISIBLE_TEXT_JS).replace("A/S", "")
    words = re.findall(r"[A-Za-z][A-Za-z0-9]*", text)
    return sorted({w for w in words if w.lower() not in ALLOWED})
