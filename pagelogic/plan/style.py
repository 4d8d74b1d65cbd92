"""Page-wide style concepts chosen from tone and category — pure data, no I/O."""

from __future__ import annotations

from pagelogic.plan.tone import preset_for
from schemas.plan import Palette, StyleConcept

SANS = "'Pretendard', 'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif"
SERIF = "'Noto Serif KR', 'Nanum Myeongjo', 'AppleMyungjo', serif"

_CONCEPTS: dict[str, StyleConcept] = {
    "elegant": StyleConcept(
        concept_name="소프트 럭셔리", font_heading=SERIF, font_body=SANS,
        mood="차분하고 고급스러운", css_guidance="넓은 여백, 얇은 구분선, 절제된 포인트 색",
        palette=Palette(primary="#6b4f4f", accent="#c8a27a", background="#fbf8f5",
                        surface="#ffffff", text="#2e2626", muted="#8a7d78"),
    ),
    "natural": StyleConcept(
        concept_name="내추럴 우드", font_heading=SANS, font_body=SANS,
        mood="따뜻하고 자연스러운", css_guidance="어스 톤, 둥근 모서리, 부드러운 그림자",
        palette=Palette(primary="#4f6b3a", accent="#c08a4a", background="#f7f4ec",
                        surface="#ffffff", text="#2b2a24", muted="#7a7566"),
    ),
    "professional": StyleConcept(
        concept_name="테크 미니멀", font_heading=SANS, font_body=SANS,
        mood="명료하고 신뢰감 있는", css_guidance="고대비, 격자 정렬, 수치 강조",
        palette=Palette(primary="#1f3a5f", accent="#2f80ed", background="#f4f6f9",
                        surface="#ffffff", text="#1b2430", muted="#5f6b7a"),
    ),
    "warm": StyleConcept(
        concept_name="웜 브렉퍼스트", font_heading=SANS, font_body=SANS,
        mood="포근하고 건강한", css_guidance="크림 배경, 따뜻한 포인트 색, 큰 제목",
        palette=Palette(primary="#8a4b1f", accent="#e3a04f", background="#fdf6ec",
                        surface="#ffffff", text="#3a2a1e", muted="#8c7764"),
    ),
    "casual": StyleConcept(
        concept_name="어반 캐주얼", font_heading=SANS, font_body=SANS,
        mood="가볍고 경쾌한", css_guidance="굵은 제목, 넉넉한 행간, 모노톤에 포인트 색",
        palette=Palette(primary="#2d3a3a", accent="#d9822b", background="#f6f6f3",
                        surface="#ffffff", text="#222222", muted="#6d6d6d"),
    ),
    "friendly": StyleConcept(
        concept_name="데일리 프렌들리", font_heading=SANS, font_body=SANS,
        mood="밝고 친근한", css_guidance="밝은 배경, 둥근 카드, 아이콘 같은 배지",
        palette=Palette(primary="#2f6f73", accent="#f2a541", background="#f5fafa",
                        surface="#ffffff", text="#1f2d2e", muted="#5b7173"),
    ),
}


def choose_style(tone: str | None, category: str | None) -> StyleConcept:
    """The preset nearest to the free-text tone, else to the category (pagelogic/plan/tone.py)."""
    return _CONCEPTS[preset_for(tone, category)].model_copy(deep=True)


def all_concepts() -> list[StyleConcept]:
    """Every page-wide style concept (style variants offer the seller several of them)."""
    return [c.model_copy(deep=True) for c in _CONCEPTS.values()]
