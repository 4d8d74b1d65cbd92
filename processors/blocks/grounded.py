"""Write a block and hold it to the seller's facts: check, regenerate once, then keep with a
warning or drop (PDP_GROUNDING_ACTION). A failing optional block is left out of the page
instead of failing it; the introduction is required."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from pydantic import BaseModel

from pagelogic import messages
from pagelogic.blocks.freeform import accept_rewrite, outline
from pagelogic.blocks.labels import lang_of
from pagelogic.failures import detail_of, seller_reason
from pagelogic.grounding.check import check_block, summary_ko, ungrounded
from pagelogic.plan.banned import Banned, has_content
from processors.providers.base import (
    BlockRewriter,
    BlockWriter,
    MalformedOutput,
    ProviderGaveUp,
)
from schemas.blocks import SLOT_MODELS
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
    banned_removed: list[str] = field(default_factory=list)

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
    banned = Banned(controls.banned_words if controls else [],
                    alt=messages.t("image.alt", lang_of(facts.language)))
    if not written.dropped and banned and banned.in_tree(written.slots.model_dump()):
        written = await _without_banned(writer, block, facts, style, written, banned,
                                        min_coverage, controls)
    return written


async def _without_banned(writer: BlockWriter, block: BlockPlan, facts: ProductFacts,
                          style: StyleConcept, written: WrittenBlock, banned: Banned,
                          min_coverage: float, controls: SellerControls | None) -> WrittenBlock:
    """A model that used a banned word (its prompt forbids them) is asked once more; what
    still holds one — and everything offline, whose text is the seller's own — loses the
    whole sentence or claim, never just the word. A block left with nothing is dropped."""
    if not getattr(writer, "deterministic", False):
        try:
            again = await writer.write(block, facts, style, controls=controls)
            verdict = check_block(again.model_dump(mode="json"), block, facts, min_coverage)
            if verdict.ok or written.verdict is None or not written.verdict.ok:
                written = WrittenBlock(again, verdict, written.warning)
        except (ProviderGaveUp, MalformedOutput) as exc:
            log.warning("block %d rewrite without banned words failed: %s", block.index,
                        detail_of(exc))
    data = banned.slots(written.slots.model_dump(mode="json"))
    written.banned_removed = banned.removed
    model = SLOT_MODELS[block.block_type]
    try:
        slots = model.model_validate(data)
    except ValueError:
        slots = None
    if block.block_type in REQUIRED and slots is not None:
        written.slots = slots
    elif slots is None or not has_content(data):
        written.slots = None
        written.warning = messages.t("warn.banned_block_empty")
    else:
        written.slots = slots
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
    if Banned(controls.banned_words if controls else []).found(outline(clean)[1]):
        return html, "자유 편집 결과에 금지어가 들어 있어 쓰지 않았습니다"
    bad = ungrounded(outline(clean)[1], facts)
    if bad:
        return html, f"자유 편집 결과에 입력에 없는 내용({', '.join(bad)})이 있어 쓰지 않았습니다"
    return clean, None
