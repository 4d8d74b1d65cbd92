"""The seller's answers to the notice questions, and the questions a stored page still has —
pure. Answering changes only the rows it names; everything else keeps its source."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pagelogic.edits.plan_ops import Edit, EditRefused, regenerate_block
from pagelogic.notice.shipping import shipping_rows
from schemas.notice import NoticeFill, NoticeSource, SellerQuestion
from schemas.plan import BlockType, PagePlan

NOT_APPLICABLE = "해당 없음"


class UnknownAnswer(EditRefused):
    """An answer names an item this page's notice does not have (422)."""


def notice_block(plan: Mapping[str, Any]) -> tuple[int, NoticeFill] | None:
    """(block index, filled notice) of a stored plan's InfoNotice block, if it has one."""
    for block in plan.get("blocks", []):
        if block.get("block_type") == "InfoNotice" and block.get("notice"):
            return block["index"], NoticeFill.model_validate(block["notice"])
    return None


def page_questions(plan: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    found = notice_block(plan or {})
    return [q.model_dump() for q in found[1].questions()] if found else []


def _answer_row(fill: NoticeFill, key: str, value: str) -> None:
    for row in fill.rows:
        if row.key == key:
            row.value, row.status, row.missing_parts = value, "filled", []
            row.sources = [NoticeSource(kind="answer", label=key, excerpt=value[:400])]
            return
    raise UnknownAnswer(f"이 페이지의 상품정보제공고시에는 {key!r} 항목이 없습니다")


def apply_answers(fill: NoticeFill, answers: Mapping[str, str],
                  settings: Mapping[str, object]) -> NoticeFill:
    """Notice rows take the answers; the shipping rows are rebuilt from the (possibly just
    updated) settings. Raises UnknownAnswer for a key the notice does not have."""
    fill = fill.model_copy(deep=True)
    for key, value in answers.items():
        if not key.startswith("shipping."):
            _answer_row(fill, key, value.strip())
    fill.answers = {**fill.answers, **{k: v for k, v in answers.items()
                                      if not k.startswith("shipping.")}}
    fill.shipping = shipping_rows(settings)
    return fill  # the item list stays the one the page was generated with (notice_version)


def questions_of(fill: NoticeFill) -> list[SellerQuestion]:
    return fill.questions()


MONEY_FIELDS = {"shipping_fee", "free_shipping_threshold", "return_fee", "exchange_fee"}


def shipping_updates(answers: Mapping[str, str]) -> dict[str, object]:
    """Seller-settings values from "shipping.*" answers ("3,000원" → 3000); the caller
    validates them like a settings update."""
    out: dict[str, object] = {}
    for key, value in answers.items():
        if not key.startswith("shipping."):
            continue
        field = key.removeprefix("shipping.")
        if field in MONEY_FIELDS:
            digits = "".join(c for c in value if c.isdigit())
            out[field] = int(digits) if digits else value  # non-numbers fail validation
        else:
            out[field] = value.strip()
    return out


def notice_edit(plan: PagePlan, parts: dict, answers: Mapping[str, str],
                settings: Mapping[str, object]) -> Edit:
    """A page edit that re-renders only the InfoNotice block with the answers applied."""
    block = next((b for b in plan.blocks if b.block_type is BlockType.InfoNotice), None)
    if block is None or block.notice is None:
        raise EditRefused("no_notice")
    filled = apply_answers(block.notice, answers, settings)
    edit = regenerate_block(plan, parts, block.index, None, None, None)
    for planned in edit.plan.blocks:
        if planned.index == block.index:
            planned.notice = filled
    edit.note = "상품정보제공고시 답변 반영"
    return edit
