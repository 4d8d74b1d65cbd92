"""Fact extraction copies what the seller wrote and classifies it."""

from __future__ import annotations

from processors.facts.extract import extract_facts, split_list
from schemas.api import GenerationRequest
from tests.integration.support import sample


def facts_of(text: str, **extra):
    return extract_facts(GenerationRequest(product_data=text, **extra))


def test_name_price_and_discount_note():
    facts = facts_of("사운드핏 이어폰\n가격 89,000원 (출시 기념 10% 할인)")
    assert facts.name == "사운드핏 이어폰"
    assert facts.price == "89,000원"
    assert facts.price_note == "출시 기념 10% 할인"


def test_labelled_lines_are_classified_and_kept_verbatim():
    facts = extract_facts(GenerationRequest(**sample("tumbler")))
    assert facts.brand == "스텐리"
    assert facts.colors == ["크림", "차콜", "세이지 그린"]
    assert facts.materials == ["18/8 스테인리스 스틸", "BPA 프리 뚜껑"]
    assert facts.warranty == "평생 보증 (제조 결함에 한함)"
    assert {"label": "보냉", "value": "24시간 (얼음 포함 시 최대 3일)"} in \
        [s.model_dump() for s in facts.specs]


def test_two_labels_on_one_line_become_two_facts():
    facts = facts_of("의자\n프레임: 너도밤나무 원목 (오일 마감), 좌판: 600D 폴리에스터 캔버스")
    labels = [s.label for s in facts.specs]
    assert labels == ["프레임", "좌판"]


def test_allergens_are_a_caution_not_an_ingredient():
    facts = extract_facts(GenerationRequest(**sample("granola")))
    assert any("알레르기" in c for c in facts.cautions)
    assert not any("땅콩" in m for m in facts.materials)


def test_commas_inside_parentheses_do_not_split():
    assert split_list("이어버드, 이어팁 3종(S, M, L), 케이블") == ["이어버드", "이어팁 3종(S, M, L)", "케이블"]


def test_english_labels_work_too():
    facts = facts_of("Trail Bottle\nPrice: 25,000원\nMaterial: Tritan\nWarranty: 2 years")
    assert facts.price == "25,000원" and facts.materials == ["Tritan"]
    assert facts.warranty == "2 years"


def test_request_fields_are_carried():
    facts = facts_of("크림", features=["고보습"], target_customer="민감성 피부", tone="elegant",
                     category="뷰티")
    assert facts.features == ["고보습"] and facts.target_customer == "민감성 피부"
    assert facts.tone == "elegant" and facts.category == "뷰티"
