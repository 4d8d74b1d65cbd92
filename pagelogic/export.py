"""Turn a stored page into one standalone HTML file that opens offline: page CSS inlined,
images embedded as data: URIs."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable

from pagelogic.assemble.logic import standalone_document

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


def standalone_page(result: dict, fetch: Callable[[str], tuple[bytes, str]]) -> str:
    """``result``: the ``result`` object of GET /generation/result/{task_id}."""
    body = inline_images(result["html"], fetch)
    return standalone_document(result["title"], result["css"], body)


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
