"""Render a template on its own — with its sample values or with a given product — as a
standalone HTML page (the preview endpoint and the starter-library browser check use it).
Pure: placeholder images are drawn locally and inlined as data: URIs."""

from __future__ import annotations

import base64
import re
from typing import Any

from pydantic import BaseModel

from pagelogic.assemble.logic import page_html, standalone_document
from pagelogic.assemble.styles import page_css
from pagelogic.blocks.content import fallback_slots
from pagelogic.blocks.render import render_block
from pagelogic.facts.extract import extract_facts
from pagelogic.images.placeholder import placeholder_svg
from pagelogic.library.slots import sample_model
from pagelogic.notice.slots import fill_for_request, notice_slots
from pagelogic.plan.logic import IMAGE_BLOCKS, TITLES
from pagelogic.plan.style import choose_style
from pagelogic.sanitize import IMAGE_SCHEME
from schemas.api import GenerationRequest
from schemas.plan import BlockPlan, BlockType, StyleConcept

_IMAGE_REF = re.compile(re.escape(IMAGE_SCHEME) + r"://(\d+)")
_SIZES = {0: (860, 860), 1: (860, 560)}


def product_slots(block_type: BlockType, request: GenerationRequest) -> BaseModel:
    """The slot values the offline pipeline would write for this product."""
    if block_type is BlockType.InfoNotice:  # filled from the notice data, not the facts
        return notice_slots(fill_for_request(request))
    facts = extract_facts(request)
    image_index = IMAGE_BLOCKS.index(block_type) if block_type in IMAGE_BLOCKS else None
    block = BlockPlan(index=0, block_type=block_type, title=TITLES[block_type],
                      image_index=image_index)
    return fallback_slots(block, facts)


def _inline_images(html: str, title: str, style: StyleConcept) -> str:
    def repl(match: re.Match) -> str:
        width, height = _SIZES.get(int(match.group(1)), (860, 560))
        svg = placeholder_svg(title, title, width, height, style.palette.primary,
                              style.palette.background)
        return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    return _IMAGE_REF.sub(repl, html)


def render_preview_block(template_html: str, block_type: str, declared: list[dict[str, Any]],
                         request: GenerationRequest | None = None, index: int = 0) -> str:
    kind = BlockType(block_type)
    slots = product_slots(kind, request) if request else sample_model(kind, declared)
    style = choose_style(request.tone if request else None,
                         request.category if request else None)
    html = render_block(template_html, slots, index=index, block_type=kind.value)
    title = getattr(slots, "headline", None) or getattr(slots, "heading", "미리보기")
    return _inline_images(html, title, style)


def preview_document(blocks_html: list[str], title: str,
                     request: GenerationRequest | None = None) -> str:
    style = choose_style(request.tone if request else None,
                         request.category if request else None)
    body = page_html("ko", blocks_html)
    return standalone_document(title, page_css(style), body)
