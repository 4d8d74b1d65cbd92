"""/api/product-details/{id}/notice — the page's 상품정보제공고시: read it with the questions
still open, and answer them. An answer re-renders only the notice block, as a new version of
the page (the usual edit task; see page_edits.py). "shipping.*" answers are saved to the
seller's settings, so the next pages have them too."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from gateway.deps import State, UserId
from gateway.errors import found
from gateway.routes.page_edits import _edit as start_edit  # the one way a page edit starts
from infra.db import edits
from infra.db import products as product_repo
from pagelogic.notice.answers import notice_block, notice_edit, shipping_updates
from pagelogic.notice_export import notice_document
from schemas.api import SHIPPING_FIELDS, SellerSettingsBody
from schemas.resources import EditAccepted

router = APIRouter(prefix="/api/product-details", tags=["product information notice"])
Answer = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class NoticeAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: dict[Annotated[str, StringConstraints(max_length=120)], Answer] = Field(
        default_factory=dict, max_length=60,
        description='question key → answer, e.g. {"notice.kc": "XU071234-20001", '
                    '"shipping.courier": "CJ대한통운"}; {} re-reads the shipping settings')


def _invalid(key: str, message: str) -> JSONResponse:
    return JSONResponse({"detail": [{"loc": ["body", "answers", key], "msg": message,
                                     "type": "value_error"}]}, status_code=422)


@router.get("/{page_id}/notice", summary="The page's 상품정보제공고시 and its open questions")
async def get_notice(page_id: int, state: State, user_id: UserId,
                     profile: Literal["coupang", "naver", "cafe24"] | None = Query(
                         None, description="the notice as that marketplace's fields")
                     ) -> dict[str, Any]:
    def run(session):
        page = found(edits.owned_page(session, user_id, page_id), "page")
        return notice_block(page.plan or {})
    block = found(await state.db(run), "notice")
    fill = block[1]
    if profile:
        return notice_document(fill, profile)
    return {"block_index": block[0], **fill.model_dump(mode="json"),
            "questions": [q.model_dump() for q in fill.questions()]}


@router.post("/{page_id}/notice", status_code=202,
             summary="Answer the notice's questions (re-renders only the notice block)")
async def answer_notice(page_id: int, body: NoticeAnswers, state: State,
                        user_id: UserId) -> EditAccepted:
    updates = shipping_updates(body.answers)
    for field, value in updates.items():
        if field not in SHIPPING_FIELDS:
            return _invalid(f"shipping.{field}", "unknown shipping setting")
        try:
            SellerSettingsBody.model_validate({field: value})
        except ValidationError as exc:
            return _invalid(f"shipping.{field}", exc.errors()[0]["msg"])
    notice_answers = {k: v for k, v in body.answers.items() if not k.startswith("shipping.")}

    def make(session, plan, parts):
        if updates:
            product_repo.save_seller_settings(session, user_id, updates)
        settings = product_repo.shipping_settings(session, user_id)
        return notice_edit(plan, parts, notice_answers, settings)
    return await start_edit(state, user_id, page_id, make)
