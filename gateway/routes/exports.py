"""GET /api/product-details/{id}/export — standalone HTML, ZIP (HTML + images), marketplace
fragments (coupang / naver / cafe24) and 860 px image slices rendered by headless Chromium."""

from __future__ import annotations

import asyncio
import io
import mimetypes
import re
import zipfile
from functools import partial
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from gateway import slice_service
from gateway.deps import State, UserId
from gateway.routes.pages import owned
from infra.db import pages as page_repo
from infra.slices import render_slices
from pagelogic import marketplace
from pagelogic.assemble.logic import html_language, standalone_document
from pagelogic.export import export_filename, export_head, inline_images
from pagelogic.notice.answers import notice_block
from pagelogic.notice_export import notice_csv, notice_json

router = APIRouter(prefix="/api/product-details", tags=["exports"])
_MEDIA_SRC = re.compile(r'src="(/media/[^"]+)"')


def _fetcher(state):
    def fetch(url: str) -> tuple[bytes, str]:
        return state.storage.read(url), mimetypes.guess_type(url)[0] or "application/octet-stream"
    return fetch


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _read(session, user_id: str, page_id: int, base: str) -> tuple:
    """The page, its <head> metadata (SEO, Open Graph, JSON-LD from the page's facts) and the
    upstream id of its product (None for a page made from text: the file names)."""
    page = owned(session, user_id, page_id)
    images = [(i.url, i.mime) for i in page_repo.page_images(session, page.id)]
    head = export_head(page.title, page.plan or {}, page_repo.page_facts(session, page),
                       images, base, language=html_language(page.html))
    return page, head, page_repo.external_product_id(session, page.product_id)


def _standalone(page, head: str, body: str) -> str:
    # lang: the one the page's markup declares, measured from its text at assembly.
    return standalone_document(page.title, page.css, body, head=head)


def _bundle(page, head: str, fetch) -> bytes:
    """index.html with images as files under images/ (opens offline from the unpacked ZIP)."""
    files, names = {}, {}

    def repl(match: re.Match) -> str:
        url = match.group(1)
        if url not in names:
            names[url] = f"images/{len(names) + 1:02d}-{url.rsplit('/', 1)[-1]}"
            files[names[url]] = fetch(url)[0]
        return f'src="{names[url]}"'
    body = _MEDIA_SRC.sub(repl, page.html)
    files["index.html"] = _standalone(page, head, body).encode()
    return _zip(files | _notice_files(page, "generic"))


def _notice_files(page, profile: str) -> dict[str, bytes]:
    """notice.json / notice.csv: the 상품정보제공고시 for marketplaces that keep it as fields."""
    found = notice_block(page.plan or {})
    if found is None:
        return {}
    return {"notice.json": notice_json(found[1], profile), "notice.csv": notice_csv(found[1])}


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/{page_id}/export", summary="Export a page (html, zip, slices, marketplace profile)",
            response_class=Response,
            responses={429: {"description": "too many slice exports at once; see Retry-After"}})
async def export(page_id: int, request: Request, state: State, user_id: UserId,
                 format: Literal["html", "zip", "slices", "marketplace"] = "html",
                 profile: Literal["coupang", "naver", "cafe24"] = "coupang",
                 image_format: Literal["png", "jpeg"] = "png",
                 max_height: int | None = Query(None, ge=200, le=10_000)):
    base = state.settings.public_base_url or str(request.base_url)
    page, head, product = await state.db(lambda s: _read(s, user_id, page_id, base))
    fetch = _fetcher(state)

    def name(kind: str, extension: str) -> str:
        return export_filename(page_id, page.version, kind, extension, product)
    stem = f"page-{page_id}-v{page.version}"  # the slices inside a ZIP
    if format == "zip":
        data = await asyncio.to_thread(_bundle, page, head, fetch)
        return Response(data, media_type="application/zip",
                        headers=_attachment(name("bundle", "zip")))
    chosen = marketplace.PROFILES[profile]
    if format == "marketplace" and not chosen.image_only:
        fragment = marketplace.html_fragment(chosen, page.title, page.css, page.html, base)
        return HTMLResponse(fragment, headers=_attachment(name(f"{profile}-html", "html")))
    if format == "html":
        document = await asyncio.to_thread(_document, page, head, fetch)
        return HTMLResponse(document, headers=_attachment(name("standalone", "html")))
    if state.settings.slice_service_url:  # Chromium lives on the slices pods (k8s/components/slices)
        return await slice_service.forward(state.settings.slice_service_url, request)
    # One Chromium per slice export: the slot is taken before the page is even inlined.
    async with state.bounds.slot("slice_export"):
        kind = f"{profile}-slices" if format == "marketplace" else f"slices-{image_format}"
        return await _slices(state, page, head, fetch, stem, format, profile, image_format,
                             max_height, name(kind, "zip"))


def _document(page, head: str, fetch) -> str:
    return _standalone(page, head, inline_images(page.html, fetch))


async def _slices(state, page, head: str, fetch, stem: str, format: str, profile: str,
                  image_format: str, max_height: int | None, filename: str) -> Response:
    settings = state.settings
    chosen = marketplace.PROFILES[profile]
    fmt = chosen.slice_format if format == "marketplace" else image_format
    height = max_height or (chosen.max_slice_height if format == "marketplace"
                            else settings.slice_max_height)
    document = await state.bounds.offload(_document, page, head, fetch)
    slices = await state.bounds.offload(partial(
        render_slices, document, settings.chromium_path, height, fmt,
        allowed_prefixes=(settings.s3_public_url or "",)))
    names = [f"{stem}-{i + 1:02d}.{slices.extension}" for i in range(len(slices.images))]
    files = dict(zip(names, slices.images))
    if format == "marketplace":  # image-only editor: the slices plus a page of <img> tags
        files["index.html"] = marketplace.images_fragment(names, page.title, chosen.width).encode()
        files |= _notice_files(page, profile)  # SmartStore keeps the notice as fields
    return Response(_zip(files), media_type="application/zip",
                    headers=_attachment(filename) | {
                        "X-Page-Height": str(slices.page_height), "X-Slices": str(len(names))})
