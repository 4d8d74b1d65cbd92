"""Fixed words of a page (headings, row labels, topic names) in the page's language — pure.

A page is in one language: an English product gets English headings, never "…를 위한 선택"
over English text. Korean is the default; unknown languages fall back to it.
"""

from __future__ import annotations

from schemas.facts import FactKind
from schemas.plan import BlockType

K = FactKind
TITLES: dict[str, dict[BlockType, str]] = {
    "ko": {
        BlockType.Introduction: "",
        BlockType.KeyFeatures: "이래서 좋아요",
        BlockType.Specifications: "제품 상세 정보",
        BlockType.UsageGuide: "사용 및 관리 방법",
        BlockType.Comparison: "한눈에 비교",
        BlockType.BrandStory: "브랜드 이야기",
        BlockType.FAQ: "자주 묻는 질문",
        BlockType.Notice: "구매 전 확인해 주세요",
    },
    "en": {
        BlockType.Introduction: "",
        BlockType.KeyFeatures: "Why you'll like it",
        BlockType.Specifications: "Specifications",
        BlockType.UsageGuide: "How to use and care",
        BlockType.Comparison: "At a glance",
        BlockType.BrandStory: "Our story",
        BlockType.FAQ: "Questions and answers",
        BlockType.Notice: "Before you buy",
    },
}
WORDS: dict[str, dict[str, str]] = {
    "ko": {"warranty": "보증", "price": "가격", "name": "제품명", "contents": "구성",
           "comparison": "비교", "audience": "추천 대상", "hero_alt": "{name} 대표 이미지",
           "detail_alt": "{name} 특징을 보여주는 이미지", "question": "어떤 제품인가요?",
           "notes": "", "compare_label": "", "compare_value": ""},
    "en": {"warranty": "Warranty", "price": "Price", "name": "Product", "contents": "In the box",
           "comparison": "Compared", "audience": "Made for", "hero_alt": "{name}",
           "detail_alt": "{name} in detail", "question": "What is it?",
           "notes": "Good to know", "compare_label": "Item", "compare_value": "Details"},
}
TOPICS: dict[str, dict[FactKind, str]] = {
    "ko": {K.notice: "배송·교환·반품", K.caution: "주의사항", K.care: "관리 방법",
           K.sizing: "사이즈 안내", K.usage: "사용 방법"},
    "en": {K.notice: "Shipping and returns", K.caution: "Caution", K.care: "Care",
           K.sizing: "Sizing", K.usage: "How to use"},
}
# FAQ questions for facts that land in an FAQ block the seller chose.
QUESTIONS: dict[str, dict[FactKind, str]] = {
    "ko": {K.notice: "배송이나 교환·반품은 어떻게 되나요?", K.caution: "주의할 점이 있나요?",
           K.care: "어떻게 관리하나요?", K.sizing: "사이즈는 어떻게 고르나요?",
           K.usage: "어떻게 사용하나요?", K.spec: "제품 정보가 궁금해요",
           K.contents: "구성품은 무엇인가요?"},
    "en": {K.notice: "How do shipping and returns work?", K.caution: "Anything to watch out for?",
           K.care: "How do I care for it?", K.sizing: "Which size should I pick?",
           K.usage: "How do I use it?", K.spec: "What are the details?",
           K.contents: "What is in the box?"},
}


def lang_of(code: str | None) -> str:
    base = (code or "ko").split("-", 1)[0]
    return base if base in TITLES else "ko"


def title(block_type: BlockType, language: str | None) -> str:
    return TITLES[lang_of(language)][block_type]


def word(key: str, language: str | None) -> str:
    return WORDS[lang_of(language)][key]


def topic(kind: FactKind, language: str | None) -> str:
    return TOPICS[lang_of(language)].get(kind, TOPICS[lang_of(language)][K.caution])


def question(kind: FactKind, language: str | None) -> str:
    table = QUESTIONS[lang_of(language)]
    return table.get(kind, WORDS[lang_of(language)]["question"])
