"""Render a page to image slices with headless Chromium (Debian's /usr/bin/chromium through
Playwright's ``executable_path``; no browser is ever downloaded). Image-based marketplace
editors take a detail page as a column of images at 860 px width."""

from __future__ import annotations

import io
from dataclasses import dataclass


ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTH = 860


@dataclass(frozen=True)
class Slices:
    images: list[bytes]
    extension: str
    page_height: int


def screenshot(document: str, chromium: str, width: int = WIDTH) -> tuple[bytes, int]:
    """Full-page PNG of ``document`` (a standalone HTML file with inlined images)."""
    from PIL import Image  # Pillow and Playwright load on first export, not at start-up
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": 1000},
                                    device_scale_factor=1, java_script_enabled=False)
            page.set_content(document, wait_until="load", timeout=30_000)
            png = page.screenshot(full_page=True, type="png")
            height = Image.open(io.BytesIO(png)).height
        finally:
            browser.close()
    return png, height


def cut(png: bytes, max_height: int, fmt: str = "png") -> Slices:
    """Cut a full-page screenshot into slices at most ``max_height`` tall (pure Pillow)."""
    from PIL import Image

    full = Image.open(io.BytesIO(png))
    full.load()
    out = []
    for top in range(0, full.height, max_height):
        piece = full.crop((0, top, full.width, min(top + max_height, full.height)))
        buffer = io.BytesIO()
        if fmt == "jpeg":
            piece.convert("RGB").save(buffer, "JPEG", quality=90)
        else:
            piece.save(buffer, "PNG", optimize=True)
        out.append(buffer.getvalue())
    return Slices(out, "jpg" if fmt == "jpeg" else "png", full.height)


def render_slices(document: str, chromium: str, max_height: int, fmt: str = "png",
                  width: int = WIDTH) -> Slices:
    png, _ = screenshot(document, chromium, width)
    return cut(png, max_height, fmt)
