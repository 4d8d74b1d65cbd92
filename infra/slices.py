"""Render a page to image slices with headless Chromium (Debian's /usr/bin/chromium through
Playwright's ``executable_path``; no browser is ever downloaded). Image-based marketplace
editors take a detail page as a column of images at 860 px width.

Bounded on purpose: each slice is its own clipped screenshot, so the gateway never holds the
whole page as one bitmap (860 x 60,000 px would be ~200 MB decoded); pages taller than
``max_page_height`` are refused; and the browser loads nothing from the network except
``allowed_prefixes`` (the image store's public URL) — the document arrives with its stored
images inlined, and a hand-edited ``<img src="http://169.254.169.254/...">`` must not make
the gateway's host fetch it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTH = 860
MAX_PAGE_HEIGHT = 60_000


class PageTooTall(ValueError):
    """The page is taller than slice exports allow; carries both heights so the seller's
    message can say them (gateway/errors.py)."""

    def __init__(self, height: int, max_height: int):
        super().__init__(f"the page is {height} px tall; slice exports allow at most "
                         f"{max_height} px")
        self.height, self.max_height = height, max_height

    def __reduce__(self):  # picklable with its two numbers (the default passes the message)
        return (PageTooTall, (self.height, self.max_height))


@dataclass(frozen=True)
class Slices:
    images: list[bytes]
    extension: str
    page_height: int


def _encode(png: bytes, fmt: str) -> bytes:
    if fmt != "jpeg":
        return png
    from PIL import Image  # Pillow and Playwright load on first export, not at start-up

    buffer = io.BytesIO()
    with Image.open(io.BytesIO(png)) as piece:
        piece.convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def render_slices(document: str, chromium: str, max_height: int, fmt: str = "png",
                  width: int = WIDTH, max_page_height: int = MAX_PAGE_HEIGHT,
                  allowed_prefixes: tuple[str, ...] = ()) -> Slices:
    """``document``: a standalone HTML file with its images inlined. Slices are at most
    ``max_height`` tall; raises PageTooTall beyond ``max_page_height``."""
    from infra.extras import require

    sync_playwright = require("playwright.sync_api", "slices", "Slice export",
                              package="playwright").sync_playwright

    allowed = tuple(p for p in allowed_prefixes if p)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": 1000},
                                    device_scale_factor=1, java_script_enabled=False)
            page.route("**/*", lambda route: route.continue_()
                       if allowed and route.request.url.startswith(allowed) else route.abort())
            page.set_content(document, wait_until="load", timeout=30_000)
            height = int(page.evaluate("document.documentElement.scrollHeight"))
            if height > max_page_height:
                raise PageTooTall(height, max_page_height)
            images = [_encode(page.screenshot(
                clip={"x": 0, "y": top, "width": width, "height": min(max_height, height - top)},
                full_page=True, type="png"), fmt) for top in range(0, height, max_height)]
        finally:
            browser.close()
    return Slices(images, "jpg" if fmt == "jpeg" else "png", height)
