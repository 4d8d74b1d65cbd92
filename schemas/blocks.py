"""Slot values for each block type.

A template of a given block type renders exactly these fields; a provider (offline or LLM)
produces them. Keeping the structure in the template and only the values in the model output
is what stops generated content from changing a page's markup.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from schemas.plan import BlockType
from schemas.text import FitsLimits


class ImageSlot(FitsLimits):
    ref: int  # index into PagePlan.images; the assembler swaps in the stored URL
    alt: str = Field(max_length=300)


class TitledText(FitsLimits):
    title: str = Field(max_length=120)
    text: str = Field(default="", max_length=600)


class LabelValue(FitsLimits):
    label: str = Field(max_length=80)
    value: str = Field(max_length=400)


class QA(FitsLimits):
    question: str = Field(max_length=200)
    answer: str = Field(max_length=800)


class IntroductionSlots(FitsLimits):
    headline: str = Field(max_length=200)
    subheadline: str = Field(default="", max_length=300)
    price: str | None = Field(default=None, max_length=100)
    price_note: str | None = Field(default=None, max_length=200)
    summary: str = Field(default="", max_length=800)
    badges: list[str] = Field(default_factory=list, max_length=8)
    image: ImageSlot | None = None


class KeyFeaturesSlots(FitsLimits):
    heading: str = Field(max_length=120)
    items: list[TitledText] = Field(min_length=1, max_length=8)
    image: ImageSlot | None = None


class SpecificationsSlots(FitsLimits):
    heading: str = Field(max_length=120)
    rows: list[LabelValue] = Field(min_length=1, max_length=30)


class UsageGuideSlots(FitsLimits):
    heading: str = Field(max_length=120)
    steps: list[str] = Field(default_factory=list, max_length=12)
    cautions: list[str] = Field(default_factory=list, max_length=12)
    # The cautions box's title in the page language; empty: the template's own words.
    notes_heading: str = Field(default="", max_length=60)


class ComparisonSlots(FitsLimits):
    heading: str = Field(max_length=120)
    rows: list[LabelValue] = Field(min_length=1, max_length=12)
    # Column titles in the page language; empty: the template's own words.
    label_heading: str = Field(default="", max_length=40)
    value_heading: str = Field(default="", max_length=40)


class BrandStorySlots(FitsLimits):
    heading: str = Field(max_length=120)
    brand: str = Field(max_length=100)
    paragraphs: list[str] = Field(min_length=1, max_length=6)


class FAQSlots(FitsLimits):
    heading: str = Field(max_length=120)
    items: list[QA] = Field(min_length=1, max_length=10)


class NoticeRowSlot(BaseModel):
    label: str = Field(max_length=200)
    value: str = Field(max_length=1000)
    missing: bool = False  # shown as "입력 필요" until the seller answers


class InfoNoticeSlots(BaseModel):
    heading: str = Field(max_length=120)
    group: str = Field(max_length=120)
    rows: list[NoticeRowSlot] = Field(min_length=1, max_length=30)
    shipping_heading: str = Field(default="배송/교환/반품 안내", max_length=120)
    shipping: list[NoticeRowSlot] = Field(default_factory=list, max_length=12)
    note: str = Field(default="", max_length=300)
class NoticeSlots(BaseModel):
    """주의사항 and the product's own delivery/return statements, each under a short topic
    ("교환/반품", "알레르기"); never selling points."""

    heading: str = Field(max_length=120)
    items: list[TitledText] = Field(min_length=1, max_length=12)


SLOT_MODELS: dict[BlockType, type[BaseModel]] = {
    BlockType.Introduction: IntroductionSlots,
    BlockType.KeyFeatures: KeyFeaturesSlots,
    BlockType.Specifications: SpecificationsSlots,
    BlockType.UsageGuide: UsageGuideSlots,
    BlockType.Comparison: ComparisonSlots,
    BlockType.BrandStory: BrandStorySlots,
    BlockType.FAQ: FAQSlots,
    BlockType.InfoNotice: InfoNoticeSlots,
    BlockType.Notice: NoticeSlots,
}
