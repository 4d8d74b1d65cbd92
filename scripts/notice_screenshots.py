"""Render an offline page that ends with the InfoNotice block and write it as HTML, for the
860/360 px screenshots in docs/img (see docs/notice.md). No services needed."""

from __future__ import annotations

import sys
from pathlib import Path

from infra.db.seed import STARTER_DIR
from pagelogic.assemble.logic import page_html, standalone_document
from pagelogic.assemble.styles import page_css
from pagelogic.blocks.content import fallback_slots
from pagelogic.blocks.render import render_block
from pagelogic.facts.extract import extract_facts
from pagelogic.library.folder import read_library
from pagelogic.notice.slots import HEADING, fill_for_request, notice_slots
from pagelogic.plan.logic import plan_page
from schemas.api import GenerationRequest

REQUEST = GenerationRequest(
    product_data="에어프라이어 5.5L\n가격: 129,000원\n모델명: AF-550\nKC 인증번호: XU071234-20001\n"
                 "정격전압: 220V / 60Hz\n소비전력: 1,400W\n제조사: 쿡앤홈\n제조국: 중국\n"
                 "용량: 5.5L\nA/S: 1588-1234\n바스켓 코팅: 세라믹, 식기세척기 사용 가능",
    category="주방가전", features=["기름 없이 바삭하게", "5.5L 대용량"])
SETTINGS = {"courier": "CJ대한통운", "shipping_fee": 3000, "free_shipping_threshold": 50000,
            "return_fee": 3000, "exchange_fee": 6000,
            "return_address": "서울시 성동구 성수이로 1, 2층", "as_phone": "1588-1234"}


def main(out: Path, style: str = "minimal") -> None:
    facts = extract_facts(REQUEST)
    plan = plan_page(facts)
    templates = {t.block_type: t for t in read_library(STARTER_DIR).templates if t.style == style}
    blocks = [render_block(templates[b.block_type.value].html, fallback_slots(b, facts),
                           index=b.index, block_type=b.block_type.value)
              for b in plan.blocks if b.image_index is None]
    slots = notice_slots(fill_for_request(REQUEST, SETTINGS), HEADING)
    blocks.append(render_block(templates["InfoNotice"].html, slots, index=len(blocks),
                               block_type="InfoNotice"))
    body = page_html("ko", blocks)
    out.write_text(standalone_document(plan.title, page_css(plan.style), body), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), *(sys.argv[2:3]))
