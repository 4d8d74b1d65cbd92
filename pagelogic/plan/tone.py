"""Free-text tone and category → the nearest style preset — pure, no I/O.

The original API took `tone` and `category` as free text ("professional", "bold",
"고급스러운", "화장품"), and so do upstream systems. The text itself reaches the writer
unchanged (an LLM reads it as given); offline, and for the page-wide style, it maps here to
one of the presets of pagelogic/plan/style.py: the preset's own name, then a synonym (English
words, Korean stems), then the category, then the default.
"""

from __future__ import annotations

import re

PRESETS = ("elegant", "natural", "professional", "warm", "casual", "friendly")
DEFAULT = "friendly"

# English entries match whole words, or the start of a word when they end in "*" ("luxur*" →
# luxury, luxurious); Korean entries match anywhere in the text ("고급" → 고급스러운, 고급진).
TONE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "elegant": ("elegan*", "luxur*", "premium", "classy", "sophisticat*", "refined", "chic",
                "graceful", "high-end", "고급", "우아", "럭셔리", "프리미엄", "세련", "품격",
                "시크", "기품", "고상"),
    "natural": ("natur*", "organic", "eco", "eco-friendly", "calm", "earthy", "gentle", "soft",
                "자연", "내추럴", "친환경", "유기농", "편안", "차분", "순한", "담백"),
    "professional": ("profession*", "expert*", "technical", "tech", "trust*", "serious",
                     "formal", "minimal*", "modern", "clinical", "business", "전문", "신뢰",
                     "기술", "모던", "미니멀", "정확", "믿음", "비즈니스"),
    "warm": ("warm*", "cozy", "cosy", "homey", "homely", "healthy", "wholesome", "heartfelt",
             "따뜻", "따듯", "포근", "정겨", "정감", "건강", "아늑", "훈훈"),
    "casual": ("casual", "bold", "energ*", "dynamic", "sporty", "trendy", "street", "urban",
               "powerful", "strong", "active", "캐주얼", "경쾌", "힘찬", "역동", "트렌디",
               "활기", "강렬", "대담", "파워", "스포티", "에너지", "힙"),
    "friendly": ("friend*", "playful", "fun", "cute", "cheer*", "bright", "happy", "kind",
                 "친근", "발랄", "귀여", "귀엽", "밝은", "밝고", "유쾌", "재미", "상냥", "다정"),
}
CATEGORY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "elegant": ("beauty", "cosmetic*", "skin*", "perfume*", "jewel*", "luxury", "뷰티",
                "화장품", "스킨", "향수", "주얼리", "쥬얼리", "명품"),
    "natural": ("sport*", "leisure", "outdoor*", "camp*", "garden*", "plant*", "스포츠",
                "레저", "아웃도어", "캠핑", "등산", "원예", "식물"),
    "professional": ("electronic*", "digital", "tech*", "computer*", "appliance*", "device*",
                     "전자", "디지털", "가전", "컴퓨터", "기기", "음향"),
    "warm": ("food*", "snack*", "drink*", "beverage*", "kitchen*", "health*", "식품", "음식",
             "간식", "음료", "건강", "주방", "먹거리"),
    "casual": ("fashion", "cloth*", "apparel", "shoe*", "bag*", "패션", "의류", "신발", "가방",
               "잡화"),
    "friendly": ("living", "home*", "household", "kid*", "baby", "pet*", "toy*", "생활",
                 "리빙", "가구", "유아", "아동", "반려", "완구", "문구"),
}
_WORD = re.compile(r"[a-z][a-z-]*")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _match(text: str | None, table: dict[str, tuple[str, ...]]) -> str | None:
    """The first preset (in table order) one of whose entries appears in ``text``."""
    text = (text or "").strip().lower()
    if not text:
        return None
    words = _WORD.findall(text)
    for preset, entries in table.items():
        for entry in entries:
            if _HANGUL.search(entry):
                hit = entry in text
            elif entry.endswith("*"):
                hit = any(word.startswith(entry[:-1]) for word in words)
            else:
                hit = entry in words
            if hit:
                return preset
    return None


def preset_for(tone: str | None, category: str | None = None) -> str:
    """The style preset for a free-text tone, else for the category, else the default."""
    key = (tone or "").strip().lower()
    if key in PRESETS:
        return key
    return _match(tone, TONE_SYNONYMS) or _match(category, CATEGORY_SYNONYMS) or DEFAULT
