"""Fact extraction copies what the seller wrote and classifies it."""

from __future__ import annotations

from pagelogic.facts.extract import extract_facts, split_list
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


def _kinds(text: str, **extra) -> list[tuple[str, str | None, str | None]]:
    return [(f.kind.value, f.label, f.value) for f in facts_of(text, **extra).facts]


def test_every_fact_points_at_the_words_it_came_from():
    text = "텀블러\n✅ 보온 7시간, 보냉 24시간\n용량\t591ml\t무게\t380g\n※ 단순 변심 반품 불가"
    facts = facts_of(text)
    for fact in facts.facts:
        span = text[fact.start:fact.end]
        assert (fact.value or fact.text).split()[0] in span, (fact, span)
    assert [f.kind.value for f in facts.facts] == ["spec", "spec", "spec", "spec", "notice"]


def test_a_qualifier_stays_in_the_value_and_is_never_a_label():
    assert _kinds("의자\n무게 약 3.4kg\n최대 하중 120kg\n약 2kg") == [
        ("spec", "무게", "약 3.4kg"), ("spec", "최대 하중", "120kg"), ("claim", None, None)]


def test_a_labelled_list_with_pipes_or_slashes_is_one_row_and_a_url_no_label():
    assert _kinds("셔츠\n색상: 블랙 | 화이트\n사이즈: S / M / L\nhttps://example.com/x") == [
        ("spec", "색상", "블랙 | 화이트"), ("spec", "사이즈", "S / M / L"), ("claim", None, None)]


def test_unlabelled_measures_sharing_a_line_split_and_sentences_do_not():
    assert _kinds("컵\n용량 500ml • 무게 120g") == [("spec", "용량", "500ml"),
                                                  ("spec", "무게", "120g")]
    assert _kinds("Mouse\nBattery lasts up to 18 months on one AA battery") == [
        ("claim", None, None)]
    assert _kinds("장난감\n작은 부품이 있어 3세 미만 어린이는 삼킬 위험이 있습니다")[0][0] == "caution"


def test_notices_sizing_and_care_are_not_selling_points():
    kinds = [k for k, _, _ in _kinds(
        "셔츠\n착용 흔적이 있으면 반품이 어렵습니다\n평소보다 한 치수 크게 주문하세요\n"
        "hand wash only, do not soak\n통기성이 좋습니다")]
    assert kinds == ["notice", "sizing", "care", "claim"]


def test_features_take_the_sentence_that_fits_them_best():
    facts = facts_of("Mouse\nSilent clicks reduce noise by 90 percent\n"
                     "Battery lasts up to 18 months\nErgonomic shape supports your palm",
                     features=["Long battery life", "Silent clicks", "Ergonomic shape"])
    pairs = {f.label: f.value for f in facts.facts if f.kind.value == "feature"}
    assert pairs == {"Long battery life": "Battery lasts up to 18 months",
                     "Silent clicks": "Silent clicks reduce noise by 90 percent",
                     "Ergonomic shape": "Ergonomic shape supports your palm"}
    assert not [f for f in facts.facts if f.kind.value == "claim"]  # each lives in its card


def test_facts_stored_before_typed_facts_still_fill_their_blocks():
    from pagelogic.blocks.content import build_slots
    from schemas.facts import ProductFacts
    from schemas.plan import BlockPlan, BlockType

    old = ProductFacts(name="텀블러", price="39,000원", specs=[{"label": "용량", "value": "591ml"}],
                       cautions=["단순 변심 반품 불가"], features=["보냉"])
    specs = build_slots(BlockPlan(index=2, block_type=BlockType.Specifications, title=""), old)
    notice = build_slots(BlockPlan(index=3, block_type=BlockType.Notice, title=""), old)
    assert [(r.label, r.value) for r in specs.rows] == [("용량", "591ml")]
    assert notice.items[0].text == "단순 변심 반품 불가"


def test_notice_words_count_only_in_their_notice_sense():
    assert _kinds("필터\n필터 교환 주기: 6개월\n파손 걱정 없는 튼튼한 소재\n화상 위험을 줄인 이중 구조") == [
        ("spec", "필터 교환 주기", "6개월"), ("claim", None, None), ("claim", None, None)]
    kinds = [k for k, _, _ in _kinds(
        "컵\n교환/반품: 수령 후 7일 이내\n배송비: 3,000원\n파손된 제품은 사진과 함께 연락 주세요\n"
        "단순 변심 교환 불가\n작은 부품은 삼킬 위험이 있습니다")]
    assert kinds == ["notice", "notice", "notice", "notice", "caution"]


def test_section_headings_are_not_facts():
    # "■ 특징" and "Specifications" were selling points and even the page's hook sentence.
    facts = facts_of("스텐 전기포트\n■ 제품 사양\n- 용량: 1.7L\n■ 특징\n- 자동 전원 차단 기능\n"
                     "Specifications\nFeatures:")
    texts = [f.text for f in facts.facts]
    assert not {"제품 사양", "특징", "Specifications", "Features:", "Features"} & set(texts)
    assert "자동 전원 차단 기능" in texts


def test_a_line_labelled_with_a_seller_feature_is_that_features_sentence():
    # "- Touch dimming: slide…" was a spec row while the card "Touch dimming" had no text.
    facts = facts_of("Desk lamp\nPower: 10W\n- Touch dimming: slide a finger along the base.",
                     features=["Touch dimming"])
    feature = next(f for f in facts.facts if f.kind.value == "feature")
    assert feature.value == "slide a finger along the base."
    assert [f.label for f in facts.facts if f.kind.value == "spec"] == ["Power"]


def test_an_instruction_is_usage_not_a_selling_point():
    facts = facts_of("전기포트\n※ 처음 사용 전 물을 2~3회 끓여 버려 주세요.\n물이 빨리 끓습니다")
    kinds = {f.text: f.kind.value for f in facts.facts}
    assert kinds["처음 사용 전 물을 2~3회 끓여 버려 주세요."] == "usage"
    assert kinds["물이 빨리 끓습니다"] == "claim"


def test_a_measure_labelled_with_a_seller_feature_stays_a_spec_row():
    facts = facts_of("가습기\n무드등: 7색", features=["무드등"])
    assert [(f.label, f.value) for f in facts.facts if f.kind.value == "spec"] == [("무드등", "7색")]
