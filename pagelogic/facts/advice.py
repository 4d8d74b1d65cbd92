"""What to tell the seller about their input — pure.

A thin input makes a short, true page; the seller is told so and asked, in Korean, exactly
what to add (price, size or capacity, material, how to use, care…), each question naming the
block its answer would fill.
"""

from __future__ import annotations

import re

from pagelogic.blocks.labels import TITLES
from schemas.facts import FactKind, ProductFacts
from schemas.plan import BlockType
from schemas.quality import SellerQuestion, SellerWarning

K = FactKind
THIN = 3  # fewer statements than this (besides name and audience) is a thin input
_SIZE = ("사이즈", "크기", "치수", "용량", "무게", "중량", "규격", "size", "capacity", "weight",
         "dimension", "volume")
_MATERIAL = ("소재", "재질", "원재료", "성분", "원단", "material", "fabric", "ingredient")
QUESTIONS: tuple[tuple[str, str, BlockType], ...] = (
    ("price", "판매 가격은 얼마인가요? (예: 가격: 29,000원)", BlockType.Introduction),
    ("features", "이 상품의 좋은 점을 한 문장씩 2~3가지 적어 주세요. (예: 통기성이 좋아 여름에도 "
                 "시원합니다)", BlockType.KeyFeatures),
    ("size", "크기·용량·무게를 알려 주세요. (예: 용량: 500ml, 무게: 380g)",
     BlockType.Specifications),
    ("material", "소재나 원재료·성분은 무엇인가요? (예: 소재: 면 100%)", BlockType.Specifications),
    ("usage", "어떻게 사용하나요? 순서대로 적어 주세요. (예: 사용법: 적당량을 덜어 바릅니다)",
     BlockType.UsageGuide),
    ("care", "세탁·보관·관리 방법이 있다면 알려 주세요. (예: 보관: 직사광선을 피해 보관)",
     BlockType.UsageGuide),
    ("audience", "어떤 분께 추천하는 상품인가요? (추천 대상 칸에 적어 주세요)",
     BlockType.Introduction),
    ("image", "상품 사진을 올리거나 사진 주소를 넣어 주세요. 대표 이미지로 쓰입니다.",
     BlockType.Introduction),
)


def _has_spec(facts: ProductFacts, words: tuple[str, ...]) -> bool:
    return any(f.kind in (K.spec, K.contents) and any(w in (f.label or f.text).lower()
                                                      for w in words) for f in facts.facts)


_SIZE_IN_NAME = re.compile(r"\d\s*(ml|l|g|kg|cm|mm|인치|리터|oz|매|개입|팩|장|켤레|피스|포)\b",
                           re.IGNORECASE)


def missing(facts: ProductFacts) -> set[str]:
    kinds = {f.kind for f in facts.facts}
    present = {
        "price": K.price in kinds,
        "features": bool(kinds & {K.feature, K.claim, K.certification}),
        "size": _has_spec(facts, _SIZE) or bool(_SIZE_IN_NAME.search(facts.name)),
        "material": _has_spec(facts, _MATERIAL),
        "usage": K.usage in kinds,
        "care": bool(kinds & {K.care, K.sizing}),
        "audience": K.audience in kinds,
        "image": bool(facts.image_url),
    }
    return {key for key, ok in present.items() if not ok}


def questions(facts: ProductFacts) -> list[SellerQuestion]:
    gaps = missing(facts)
    return [SellerQuestion(key=key, question=text, block_type=block.value)
            for key, text, block in QUESTIONS if key in gaps]


def warnings(facts: ProductFacts) -> list[SellerWarning]:
    said = [f for f in facts.facts if f.kind is not K.audience]
    if not said:
        return [SellerWarning(code="name_only", message=(
            "상품명만 입력되어 상품명만 담은 짧은 페이지를 만들었습니다. 없는 내용을 지어내지 "
            "않았습니다. 아래 질문에 답해 상품 정보에 추가하면 더 충실한 페이지가 됩니다."))]
    if len(said) < THIN:
        return [SellerWarning(code="thin_input", message=(
            f"입력된 상품 정보가 {len(said)}가지뿐이라 확인된 내용만으로 짧은 페이지를 "
            "만들었습니다. 아래 질문에 답해 상품 정보에 추가하면 더 충실한 페이지가 됩니다."))]
    return []


def skipped_blocks(types: list[BlockType]) -> list[SellerWarning]:
    names = ", ".join(f"'{TITLES['ko'][t] or t.value}'" for t in types)
    return [SellerWarning(code="block_skipped", message=(
        f"선택한 템플릿 세트의 {names} 블록은 입력에 해당 내용이 없어 넣지 않았습니다."))] \
        if types else []


def left_out(facts: ProductFacts, placed: set[str]) -> list[SellerWarning]:
    """Facts no block of this page had room for (a block is full, or the chosen templates
    have no block for them): named, so the seller can shorten the text or add a block."""
    missed = [f for f in facts.facts if f.id not in placed]
    if not missed:
        return []
    shown = ", ".join(f"'{f.text[:30]}'" for f in missed[:5])
    more = f" 외 {len(missed) - 5}개" if len(missed) > 5 else ""
    return [SellerWarning(code="facts_left_out", message=(
        f"페이지에 자리가 없어 입력한 내용 {len(missed)}개를 넣지 못했습니다: {shown}{more}. "
        "특징은 8개까지 담기니 중요한 것만 남기거나, 해당 내용을 담을 블록을 추가해 주세요."))]
