"""/api/template-sets — ordered template sets a seller picks for a whole page."""

from __future__ import annotations

from fastapi import APIRouter

from gateway import library
from gateway.deps import AdminId, State, UserId
from gateway.listing import renderable
from infra.db import template_library as lib
from schemas.templates import TemplateSetIn, TemplateSetView

router = APIRouter(prefix="/api/template-sets", tags=["templates"])


@router.get("", summary="List template sets (optionally of one category)")
async def list_sets(state: State, _: UserId, category_id: int | None = None
                    ) -> list[TemplateSetView]:
    return await state.db(lambda s: renderable(lib.list_sets(s, category_id),
                                               lambda x: library.set_view(s, x), "template set"))


@router.post("", status_code=201, summary="Create a template set (admin)")
async def create_set(body: TemplateSetIn, state: State, _: AdminId) -> TemplateSetView:
    return await state.db(library.save_set, body)


@router.get("/{set_id}", summary="One template set with its ordered items")
async def get_set(set_id: int, state: State, _: UserId) -> TemplateSetView:
    return await state.db(lambda s: library.set_view(s, lib.get_set(s, set_id)))


@router.put("/{set_id}", summary="Replace a template set (admin)")
async def update_set(set_id: int, body: TemplateSetIn, state: State,
                     _: AdminId) -> TemplateSetView:
    return await state.db(library.save_set, body, set_id)
