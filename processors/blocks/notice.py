"""The InfoNotice block is written without a provider: its slots are the filled notice the
plan stage stored on the block (pagelogic/notice/), copied into the table — pure."""

from __future__ import annotations

from pagelogic.notice.slots import notice_slots
from processors.blocks.grounded import WrittenBlock
from schemas.plan import BlockPlan
from schemas.quality import GroundingVerdict


def write_notice(block: BlockPlan) -> WrittenBlock:
    if block.notice is None:  # e.g. added by hand without notice data: nothing true to show
        return WrittenBlock(None, None, "상품정보제공고시는 페이지를 만들 때 자동으로 채워집니다")
    # Grounded by construction: every shown value is a copy with its source (schemas/notice).
    return WrittenBlock(notice_slots(block.notice, block.title),
                        GroundingVerdict(ok=True, coverage=1.0))
