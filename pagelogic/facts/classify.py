"""Which kind of fact a statement is — pure keyword rules in Korean and English.

A label decides first ("세탁: 손세탁" is care, "소재: 면" a spec); an unlabelled sentence is
judged by its words ("단순 변심 반품 불가" is a notice, never a selling point). Rules are
general vocabulary of product pages, not tuned to any sample.
"""

from __future__ import annotations

import re

from schemas.facts import FactKind

K = FactKind
# Label keywords → kind, checked in order (the first match wins). Anything else labelled is
# a spec row: the table lists every label/value the seller gave.
LABEL_KINDS: tuple[tuple[tuple[str, ...], FactKind], ...] = (
    (("가격", "판매가", "정가", "할인가", "price"), K.price),
    (("브랜드 스토리", "브랜드스토리", "브랜드 이야기", "철학", "brand story", "our story"), K.story),
    (("주의", "경고", "알레르기", "알러지", "caution", "warning", "allergen", "allergy"), K.caution),
    (("사이즈 팁", "사이즈 추천", "사이즈 안내", "사이즈 가이드", "핏 안내", "착용 팁", "sizing",
      "size tip", "size guide", "fit tip", "fit advice"), K.sizing),
    (("사용법", "사용 방법", "사용방법", "이용 방법", "섭취 방법", "섭취방법", "조리법", "조리 방법",
      "how to use", "usage", "directions", "how to"), K.usage),
    (("세탁", "보관", "관리", "손질", "care", "washing", "storage"), K.care),
    (("구성품", "구성", "포함", "패키지", "included", "in the box", "contents", "package"),
     K.contents),
    (("인증", "certification", "certified"), K.certification),
    (("추천 대상", "이런 분", "대상", "recommended for", "ideal for", "perfect for", "for whom"),
     K.audience),
    (("비교", "compare", "comparison", " vs"), K.comparison),
    (("특징", "장점", "포인트", "feature", "highlight", "benefit"), K.feature),
)
# Sentence keywords (no label), after the notice phrases: care first ("hand wash only, do not
# soak" is care), then cautions.
SENTENCE_KINDS: tuple[tuple[tuple[str, ...], FactKind], ...] = (
    (("손세탁", "손세척", "세탁기", "드라이클리닝", "건조기", "표백", "세탁 시", "서늘한 곳", "냉장 보관",
      "냉동 보관", "hand wash", "machine wash", "dry clean", "tumble dry", "store in"), K.care),
    (("주의", "알레르기", "알러지", "경고", "어린이 손", "닿지 않는", "섭취하지", "삼키지", "삼킬",
      "상담 후", "상담하세요", "상담하십시오", "위험이 있", "위험하니", "위험할 수",
      "피하십시오", "상할 수 있", "손상될 수", "손상의 우려", "손상될 우려", "변형될 수",
      "변형의 우려", "변색될 수", "망가질 수", "고장의 원인", "원인이 될 수", "caution", "warning", "allerg", "keep out of reach", "do not use", "do not put",
      "do not place", "do not leave", "do not expose", "do not heat", "do not swallow",
      "do not apply", "do not microwave", "not suitable", "may damage", "can damage",
      "could damage", "may cause", "can cause"),
     K.caution),
    (("정사이즈", "한 치수", "반 치수", "크게 나온", "작게 나온", "사이즈 업", "사이즈업",
      "사이즈를 추천", "사이즈 선택", "true to size", "runs small", "runs large", "size up",
      "size down", "sizing"), K.sizing),
    (("인증", "certified", "certification"), K.certification),
)
# Notices are matched as phrases: "교환" alone also means replacing a part ("필터 교환 주기"),
# "파손" can be a promise ("파손 걱정 없는"), so they count only in their notice sense.
_NOTICE_LABEL = re.compile(r"^\W*(교환|반품|환불|배송|택배|출고|a/s 안내|return|refund|exchange|"
                           r"shipping|delivery)|교환\s*[·/및,]?\s*반품|배송\s*(비|안내|기간|정보)",
                           re.IGNORECASE)
_NOTICE_SENTENCE = re.compile(
    r"반품|환불|단순\s?변심|배송\s?중|교환\s?[·/및,]?\s?(반품|환불)|교환(이|은|은\s|\s?불가|\s?신청|"
    r"\s?기간)|출고|파손된|파손\s?시|파손의|수령\s?후|returns?\b|refund|exchanges?\b|"
    r"damaged in|in transit|non-returnable", re.IGNORECASE)
_IMPERATIVE = re.compile(r"(하세요|주세요|드세요|십시오|합니다\s*$)\.?$")
# An instruction or a recommendation to the buyer ("손세척을 권장합니다") is advice, never the
# hook of the page.
_INSTRUCTION = re.compile(r"(세요|십시오|마세요|권장합니다|권장드립니다|권해\s?드립니다|"
                          r"권장해요)\.?$|\bwe recommend\b|\bis recommended\b", re.IGNORECASE)
_QUESTION = re.compile(r"^(?:q\s*[.:)]|질문\s*[.:)]?)\s*", re.IGNORECASE)
_ANSWER = re.compile(r"^(?:a\s*[.:)]|답변?\s*[.:)]?)\s*", re.IGNORECASE)


def _contains(text: str, words: tuple[str, ...]) -> bool:
    low = text.lower()
    return any(w in low for w in words)


def label_kind(label: str) -> FactKind:
    if _NOTICE_LABEL.search(label) and not _contains(label, ("가격", "price")):
        return K.notice
    for words, kind in LABEL_KINDS:
        if _contains(label, words):
            return kind
    return K.spec


# A line that only names the section after it ("■ 특징", "Specifications") is layout, not a
# fact: kept, it became a selling point or the hook sentence of the page.
_SECTION_HEADINGS = {
    "특징", "주요 특징", "제품 특징", "상품 특징", "장점", "사양", "제품 사양", "상품 사양", "스펙",
    "제품 스펙", "제품 정보", "상품 정보", "상세 정보", "상품 상세", "제품 상세", "상품 설명",
    "제품 설명", "사용 방법", "사용법", "주의사항", "주의 사항", "features", "key features",
    "highlights", "specifications", "specs", "spec", "details", "product details",
    "product information", "description", "how to use"}


def is_section_heading(text: str) -> bool:
    return re.sub(r"\s+", " ", text.strip(" :：").lower()) in _SECTION_HEADINGS


def sentence_kind(text: str, numbered: bool = False) -> FactKind:
    if _NOTICE_SENTENCE.search(text):  # before cautions: a return rule that says "주의"
        return K.notice
    for words, kind in SENTENCE_KINDS:
        if _contains(text, words):
            return kind
    if numbered or _INSTRUCTION.search(text):  # "처음 사용 전 물을 끓여 버려 주세요" is no benefit
        return K.usage
    return K.claim


def question_of(text: str) -> str | None:
    match = _QUESTION.match(text)
    if match or text.rstrip().endswith("?"):
        return text[match.end():].strip() if match else text.strip()
    return None


def answer_of(text: str) -> str | None:
    match = _ANSWER.match(text)
    return text[match.end():].strip() if match else None
