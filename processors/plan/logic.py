"""Offline structure planning: ProductFacts → PagePlan — pure, deterministic.

Only block types the facts have content for are planned (nothing is invented). When the
seller chose templates, their block types and order are used as given.
"""

from __future__ import annotations

from processors.blocks.content import build_slots
from processors.plan.style import choose_style
from schemas.facts import ProductFacts
from schemas.plan import BlockPlan, BlockType, ImageKind, ImagePlan, PagePlan, StyleConcept

BLOCK_ORDER = (
    BlockType.Introduction, BlockType.KeyFeatures, BlockType.Specifications,
    BlockType.UsageGuide, BlockType.Comparison, BlockType.BrandStory, BlockType.FAQ,
)
TITLES = {
    BlockType.Introduction: "",
    BlockType.KeyFeatures: "이래서 좋아요",
    BlockType.Specifications: "제품 상세 정보",
    BlockType.UsageGuide: "사용 및 관리 방법",
    BlockType.Comparison: "한눈에 비교",
    BlockType.BrandStory: "브랜드 이야기",
    BlockType.FAQ: "자주 묻는 질문",
}
FACT_KEYS = {
    BlockType.Introduction: ["name", "price", "price_note", "target_customer", "features"],
    BlockType.KeyFeatures: ["features", "highlights"],
    BlockType.Specifications: ["specs", "price", "warranty"],
    BlockType.UsageGuide: ["usage", "care", "cautions"],
    BlockType.Comparison: ["comparisons"],
    BlockType.BrandStory: ["brand", "brand_story"],
    BlockType.FAQ: ["sizes", "colors", "components", "warranty", "care", "cautions", "materials"],
}
# Which block shows which generated image: a hero on the introduction, a detail shot on the
# key features. Other blocks are text-first.
IMAGE_BLOCKS = (BlockType.Introduction, BlockType.KeyFeatures)


def _image_plan(index: int, block_type: BlockType, facts: ProductFacts, mood: str) -> ImagePlan:
    if block_type is BlockType.Introduction:
        kind = ImageKind.edit if facts.image_url else ImageKind.generate
        return ImagePlan(index=index, kind=kind, reference_url=facts.image_url,
                         prompt=f"{facts.name} 제품 대표 사진, {mood} 분위기, 깔끔한 배경",
                         alt=f"{facts.name} 대표 이미지", width=860, height=860)
    detail = ", ".join(facts.features[:3]) or facts.name
    return ImagePlan(index=index, kind=ImageKind.generate,
                     prompt=f"{facts.name} 사용 장면, {detail} 강조, {mood} 분위기",
                     alt=f"{facts.name} 특징을 보여주는 이미지", width=860, height=560)


def plan_page(facts: ProductFacts, chosen: list[BlockType] | None = None) -> PagePlan:
    """Plan the page. ``chosen``: block types fixed by the seller's template choice."""
    style = choose_style(facts.tone, facts.category)
    types = chosen or [t for t in BLOCK_ORDER if has_content(t, facts)]
    return build_plan(facts, style, types)


def build_plan(facts: ProductFacts, style: StyleConcept, types: list[BlockType],
               titles: dict[BlockType, str] | None = None, title: str | None = None) -> PagePlan:
    """The plan for these block types: fact assignment and images are decided here, the same
    for every provider (an LLM contributes the style, the block choice and titles)."""
    if not types:
        types = [t for t in BLOCK_ORDER if has_content(t, facts)] or [BlockType.Introduction]
    blocks: list[BlockPlan] = []
    images: list[ImagePlan] = []
    for index, block_type in enumerate(types):
        image_index = None
        if block_type in IMAGE_BLOCKS and not any(
                b.block_type is block_type and b.image_index is not None for b in blocks):
            image_index = len(images)
            images.append(_image_plan(image_index, block_type, facts, style.mood))
        block_title = (titles or {}).get(block_type, TITLES[block_type])
        blocks.append(BlockPlan(index=index, block_type=block_type, title=block_title,
                                fact_keys=FACT_KEYS[block_type], image_index=image_index))
    return PagePlan(title=title or facts.name, style=style, blocks=blocks, images=images)


def has_content(block_type: BlockType, facts: ProductFacts) -> bool:
    probe = BlockPlan(index=0, block_type=block_type, title="")
    return build_slots(probe, facts) is not None
