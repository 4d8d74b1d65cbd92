"""Write a block and hold it to the seller's facts: check, regenerate once, then keep with a
warning or drop (PDP_GROUNDING_ACTION). A failing optional block is left out of the page
instead of failing it; the introduction is required."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from pydantic import BaseModel

from pagelogic import messages
from pagelogic.blocks.freeform import accept_rewrite, outline
from pagelogic.failures import detail_of, seller_reason
from pagelogic.grounding.check import check_block, summary_ko, ungrounded
from pagelogic.plan.seo import scrub_banned
from processors.providers.base import (
    BlockRewriter,
    BlockWriter,
    MalformedOutput,
    ProviderGaveUp,
)
from schemas.controls import SellerControls
from schemas.facts import ProductFacts
from schemas.plan import BlockPlan, BlockType, StyleConcept
from schemas.quality import GroundingVerdict

log = logging.getLogger("pdp.worker")
REQUIRED = (BlockType.Introduction,)


@dataclass
class WrittenBlock:
    slots: BaseModel | None
    verdict: GroundingVerdict | None
    warning: str | None = None

    @property
    def dropped(self) -> bool:
        return self.slots is None or (self.verdict is not None and self.verdict.action == "dropped")


def coverage_floor(configured: float, controls: SellerControls | None) -> float:
    """Coverage compares wording, so it only means something when the page is written in the
    language of the input; numbers and claims are still checked in every language."""
    if controls and (controls.translate or controls.language != "ko"):
        return 0.0
    return configured


async def write_grounded(writer: BlockWriter, block: BlockPlan, facts: ProductFacts,
                         style: StyleConcept, *, action: str, min_coverage: float,
                         controls: SellerControls | None = None) -> WrittenBlock:
    try:
        written = await _write_checked(writer, block, facts, style, action, min_coverage,
                                       controls)
    except (ProviderGaveUp, MalformedOutput) as exc:
        if block.block_type in REQUIRED:
            raise
        log.warning("optional block %d (%s) left out: %s", block.index,
                    block.block_type.value, detail_of(exc))
        return WrittenBlock(None, None, messages.t("fail.block_left_out",
                                                   reason=seller_reason(exc)))
    if written.slots is not None and controls and controls.banned_words:
        written.slots = scrub_banned(written.slots, controls.banned_words)
    return written


async def _write_checked(writer: BlockWriter, block: BlockPlan, facts: ProductFacts,
                         style: StyleConcept, action: str, min_coverage: float,
                         controls: SellerControls | None) -> WrittenBlock:
    verdict = None
    extra = {"controls": controls} if controls else {}
    for attempt in (1, 2):
        slots = await writer.write(block, facts, style, **extra)
        verdict = check_block(slots.model_dump(mode="json"), block, facts, min_coverage)
        verdict.attempts = attempt
        if verdict.ok:
            return WrittenBlock(slots, verdict)
        log.warning("block %d (%s) failed the grounding check (attempt %d): %s", block.index,
                    block.block_type.value, attempt, summary_ko(verdict))
    verdict.action = "kept_with_warning" if action == "warn" else "dropped"
    warning = f"사실 확인 실패({summary_ko(verdict)}): " + (
        "경고와 함께 유지" if action == "warn" else "페이지에서 제외")
    return WrittenBlock(slots, verdict, warning)


async def rewrite_freeform(rewriter: BlockRewriter, html: str, block: BlockPlan,
                           facts: ProductFacts, controls: SellerControls | None
                           ) -> tuple[str, str | None]:
    """(html to keep, warning): the rewrite when it kept the structure and the facts,
    else the slot rendering with the reason."""
    try:
        rewritten = await rewriter.rewrite(html, facts, **({"controls": controls}
                                                           if controls else {}))
    except (ProviderGaveUp, MalformedOutput) as exc:
        log.warning("block %d: freeform rewrite failed, slot rendering kept: %s",
                    block.index, detail_of(exc))
        return html, messages.t("fail.freeform_fallback", reason=seller_reason(exc))
    clean, reason = accept_rewrite(html, rewritten)
    if clean is None:
        return html, reason
    bad = ungrounded(outline(clean)[1], facts)
    if bad:
        return html, f"자유 편집 결과에 입력에 없는 내용({', '.join(bad)})이 있어 쓰지 않았습니다"
    return clean, None
