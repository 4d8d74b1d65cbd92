"""HTTP routes of #19: sellers rate pages and blocks; admins see template stats and review
mined drafts. Thin: each route validates, then calls mining/feedback, stats or review."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from gateway.deps import AdminId, State, UserId
from gateway.errors import found
from gateway.routes.templates import _rendered, _stored_page
from infra.db import feedback
from mining import review, stats
from schemas.plan import BlockType

router = APIRouter(prefix="/api", tags=["template feedback"])


class FeedbackIn(BaseModel):
    rating: Literal["up", "down"] = Field(description="👍 up or 👎 down")
    block_index: int | None = Field(None, ge=0, description="a block of the page; omitted: the "
                                                            "whole page")
    reason: str | None = Field(None, max_length=300)


class FeedbackView(BaseModel):
    page_id: int
    block_index: int | None
    template_id: int | None
    template_version: int | None
    rating: Literal["up", "down"]
    reason: str | None


class VersionStats(BaseModel):
    version: int
    pages: int = Field(description="pages whose current plan uses this version")
    thumbs_up: int
    thumbs_down: int


class TemplateStats(BaseModel):
    id: int
    key: str | None
    name: str
    block_type: str
    version: int
    usage_count: int
    thumbs_up: int
    thumbs_down: int
    edits: dict[str, int] = Field(description="regenerated / hand_edited / deleted counts")
    alpha: float
    beta: float
    score: float = Field(description="posterior mean α / (α + β)")
    versions: list[VersionStats]


class DraftView(BaseModel):
    id: int
    key: str | None
    name: str
    block_type: str
    template_html: str
    description: str
    review: str
    review_reason: str | None = None
    mined_from: dict | None = Field(None, description="cluster, size, medoid and example "
                                                      "sections (page, index and, when mined "
                                                      "by a job or --load, their sanitized "
                                                      "html) it was mined from")


class DecisionIn(BaseModel):
    reason: str | None = Field(None, max_length=300, description="why (kept with the draft)")


def _draft(t) -> DraftView:
    meta = t.meta or {}
    return DraftView(id=t.id, key=t.key, name=t.name, block_type=t.block_type,
                     template_html=t.template_html, description=meta.get("description", ""),
                     review=meta.get("review", ""), review_reason=meta.get("review_reason"),
                     mined_from=meta.get("mined"))


@router.post("/product-details/{page_id}/feedback", status_code=201,
             summary="Rate a page or one of its blocks (👍/👎, optional reason; owner only)")
async def rate(page_id: int, body: FeedbackIn, state: State, user_id: UserId) -> FeedbackView:
    def run(session):
        try:
            row = feedback.record(session, user_id, page_id, body.block_index,
                                  1 if body.rating == "up" else -1, body.reason)
        except feedback.BlockMissing:
            raise HTTPException(422, detail=[{
                "loc": ["body", "block_index"], "type": "value_error",
                "msg": f"이 페이지에는 {body.block_index}번 블록이 없습니다."}]) from None
        row = found(row, "page")
        return FeedbackView(page_id=page_id, block_index=body.block_index,
                            template_id=row.template_id, template_version=row.template_version,
                            rating=body.rating, reason=row.reason)
    return await state.db(run)


@router.get("/template-stats", summary="Usage, ratings, edit signals and score per template "
                                       "(admin)")
async def template_stats(state: State, _: AdminId, block_type: BlockType | None = None
                         ) -> list[TemplateStats]:
    return await state.db(stats.template_stats, block_type.value if block_type else None)


@router.get("/template-drafts", summary="Mined templates awaiting approval (admin)")
async def list_drafts(state: State, _: AdminId) -> list[DraftView]:
    return await state.db(lambda s: [_draft(t) for t in review.drafts(s)])


@router.get("/template-drafts/{template_id}/preview", response_class=HTMLResponse,
            summary="A draft rendered with its sample values (admin review screen)")
async def draft_preview(template_id: int, state: State, _: AdminId) -> HTMLResponse:
    t = await state.db(review.pending, template_id)
    return await _rendered(state, _stored_page, t.template_html, t.block_type,
                           (t.meta or {}).get("slots") or [], t.name, None)


@router.post("/template-drafts/{template_id}/{decision}",
             summary="Approve (the template becomes selectable) or reject a draft (admin)")
async def decide(template_id: int, decision: Literal["approve", "reject"], state: State,
                 admin: AdminId, body: DecisionIn | None = None) -> DraftView:
    reason = body.reason.strip() if body and body.reason else None
    return await state.db(lambda s: _draft(review.decide(s, template_id, decision == "approve",
                                                         admin, reason)))
