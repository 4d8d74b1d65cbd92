"""From a filled notice to the InfoNotice block's slot values, and the fill for a generation
request — pure. The block stage renders these without a language model: a legal table is
copied, not written."""

from __future__ import annotations

from collections.abc import Mapping

from pagelogic.notice.fill import NoticeInput, fill_notice
from pagelogic.notice.groups import group_for
from pagelogic.notice.text import pairs_from_text
from schemas.api import GenerationRequest
from schemas.blocks import InfoNoticeSlots, NoticeRowSlot
from schemas.notice import NoticeFill, NoticeRow

HEADING = "상품정보제공고시"
TO_ANSWER = "입력 필요"
NOTE = "「전자상거래 등에서의 상품 등의 정보제공에 관한 고시」에 따라 판매자가 제공한 정보입니다."


def _slot(row: NoticeRow) -> NoticeRowSlot:
    if row.value is None:
        return NoticeRowSlot(label=row.label, value=TO_ANSWER, missing=True)
    value = row.value
    if row.missing_parts:
        value = f"{value} ({', '.join(row.missing_parts)}: {TO_ANSWER})"
    return NoticeRowSlot(label=row.label, value=value[:1000], missing=bool(row.missing_parts))


def notice_slots(fill: NoticeFill, heading: str = HEADING) -> InfoNoticeSlots:
    return InfoNoticeSlots(heading=heading or HEADING, group=fill.group_title,
                           rows=[_slot(r) for r in fill.rows][:30],
                           shipping=[_slot(r) for r in fill.shipping][:12], note=NOTE)


def product_name(text: str) -> str | None:
    """The product name sellers write on the first line (unless it is a "label: value")."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            return None if pairs_from_text(line) and ":" in line else line[:200]
    return None


def fill_for_request(request: GenerationRequest, settings: Mapping[str, object] | None = None,
                     category_name: str | None = None) -> NoticeFill:
    """``category_name``: the library category's name when the request names it by id."""
    name = product_name(request.product_data)
    group = group_for(category_name or request.category, name)
    return fill_notice(NoticeInput(text=request.product_data, name=name,
                                   settings=settings or {}), group)
