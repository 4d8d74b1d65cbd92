"""Which block type a cluster of sections is — pure.

Each member votes with scores from two kinds of evidence: the words of its heading (the
commerce vocabulary Korean detail pages use, in Korean and English) and its shape (questions
→ FAQ, short label/value rows with numbers → Specifications, long label/value sentences →
Notice, before → after → Comparison, numbered sentences → UsageGuide, titled items →
KeyFeatures, bare paragraphs → BrandStory, price or page top → Introduction). The cluster
takes the type with the highest total. Image-only sections become an Introduction-style
banner (a picture with a caption), the only type whose slots a lone picture fills.
"""

from __future__ import annotations

from collections import Counter

from mining.features import Section, features

BLOCK_TYPES = ["Introduction", "KeyFeatures", "Specifications", "UsageGuide", "Comparison",
               "BrandStory", "FAQ", "Notice"]
LEXICON = {
    "KeyFeatures": ["특징", "포인트", "point", "특장점", "좋아요", "기능", "feature", "장점", "왜"],
    "Specifications": ["스펙", "spec", "사양", "상세 정보", "상세정보", "제품 정보", "제품정보", "규격"],
    "UsageGuide": ["사용 방법", "사용방법", "사용법", "how to", "가이드", "이렇게", "조리", "step"],
    "Comparison": ["비교", "vs", "다를까", "before", "차이"],
    "BrandStory": ["브랜드", "brand", "story", "이야기", "about", "만든", "철학"],
    "FAQ": ["자주 묻는", "faq", "q&a", "궁금", "질문", "문의"],
    "Notice": ["주의", "유의", "안내", "확인해", "교환", "반품", "배송", "읽어", "notice"],
    "Introduction": [],
}


def _heading_votes(heading: str) -> Counter:
    text = heading.lower()
    return Counter({kind: 3.0 for kind, words in LEXICON.items() if any(w in text for w in words)})


def _shape_votes(f: dict[str, float], position: float) -> Counter:
    votes = Counter()
    items = f["num:no_items"] == 0
    votes["FAQ"] += 4 * f["num:question"]
    votes["Comparison"] += 2.5 * f["num:compare"] if items else 0
    if items and f["num:label_value"] > 0.5:
        votes["Specifications"] += 2 * (1 - f["num:last_len"]) + f["num:digits"]
        votes["Notice"] += 2 * f["num:last_len"] + f["num:sentence"]
        votes["KeyFeatures"] += f["num:sentence"]
    if items and f["num:single_field"] > 0.5:
        votes["UsageGuide"] += 1.5 * f["num:sentence"] + 1.5 * f["num:numbered"]
    if not items:
        votes["BrandStory"] += 2 * f["num:long_paragraphs"] + f["num:paragraphs"]
    votes["Introduction"] += 2 * f["num:price"] + (2.5 if position == 0 else 0)
    return votes


def section_votes(section: Section, position: int) -> Counter:
    f = features(section)
    if f["num:image_only"]:
        return Counter({"Introduction": 1.0})
    return _heading_votes(section.heading) + _shape_votes(f, position)


def infer(members: list[tuple[Section, int]]) -> str:
    """Block type of a cluster from (section, position on its page) pairs."""
    total = Counter()
    for section, position in members:
        total.update(section_votes(section, position))
    if not total:
        return "Introduction"
    return max(BLOCK_TYPES, key=lambda kind: (total[kind], -BLOCK_TYPES.index(kind)))


def is_image_only(members: list[tuple[Section, int]]) -> bool:
    return sum(not s.text for s, _ in members) > len(members) / 2
