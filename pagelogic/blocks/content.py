"""Offline block content: fill a block's slots from its own facts — pure, deterministic.

Every value is copied from the facts (fixed connective words in the page language aside),
so the offline page never states a number the seller did not write. A block shows only the
facts assigned to it (pagelogic/plan/assign.py), so nothing is said twice. Text longer than
a slot is condensed by the slot model itself (schemas/text.py), on sentence boundaries.
``build_slots`` returns None when the block owns nothing: such a block is not planned.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pydantic import BaseModel

from pagelogic.blocks import labels
from pagelogic.facts.legacy import upgrade
from pagelogic.plan import angles
from pagelogic.plan.assign import is_brand, own_facts
from schemas.blocks import (
    QA,
    BrandStorySlots,
    ComparisonSlots,
    FAQSlots,
    ImageSlot,
    IntroductionSlots,
    KeyFeaturesSlots,
    LabelValue,
    NoticeSlots,
    SpecificationsSlots,
    TitledText,
    UsageGuideSlots,
)
from schemas.facts import Fact, FactKind, ProductFacts
from schemas.plan import BlockPlan, BlockType

K = FactKind
_HEAD = re.compile(r"^(.{2,28}?)(?:\s*[,:]\s+|\s+[-–]\s+)(.{4,})$")


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


def _audience_line(target: str, language: str) -> str:
    if labels.lang_of(language) == "en":
        return f"For {target}"
    return f"{target}{object_particle(target)} 위한 선택"


def _labelled(fact: Fact) -> str:
    return f"{fact.label}: {fact.value}" if fact.label and fact.value else fact.text


def _inside(short: str, long: str) -> bool:
    return re.sub(r"\W", "", short.lower()) in re.sub(r"\W", "", long.lower())


def _card(fact: Fact) -> TitledText:
    """A feature card: the seller's feature and the sentence that backs it; a plain sentence
    splits at its first natural break instead of repeating itself as title and text."""
    if fact.kind is K.feature:
        if fact.value and _inside(fact.label, fact.value) and len(fact.value) <= 60:
            return TitledText(title=fact.value)  # the sentence already names the feature
        return TitledText(title=fact.label, text=fact.value or "")
    if fact.kind in (K.spec, K.comparison, K.faq) and fact.label:
        return TitledText(title=fact.label, text=fact.value or "")
    head = _HEAD.match(fact.text)
    if head and len(fact.text) > 30:
        return TitledText(title=head.group(1), text=head.group(2))
    return TitledText(title=fact.text)


def _image(block: BlockPlan, facts: ProductFacts, key: str) -> ImageSlot | None:
    if block.image_index is None:
        return None
    alt = labels.word(key, facts.language).format(name=facts.name)
    return ImageSlot(ref=block.image_index, alt=alt[:300])


def _heading(block: BlockPlan, facts: ProductFacts) -> str:
    return block.title or labels.title(block.block_type, facts.language)


def _badge(fact: Fact) -> str:
    """A certification badge keeps its number ("KC 인증번호: HU07…"): the label alone drops the
    fact, the grounding check then rejects the whole hero."""
    return _labelled(fact) if fact.kind is K.certification else fact.label or fact.text


def _introduction(block: BlockPlan, facts: ProductFacts, own: list[Fact]) -> IntroductionSlots:
    price = next((f for f in own if f.kind is K.price), None)
    audience = [f.text for f in own if f.kind is K.audience]
    badges = [_badge(f) for f in own if f.kind in (K.feature, K.certification)
              and len(_badge(f)) <= 40]
    rest = [f for f in own if f.kind not in (K.price, K.audience) and _badge(f) not in badges]
    subheadline = _audience_line(audience[0], facts.language) if audience else ""
    if block.angle is not None:  # a variant: its angle frames the hero and what it opens with
        first = angles.SUMMARY_FIRST[block.angle]
        rest.sort(key=lambda f: first.index(f.kind) if f.kind in first else len(first))
        subheadline = " · ".join(x for x in (
            angles.lead(block.angle, facts.name, facts.language), subheadline) if x)
    summary = [_labelled(f) for f in rest]
    return IntroductionSlots(
        headline=facts.name,
        subheadline=subheadline[:300],
        price=(price.value or "")[:100] if price else None,
        price_note=price.unit[:200] if price and price.unit else None,
        summary=" ".join(summary + audience[1:]), badges=badges[:8],
        image=_image(block, facts, "hero_alt"))


def _key_features(block: BlockPlan, facts: ProductFacts, own: list[Fact]
                  ) -> KeyFeaturesSlots | None:
    items = [_card(f) for f in own][:8]
    if not items:
        return None
    return KeyFeaturesSlots(heading=_heading(block, facts), items=items,
                            image=_image(block, facts, "detail_alt"))


def _row(fact: Fact, language: str) -> LabelValue:
    if fact.label and fact.value:
        return LabelValue(label=fact.label, value=fact.value)
    key = {K.spec: "warranty", K.price: "price", K.contents: "contents"}.get(fact.kind)
    label = labels.word(key, language) if key else labels.topic(fact.kind, language)
    return LabelValue(label=label, value=fact.value or fact.text)


def _specifications(block: BlockPlan, facts: ProductFacts, own: list[Fact]
                    ) -> SpecificationsSlots | None:
    rows = [_row(f, facts.language) for f in own][:30]
    return SpecificationsSlots(heading=_heading(block, facts), rows=rows) if rows else None


def _usage(block: BlockPlan, facts: ProductFacts, own: list[Fact]) -> UsageGuideSlots | None:
    steps = [f.value or f.text for f in own if f.kind is K.usage]
    notes = [_labelled(f) for f in own if f.kind is not K.usage]
    if not (steps or notes):
        return None
    return UsageGuideSlots(heading=_heading(block, facts), steps=steps[:12], cautions=notes[:12],
                           notes_heading=labels.word("notes", facts.language))


def _topic_items(own: list[Fact], language: str) -> list[TitledText]:
    """One item per topic: the seller's own label, else the kind's name; its statements one
    per line (the templates keep the line breaks)."""
    grouped: dict[str, list[str]] = {}
    for fact in own:
        title = fact.label if fact.label and fact.value else labels.topic(fact.kind, language)
        grouped.setdefault(title, []).append(fact.value if fact.label and fact.value
                                              else fact.text)
    return [TitledText(title=t, text="\n".join(v)) for t, v in grouped.items()]


def _notice(block: BlockPlan, facts: ProductFacts, own: list[Fact]) -> NoticeSlots | None:
    items = _topic_items(own, facts.language)[:12]
    return NoticeSlots(heading=_heading(block, facts), items=items) if items else None


def _comparison(block: BlockPlan, facts: ProductFacts, own: list[Fact]
                ) -> ComparisonSlots | None:
    rows = []
    for fact in own:
        if fact.label and fact.value:
            label, _, value = fact.value.partition(":")
            rows.append(LabelValue(label=(label if value else fact.label).strip(),
                                   value=(value or fact.value).strip()))
        else:
            rows.append(LabelValue(label=labels.word("audience" if fact.kind is K.audience
                                                     else "comparison", facts.language),
                                   value=fact.text))
    if not rows:
        return None
    return ComparisonSlots(heading=_heading(block, facts), rows=rows[:12],
                           label_heading=labels.word("compare_label", facts.language),
                           value_heading=labels.word("compare_value", facts.language))


def _brand_story(block: BlockPlan, facts: ProductFacts, own: list[Fact]
                 ) -> BrandStorySlots | None:
    brand = next((f.value for f in own if is_brand(f)), "")
    paragraphs = [f.value or f.text for f in own if not is_brand(f)]
    if not paragraphs:
        return None
    return BrandStorySlots(heading=_heading(block, facts), brand=(brand or "")[:100],
                           paragraphs=paragraphs[:6])


def _faq(block: BlockPlan, facts: ProductFacts, own: list[Fact]) -> FAQSlots | None:
    items = [QA(question=f.label, answer=f.value or "") if f.kind is K.faq
             and f.label else QA(question=labels.question(f.kind, facts.language),
                                 answer=_labelled(f)) for f in own]
    return FAQSlots(heading=_heading(block, facts), items=items[:10]) if items else None


_BUILDERS: dict[BlockType, Callable[[BlockPlan, ProductFacts, list[Fact]], BaseModel | None]] = {
    BlockType.Introduction: _introduction,
    BlockType.KeyFeatures: _key_features,
    BlockType.Specifications: _specifications,
    BlockType.UsageGuide: _usage,
    BlockType.Comparison: _comparison,
    BlockType.BrandStory: _brand_story,
    BlockType.FAQ: _faq,
    BlockType.Notice: _notice,
}


def build_slots(block: BlockPlan, facts: ProductFacts) -> BaseModel | None:
    builder = _BUILDERS.get(block.block_type)  # InfoNotice is filled from the notice data
    if builder is None:
        return None
    facts = upgrade(facts)
    return builder(block, facts, own_facts(facts, block.block_type, block.fact_ids))


def fallback_slots(block: BlockPlan, facts: ProductFacts) -> BaseModel:
    """Content for a block the seller asked for explicitly but that owns no fact: the block
    recaps every fact rather than inventing any (the page still says only true things)."""
    slots = build_slots(block, facts)
    if slots is not None:
        return slots
    facts = upgrade(facts)
    recap = [f for f in facts.facts if f.kind is not K.price] or [
        Fact(id="name", kind=K.claim, text=facts.name)]
    slots = _BUILDERS[block.block_type](block, facts, recap)
    if slots is None:  # only the introduction's builder never declines
        raise AssertionError(block.block_type)
    return slots
