"""Turn a stored page into one standalone HTML file that opens offline: page CSS inlined,
images embedded as data: URIs, and the page's SEO in <head> (meta description, Open Graph,
schema.org Product JSON-LD from its facts)."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable

from pagelogic.assemble.head import absolute, head_html, page_head
from schemas.controls import SeoFields
from schemas.facts import ProductFacts

_SRC = re.compile(r'src="(/media/[^"]+)"')


def inline_images(html: str, fetch: Callable[[str], tuple[bytes, str]]) -> str:
    """Replace every /media/... image source with a data: URI (``fetch`` → bytes, mime)."""
    cache: dict[str, str] = {}

    def repl(match: re.Match) -> str:
        url = match.group(1)
        if url not in cache:
            data, mime = fetch(url)
            cache[url] = f"data:{mime};base64,{base64.b64encode(data).decode()}"
        return f'src="{cache[url]}"'

    return _SRC.sub(repl, html)


def main_image(images: list[tuple[str, str]], facts: ProductFacts, base: str | None) -> str | None:
    """The picture a link preview shows: the page's first raster image (the seller's photo
    when given; SVG placeholders are not shown by previews), else the seller's photo URL."""
    for url, mime in images:
        if not mime.startswith("image/svg") and (found := absolute(url, base)):
            return found
    return absolute(facts.image_url, base)


def export_head(title: str, plan: dict, facts: dict | None, images: list[tuple[str, str]],
                base: str | None, language: str | None = None) -> str:
    """The <head> additions of an exported page; ``images``: (url, mime) in page order;
    ``language``: the one the page's text is in (og:locale), else the planned one."""
    if not facts:  # a page without stored facts (very old) still gets its SEO text
        facts = {"name": title}
    parsed = ProductFacts.model_validate(facts)
    seo = SeoFields.model_validate(plan["seo"]) if plan.get("seo") else None
    banned = (plan.get("controls") or {}).get("banned_words") or []
    return head_html(page_head(title, parsed, seo, image=main_image(images, parsed, base),
                               language=language or plan.get("language") or "ko",
                               banned=banned))


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def export_filename(page_id: int, version: int, kind: str, extension: str,
                    product: str | None = None) -> str:
    """One name per export kind, saying what the file is: ``product-<id>-page-<id>-v<n>-
    <kind>.<ext>`` (no product part for a page made without one). Sellers download several
    exports of one page into one folder; equal names (the naver ZIP and the slices ZIP used
    to share one) overwrite each other. ASCII only: the header needs no RFC 5987 form."""
    stem = f"page-{page_id}-v{version}-{kind}"
    safe = _UNSAFE_NAME.sub("-", product or "").strip("-")[:40]
    return f"product-{safe}-{stem}.{extension}" if safe else f"{stem}.{extension}"
