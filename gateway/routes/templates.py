"""/api/templates and /api/categories — the template library (reads: any user; writes:
admins, see PDP_ADMIN_USER_IDS)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from gateway import library
from gateway.deps import AdminId, State, UserId
from gateway.listing import renderable
from infra.db import template_library as lib
from pagelogic.blocks.render import TemplateRenderError
from pagelogic.library.preview import preview_document, render_preview_block
from pagelogic.library.validate import TemplateInvalid, validate_template
from schemas.api import MAX_TONE, GenerationRequest
from schemas.plan import BlockType
from schemas.templates import (
    CategoryView,
    RollbackIn,
    TemplateDraft,
    TemplateIn,
    TemplatePage,
    TemplateUpdate,
    TemplateView,
    VersionView,
)

router = APIRouter(prefix="/api", tags=["templates"])
PREVIEW_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


@router.get("/templates", summary="List templates (filter, search, paginate)")
async def list_templates(state: State, _: UserId, category_id: int | None = None,
                         block_type: BlockType | None = None,
                         q: str | None = Query(None, max_length=200, description="text search"),
                         limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0),
                         ) -> TemplatePage:
    def run(session):
        items, total = lib.list_templates(session, category_id=category_id,
                                          block_type=block_type.value if block_type else None,
                                          q=q, limit=limit, offset=offset)
        return TemplatePage(items=renderable(items, library.summary, "template"), total=total,
                            limit=limit, offset=offset)
    return await state.db(run)


@router.post("/templates", status_code=201, summary="Create a template (admin)")
async def create_template(body: TemplateIn, state: State, admin: AdminId) -> TemplateView:
    return await state.db(library.create, body, admin)


async def _rendered(state, fn, *args) -> HTMLResponse:
    """Run a preview render off the event loop, in one of the few preview slots (429 beyond
    them), within PDP_PREVIEW_TIMEOUT_S; the sandbox's own limits usually stop it first."""
    try:
        html = await state.bounds.run("preview", fn, *args,
                                      timeout_s=state.settings.preview_timeout_s)
    except asyncio.TimeoutError:
        raise TemplateInvalid("limits", "the template took too long to render") from None
    except TemplateRenderError as exc:
        code = "limits" if "RenderLimitExceeded" in str(exc) else "render"
        raise TemplateInvalid(code, f"the template does not render: {exc}") from None
    return HTMLResponse(html, headers={"Content-Security-Policy": PREVIEW_CSP})


def _draft_page(body: TemplateDraft) -> str:
    declared = [s if isinstance(s, str) else s.model_dump() for s in body.slots]
    slots = validate_template(body.block_type.value, body.template_html, declared)
    block = render_preview_block(body.template_html, body.block_type.value, slots)
    return preview_document([block], "미리보기")


@router.post("/templates/preview", response_class=HTMLResponse,
             summary="Validate and render an unsaved template (admin editor's live preview)",
             responses={429: {"description": "too many previews at once; see Retry-After"}})
async def preview_draft(body: TemplateDraft, state: State, _: AdminId) -> HTMLResponse:
    """The same checks as a save (422 with `problem`), then the page a preview would show;
    nothing is stored."""
    return await _rendered(state, _draft_page, body)


def _stored_page(html: str, block_type: str, slots: list, name: str,
                 request: GenerationRequest | None) -> str:
    block = render_preview_block(html, block_type, slots, request)
    return preview_document([block], name, request)


@router.get("/templates/{template_id}", summary="One template with its HTML and slots")
async def get_template(template_id: int, state: State, _: UserId) -> TemplateView:
    return await state.db(lambda s: library.view(lib.get_template(s, template_id)))


@router.put("/templates/{template_id}", summary="Update a template: saved as a new version")
async def update_template(template_id: int, body: TemplateUpdate, state: State,
                          admin: AdminId) -> TemplateView:
    return await state.db(library.update, template_id, body, admin)


@router.delete("/templates/{template_id}", status_code=204, summary="Delete (deactivate)")
async def delete_template(template_id: int, state: State, _: AdminId) -> None:
    await state.db(lib.deactivate, template_id)


@router.get("/templates/{template_id}/versions", summary="Version history, newest first")
async def template_versions(template_id: int, state: State, _: UserId) -> list[VersionView]:
    return await state.db(library.versions, template_id)


@router.get("/templates/{template_id}/versions/{version}", summary="One version with its HTML")
async def template_version(template_id: int, version: int, state: State,
                           _: UserId) -> VersionView:
    return await state.db(library.one_version, template_id, version)


@router.post("/templates/{template_id}/rollback", summary="Make an earlier version current")
async def rollback(template_id: int, body: RollbackIn, state: State,
                   _: AdminId) -> TemplateView:
    return await state.db(lambda s: library.view(lib.rollback(s, template_id, body.version)))


@router.get("/templates/{template_id}/preview", response_class=HTMLResponse,
            summary="Render the template as an HTML page (sample values or a given product)",
            responses={429: {"description": "too many previews at once; see Retry-After"}})
async def preview(template_id: int, state: State, _: UserId, version: int | None = None,
                  product_data: str | None = Query(None, max_length=20_000),
                  category: str | None = Query(None, max_length=100),
                  tone: str | None = Query(None, max_length=MAX_TONE)) -> HTMLResponse:
    def load(session):
        t = lib.get_template(session, template_id)
        if version is None:
            return t.block_type, t.template_html, t.name, (t.meta or {}).get("slots", [])
        v = lib.version(session, template_id, version)
        return t.block_type, v.template_html, v.name, (v.meta or {}).get("slots", [])
    block_type, html, name, slots = await state.db(load)
    request = GenerationRequest(product_data=product_data, category=category, tone=tone) \
        if product_data and product_data.strip() else None  # blank: the sample values
    return await _rendered(state, _stored_page, html, block_type, slots, name, request)


@router.get("/categories", summary="Categories with their number of templates")
async def categories(state: State, _: UserId) -> list[CategoryView]:
    def run(session):
        return [CategoryView(id=c.id, name=c.name, description=c.description,
                             template_count=n) for c, n in lib.categories(session)]
    return await state.db(run)


@router.get("/categories/{category_id}/templates", summary="Templates of one category")
async def category_templates(category_id: int, state: State, _: UserId,
                             limit: int = Query(20, ge=1, le=100),
                             offset: int = Query(0, ge=0)) -> TemplatePage:
    def run(session):
        lib.category(session, category_id)
        items, total = lib.list_templates(session, category_id=category_id, limit=limit,
                                          offset=offset)
        return TemplatePage(items=renderable(items, library.summary, "template"), total=total,
                            limit=limit, offset=offset)
    return await state.db(run)
