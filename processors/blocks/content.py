"""Offline block content: fill a block's slots from ProductFacts — pure, deterministic.

Every value is copied from the facts (fixed Korean connective text aside), so the offline
page never states a number the seller did not write. Text longer than a slot is condensed by
the slot model itself (schemas/text.py), on sentence boundaries. ``build_slots`` returns None
when the facts hold nothing for a block type: such a block is not planned.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pydantic import BaseModel

from schemas.blocks import (
    QA, BrandStorySlots, ComparisonSlots, FAQSlots, ImageSlot, IntroductionSlots,
    KeyFeaturesSlots, LabelValue, SpecificationsSlots, TitledText, UsageGuideSlots,
)
from schemas.facts import ProductFacts
from schemas.plan import BlockPlan, BlockType


def has_final_consonant(word: str) -> bool:
    """True when the last Hangul syllable has a 받침 (decides 을/를, 이/가, 은/는)."""
    for char in reversed(word.strip()):
        if "가" <= char <= "힣":
            return (ord(char) - 0xAC00) % 28 != 0
        if char.isalnum():
            return char.isdigit() and char in "013678"
    return False


def object_particle(word: str) -> str:
    return "을" if has_final_consonant(word) else "를"


def _bigrams(text: str) -> set[str]:
    compact = re.sub(r"\s+", "", text)
    return {compact[i:i + 2] for i in range(len(compact) - 1)}


def _short_title(line: str) -> str:
    head = re.split(r"[,(]", line, maxsplit=1)[0].strip()
    return head if len(head) <= 24 else head[:22].rstrip() + "…"


def _introduction(block: BlockPlan, facts: ProductFacts) -> IntroductionSlots:
    target = facts.target_customer
    sub = f"{target}{object_particle(target)} 위한 선택" if target else ""
    summary = " · ".join(facts.highlights[:2])
    image = ImageSlot(ref=block.image_index, alt=f"{facts.name} 대표 이미지") \
        if block.image_index is not None else None
    return IntroductionSlots(headline=facts.name, subheadline=sub, price=facts.price,
                             price_note=facts.price_note, summary=summary,
                             badges=facts.features[:6], image=image)


def _feature_items(facts: ProductFacts) -> list[TitledText]:
    """Pair each seller feature with the product line that explains it best."""
    unused = list(facts.highlights)
    items = []
    for feature in facts.features:
        scored = [(len(_bigrams(feature) & _bigrams(h)), h) for h in unused]
        best = max(scored, default=(0, ""))
        text = best[1] if best[0] > 0 else ""
        if text:
            unused.remove(text)
        items.append(TitledText(title=feature, text=text))
    items += [TitledText(title=_short_title(h), text=h) for h in unused]
    return items[:8]


def _key_features(block: BlockPlan, facts: ProductFacts) -> KeyFeaturesSlots | None:
    items = _feature_items(facts)
    if not items:
        return None
    image = ImageSlot(ref=block.image_index, alt=f"{facts.name} 특징을 보여주는 이미지") \
        if block.image_index is not None else None
    return KeyFeaturesSlots(heading=block.title or "핵심 특징", items=items, image=image)


def _specifications(block: BlockPlan, facts: ProductFacts) -> SpecificationsSlots | None:
    rows = [LabelValue(label=s.label, value=s.value) for s in facts.specs]
    if facts.price:
        rows.insert(0, LabelValue(label="가격", value=facts.price))
    if facts.warranty:
        rows.append(LabelValue(label="보증", value=facts.warranty))
    if len(rows) < 2:
        return None
    return SpecificationsSlots(heading=block.title or "제품 정보", rows=rows[:30])


def _usage(block: BlockPlan, facts: ProductFacts) -> UsageGuideSlots | None:
    if not (facts.usage or facts.care or facts.cautions):
        return None
    return UsageGuideSlots(heading=block.title or "사용 및 관리 방법", steps=facts.usage[:12],
                           cautions=(facts.care + facts.cautions)[:12])


def _comparison(block: BlockPlan, facts: ProductFacts) -> ComparisonSlots | None:
    rows = []
    for line in facts.comparisons:
        label, _, value = line.partition(":")
        rows.append(LabelValue(label=label.strip() if value else "비교",
                               value=(value or line).strip()))
    return ComparisonSlots(heading=block.title or "비교", rows=rows) if rows else None


def _brand_story(block: BlockPlan, facts: ProductFacts) -> BrandStorySlots | None:
    if not facts.brand_story:
        return None
    return BrandStorySlots(heading=block.title or "브랜드 이야기",
                           brand=facts.brand or facts.name, paragraphs=facts.brand_story[:6])


def faq_items(facts: ProductFacts) -> list[QA]:
    """Questions buyers ask, answered only with what the seller wrote."""
    pairs = [
        ("어떤 사이즈가 있나요?", ", ".join(facts.sizes)),
        ("어떤 색상이 있나요?", ", ".join(facts.colors)),
        ("구성품은 무엇인가요?", ", ".join(facts.components)),
        ("보증이나 A/S는 어떻게 되나요?", facts.warranty or ""),
        ("보관이나 세탁은 어떻게 하나요?", " / ".join(facts.care)),
        ("구매 전에 알아둘 점이 있나요?", " / ".join(facts.cautions)),
        ("주요 소재나 성분은 무엇인가요?", ", ".join(facts.materials)),
    ]
    return [QA(question=q, answer=a) for q, a in pairs if a]


def _faq(block: BlockPlan, facts: ProductFacts) -> FAQSlots | None:
    items = faq_items(facts)
    return FAQSlots(heading=block.title or "자주 묻는 질문", items=items[:10]) \
        if len(items) >= 2 else None


_BUILDERS: dict[BlockType, Callable[[BlockPlan, ProductFacts], BaseModel | None]] = {
    BlockType.Introduction: _introduction,
    BlockType.KeyFeatures: _key_features,
    BlockType.Specifications: _specifications,
    BlockType.UsageGuide: _usage,
    BlockType.Comparison: _comparison,
    BlockType.BrandStory: _brand_story,
    BlockType.FAQ: _faq,
}


def build_slots(block: BlockPlan, facts: ProductFacts) -> BaseModel | None:
    return _BUILDERS[block.block_type](block, facts)


def fallback_slots(block: BlockPlan, facts: ProductFacts) -> BaseModel:
    """Content for a block the seller asked for explicitly but the text barely covers.

    A planned block needs enough content to stand on its own (two FAQ items, two spec rows);
    a block the seller chose gets whatever facts exist first, so it still covers the facts
    assigned to it, and generic lines only when there are none."""
    slots = build_slots(block, facts)
    if slots is not None:
        return slots
    if block.block_type is BlockType.FAQ and faq_items(facts):
        return FAQSlots(heading=block.title or "자주 묻는 질문", items=faq_items(facts)[:10])
    if block.block_type is BlockType.Specifications and (facts.specs or facts.price):
        rows = [LabelValue(label="가격", value=facts.price)] if facts.price else []
        rows += [LabelValue(label=s.label, value=s.value) for s in facts.specs]
        return SpecificationsSlots(heading=block.title or "제품 정보", rows=rows[:30])
    lines = facts.highlights or facts.features or [facts.name]
    if block.block_type is BlockType.FAQ:
        return FAQSlots(heading=block.title or "자주 묻는 질문",
                        items=[QA(question="어떤 제품인가요?", answer=" / ".join(lines))])
    if block.block_type is BlockType.BrandStory:
        return BrandStorySlots(heading=block.title or "브랜드 이야기",
                               brand=facts.brand or facts.name, paragraphs=lines[:3])
    rows = [LabelValue(label="제품명", value=facts.name)]
    if block.block_type is BlockType.UsageGuide:
        return UsageGuideSlots(heading=block.title or "사용 안내", steps=lines[:3])
    if block.block_type is BlockType.Comparison:
        return ComparisonSlots(heading=block.title or "비교", rows=rows)
    if block.block_type is BlockType.KeyFeatures:
        return KeyFeaturesSlots(heading=block.title or "핵심 특징",
                                items=[TitledText(title=_short_title(x), text=x) for x in lines])
    return SpecificationsSlots(heading=block.title or "제품 정보", rows=rows)
