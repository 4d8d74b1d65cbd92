"""Offline structure planning: ProductFacts → PagePlan — pure, deterministic.

Only block types the facts have content for are planned (nothing is invented). When the
seller chose templates, their block types and order are used as given. Which block says
which fact is decided here for every provider (pagelogic/plan/assign.py).
"""

from __future__ import annotations

from pagelogic.blocks import labels
from pagelogic.plan.assign import BLOCK_ORDER, assign, natural_types
from pagelogic.plan.style import choose_style
from schemas.facts import ProductFacts
from schemas.plan import BlockPlan, BlockType, ImageKind, ImagePlan, PagePlan, StyleConcept

# Titles in Korean; a page in another language takes them from pagelogic/blocks/labels.py.
TITLES = dict(labels.TITLES["ko"])
FACT_KEYS = {
    BlockType.Introduction: ["name", "price", "price_note", "target_customer"],
    BlockType.KeyFeatures: ["features", "highlights"],
    BlockType.Specifications: ["specs", "warranty"],
    BlockType.UsageGuide: ["usage", "care"],
    BlockType.Comparison: ["comparisons"],
    BlockType.BrandStory: ["brand", "brand_story"],
    BlockType.FAQ: [],
    BlockType.Notice: ["cautions"],
}
# Which block shows which generated image: a hero on the introduction, a detail shot on the
# key features. Other blocks are text-first.
IMAGE_BLOCKS = (BlockType.Introduction, BlockType.KeyFeatures)


def _image_plan(index: int, block_type: BlockType, facts: ProductFacts, mood: str) -> ImagePlan:
    if block_type is BlockType.Introduction:
        kind = ImageKind.edit if facts.image_url else ImageKind.generate
        return ImagePlan(index=index, kind=kind, reference_url=facts.image_url,
                         prompt=f"{facts.name} 제품 대표 사진, {mood} 분위기, 깔끔한 배경",
                         alt=labels.word("hero_alt", facts.language).format(name=facts.name),
                         width=860, height=860)
    detail = ", ".join(facts.features[:3]) or facts.name
    return ImagePlan(index=index, kind=ImageKind.generate,
                     prompt=f"{facts.name} 사용 장면, {detail} 강조, {mood} 분위기",
                     alt=labels.word("detail_alt", facts.language).format(name=facts.name),
                     width=860, height=560)


def plan_page(facts: ProductFacts, chosen: list[BlockType] | None = None) -> PagePlan:
    """Plan the page. ``chosen``: block types fixed by the seller's template choice."""
    style = choose_style(facts.tone, facts.category)
    return build_plan(facts, style, chosen or natural_types(facts))


def build_plan(facts: ProductFacts, style: StyleConcept, types: list[BlockType],
               titles: dict[BlockType, str] | None = None, title: str | None = None) -> PagePlan:
    """The plan for these block types: fact assignment and images are decided here, the same
    for every provider (an LLM contributes the style, the block choice and titles)."""
    if not types:
        types = natural_types(facts)
    owned = assign(facts, types)
    blocks: list[BlockPlan] = []
    images: list[ImagePlan] = []
    for index, block_type in enumerate(types):
        image_index = None
        if block_type in IMAGE_BLOCKS and not any(
                b.block_type is block_type and b.image_index is not None for b in blocks):
            image_index = len(images)
            images.append(_image_plan(image_index, block_type, facts, style.mood))
        block_title = (titles or {}).get(block_type) or labels.title(block_type, facts.language)
        blocks.append(BlockPlan(index=index, block_type=block_type, title=block_title,
                                fact_keys=FACT_KEYS[block_type], fact_ids=owned[index],
                                image_index=image_index))
    return PagePlan(title=title or facts.name, language=facts.language, style=style,
                    blocks=blocks, images=images)


def has_content(block_type: BlockType, facts: ProductFacts) -> bool:
    """The facts call for this block type (an LLM may not plan an empty block)."""
    return block_type in natural_types(facts)


def without_empty_blocks(plan: PagePlan) -> tuple[PagePlan, list[int]]:
    """A template set lists every block type its category may use; a block that owns no
    fact of this product is left out (it would only repeat the others). Returns the plan and
    the kept blocks' old positions (to keep the set's template choice aligned)."""
    kept = [i for i, b in enumerate(plan.blocks)
            if b.fact_ids or b.block_type is BlockType.Introduction]
    if len(kept) == len(plan.blocks) or not kept:
        return plan, list(range(len(plan.blocks)))
    blocks = [plan.blocks[i] for i in kept]
    used = [b.image_index for b in blocks if b.image_index is not None]
    remap = {old: new for new, old in enumerate(used)}
    images = [img.model_copy(update={"index": remap[img.index]})
              for img in plan.images if img.index in remap]
    blocks = [b.model_copy(update={"index": n, "image_index": remap.get(b.image_index)})
              for n, b in enumerate(blocks)]
    return plan.model_copy(update={"blocks": blocks, "images": images}), kept


def placed_ids(plan: PagePlan) -> set[str]:
    return {i for block in plan.blocks for i in block.fact_ids}
