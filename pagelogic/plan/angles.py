"""Copy angles of a variant — pure. A variant is a real alternative to its source page, not a
recolouring: the angle decides which blocks lead (block order), how the introduction frames
the product (offline writer: pagelogic/blocks/content.py), and what an LLM writer is asked
to emphasise (each block's ``angle`` and ``purpose`` reach its prompt). Every fact keeps its
one block, so reordering never drops or repeats what the seller wrote.
"""

from __future__ import annotations

from pagelogic import messages
from schemas.facts import FactKind
from schemas.plan import BlockType, CopyAngle, PagePlan

B, K = BlockType, FactKind
# The order variants are offered in when the seller does not name angles.
DEFAULT_ANGLES = (CopyAngle.benefit, CopyAngle.story, CopyAngle.spec)
# Middle of the page per angle; the introduction stays first, the notices last (legal text).
ORDER: dict[CopyAngle, tuple[BlockType, ...]] = {
    CopyAngle.benefit: (B.KeyFeatures, B.UsageGuide, B.Comparison, B.FAQ, B.Specifications,
                        B.BrandStory),
    CopyAngle.story: (B.BrandStory, B.UsageGuide, B.KeyFeatures, B.FAQ, B.Comparison,
                      B.Specifications),
    CopyAngle.spec: (B.Specifications, B.Comparison, B.KeyFeatures, B.UsageGuide, B.FAQ,
                     B.BrandStory),
}
_LAST = (B.Notice, B.InfoNotice)
# What the writer is asked to do (Korean, like the rest of the plan the LLM reads).
DIRECTION: dict[CopyAngle, str] = {
    CopyAngle.benefit: "카피 방향: 혜택 중심 — 고객이 얻는 이점과 달라지는 점을 먼저, 사양은 근거로만",
    CopyAngle.story: "카피 방향: 스토리 중심 — 브랜드 이야기와 사용 장면으로 시작해 공감을 먼저",
    CopyAngle.spec: "카피 방향: 스펙 중심 — 수치와 사양, 비교를 먼저 또렷하게",
}
# The introduction's lead line on the offline path: fixed words around the product's name
# (no number or claim, so the grounding check has nothing to hold against it).
LEAD: dict[str, dict[CopyAngle, str]] = {
    "ko": {CopyAngle.benefit: "{name}, 이런 점이 좋아요",
           CopyAngle.story: "{name}에 담긴 이야기",
           CopyAngle.spec: "사양으로 먼저 보는 {name}"},
    "en": {CopyAngle.benefit: "What {name} does for you",
           CopyAngle.story: "The story behind {name}",
           CopyAngle.spec: "{name}, by the numbers"},
}
# Which of the introduction's own facts its summary opens with.
SUMMARY_FIRST: dict[CopyAngle, tuple[FactKind, ...]] = {
    CopyAngle.benefit: (K.feature, K.claim, K.usage),
    CopyAngle.story: (K.story, K.claim, K.usage),
    CopyAngle.spec: (K.spec, K.certification, K.contents),
}


def label(angle: CopyAngle) -> str:
    """How the page list names a variant ("스펙 중심 변형")."""
    return messages.t(f"angle.{angle.value}")


def lead(angle: CopyAngle, name: str, language: str) -> str:
    table = LEAD["en" if language.lower().startswith("en") else "ko"]
    return table[angle].format(name=name)


def variant_angles(count: int, requested: list[CopyAngle] | None) -> list[CopyAngle]:
    """``count`` angles: the requested ones in order, else benefit, story, spec, repeating."""
    pool = list(requested or DEFAULT_ANGLES)
    return [pool[i % len(pool)] for i in range(count)]


def _rank(angle: CopyAngle, block_type: BlockType) -> int:
    order = ORDER[angle]
    if block_type is B.Introduction:
        return -1
    if block_type in _LAST:
        return len(order) + 1 + _LAST.index(block_type)
    return order.index(block_type) if block_type in order else len(order)


def angle_plan(plan: PagePlan, angle: CopyAngle) -> PagePlan:
    """The plan with this angle: blocks reordered (stable within a rank), every block told
    its angle and direction. Block indexes, facts, images and notices stay as they were."""
    plan = plan.model_copy(deep=True)
    plan.angle = angle
    plan.blocks.sort(key=lambda b: _rank(angle, b.block_type))
    for block in plan.blocks:
        block.angle = angle
        if block.block_type not in _LAST:
            block.purpose = f"{DIRECTION[angle]} / {block.purpose}"[:500] if block.purpose \
                else DIRECTION[angle]
    return plan
