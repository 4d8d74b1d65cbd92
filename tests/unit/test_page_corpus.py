"""Placement over a corpus of varied products (tests/unit/corpus: Korean and English,
name-only, long, bullets, pasted tables, "label - value", several facts per line, emoji),
through the offline pipeline's own functions: every fact once and in its place."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pagelogic.facts.lines import QUALIFIERS
from pagelogic.plan.assign import is_brand
from pagelogic.quality.report import text_nodes
from pdp.evaluate import evaluate
from schemas.facts import FactKind
from schemas.plan import BlockType

CORPUS = Path(__file__).parent / "corpus"
PRODUCTS = {p.stem: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(CORPUS.glob("*.json"))}
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
COUNTER = re.compile(r"^(?:STEP\s*)?\d{1,2}$")
ADVICE = (FactKind.notice, FactKind.caution, FactKind.sizing, FactKind.care)
NOTICE_WORDS = ("반품", "교환", "환불", "파손", "주의", "알레르기", "치수", "세탁", "return",
                "refund", "caution", "do not", "allerg", "wash")


def _source(body: dict) -> str:
    return " ".join([body["product_data"], *body.get("features", []),
                     body.get("target_customer") or ""])


def _blocks(result) -> dict[BlockType, str]:
    return {b.block_type: html for b, html in zip(
        [b for b in result.plan.blocks], result.page.html_list)}


def _text(html: str) -> str:
    return " ".join(n for n in text_nodes(html) if not COUNTER.match(n))


def test_the_corpus_is_big_and_varied():
    assert len(PRODUCTS) >= 30
    assert sum(n.startswith("en_") for n in PRODUCTS) >= 8
    assert any("\t" in b["product_data"] for b in PRODUCTS.values())
    assert any("\n" not in b["product_data"] for b in PRODUCTS.values())  # name only


@pytest.fixture(scope="module")
def results():
    return {name: evaluate(body) for name, body in PRODUCTS.items()}


@pytest.mark.parametrize("name", sorted(PRODUCTS))
def test_no_number_on_the_page_is_missing_from_the_input(name, results):
    page = " ".join(_text(h) for h in results[name].page.html_list)
    known = {n.replace(",", "") for n in NUMBER.findall(_source(PRODUCTS[name]))}
    assert {n for n in NUMBER.findall(page) if n.replace(",", "") not in known} == set()


@pytest.mark.parametrize("name", sorted(PRODUCTS))
def test_at_most_a_tenth_of_the_page_is_repeated_and_every_block_is_grounded(name, results):
    result = results[name]
    assert result.quality.repeated_share <= 0.10
    assert result.quality.facts_used == result.quality.facts_given
    assert [w for w in result.warnings if w["code"] in ("block", "grounding")] == []


@pytest.mark.parametrize("name", sorted(PRODUCTS))
def test_every_label_value_fact_is_a_row_of_the_spec_table(name, results):
    result = results[name]
    blocks = _blocks(result)
    story = BlockType.BrandStory in blocks
    for fact in result.facts.facts:
        if fact.kind is not FactKind.spec or (story and is_brand(fact)):
            continue
        table = _text(blocks[BlockType.Specifications])
        assert fact.value in table and (fact.label is None or fact.label in table), fact
        assert (fact.label or "").strip().lower() not in QUALIFIERS


@pytest.mark.parametrize("name", sorted(PRODUCTS))
def test_no_notice_caution_or_sizing_among_the_selling_points(name, results):
    result = results[name]
    selling = " ".join(_text(h) for t, h in _blocks(result).items()
                       if t in (BlockType.KeyFeatures, BlockType.Introduction)).lower()
    for fact in result.facts.facts:
        if fact.kind in ADVICE:
            assert (fact.value or fact.text).lower() not in selling, fact
    features = _text(_blocks(result).get(BlockType.KeyFeatures, "")).lower()
    assert not [w for w in NOTICE_WORDS if w in features]


@pytest.mark.parametrize("name", sorted(PRODUCTS))
def test_one_language_per_page(name, results):
    result = results[name]
    page = " ".join(_text(h) for h in result.page.html_list)
    if result.plan.language == "en":  # Korean only where the seller wrote it ("59,000원")
        source = _source(PRODUCTS[name])
        assert [w for w in page.split() if HANGUL.search(w) and w not in source] == [], page
    else:
        headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", result.page.html)
        assert all(HANGUL.search(h) for h in headings), headings


@pytest.mark.parametrize("name", sorted(PRODUCTS))
def test_every_fact_has_exactly_one_block_and_a_true_span(name, results):
    result = results[name]
    owned = [i for b in result.plan.blocks for i in b.fact_ids]
    assert len(owned) == len(set(owned))
    text = result.request.product_data  # spans index the text as the service received it
    for fact in result.facts.facts:
        if fact.source == "product_data":
            span = text[fact.start:fact.end]
            words = (fact.value or fact.text).split()[0]
            assert words in span, (fact, span)


def test_thin_inputs_get_a_short_true_page_and_korean_questions(results):
    for name in ("ko_mug_name_only", "en_name_only", "ko_thin_price", "en_thin"):
        result = results[name]
        codes = {w["code"] for w in result.warnings}
        assert codes & {"name_only", "thin_input"}, name
        keys = {q.key for q in result.plan.questions}
        assert {"features", "size", "usage"} <= keys, name
        assert all(HANGUL.search(q.question) for q in result.plan.questions)
        assert all(HANGUL.search(w["message"]) for w in result.warnings)
    assert [b.block_type for b in results["ko_mug_name_only"].plan.blocks] == \
        [BlockType.Introduction]
    assert "price" not in {q.key for q in results["ko_thin_price"].plan.questions}


def test_notices_get_their_own_block(results):
    blocks = _blocks(results["ko_humidifier_bullets"])
    assert "배송 중 파손" in _text(blocks[BlockType.Notice])
    assert "교환·반품 대상이 아닙니다" in _text(blocks[BlockType.Notice])


def test_sizing_advice_goes_to_the_usage_guide(results):
    blocks = _blocks(results["ko_long_shoes"])
    assert "반 치수 크게" in _text(blocks[BlockType.UsageGuide])
    assert "반 치수" not in _text(blocks[BlockType.KeyFeatures])


def test_english_features_keep_their_own_sentences(results):
    cards = _text(_blocks(results["en_swapped_risk"])[BlockType.KeyFeatures])
    facts = {f.label: f.value for f in results["en_swapped_risk"].facts.facts
             if f.kind is FactKind.feature}
    assert "AA battery" in facts["Long battery life"]
    assert "noise" in facts["Silent clicks"] and "palm" in facts["Ergonomic shape"]
    assert "Silent clicks reduce noise by 90 percent" in cards


def test_feature_cards_carry_their_supporting_sentence(results):
    cards = _text(_blocks(results["ko_long_shoes"])[BlockType.KeyFeatures])
    assert "충격 흡수" in cards and "착지 충격을 흡수해" in cards


def test_english_page_has_english_words_and_translation_offline_warns(results):
    backpack = results["en_backpack"]
    assert "For students" in backpack.page.html and "를 위한" not in backpack.page.html
    umbrella = results["en_translate_to_ko_offline"]
    assert umbrella.plan.language == "en"
    assert [w["code"] for w in umbrella.warnings] == ["translation_unavailable"]


def test_pasted_tables_and_qualifiers(results):
    rows = _text(_blocks(results["ko_pipe_table"])[BlockType.Specifications])
    assert "흡입력" in rows and "12,000Pa" in rows and "항목" not in rows
    qualifier = results["ko_qualifier"]
    assert not any(f.label in QUALIFIERS for f in qualifier.facts.facts)


def test_explicit_questions_become_the_faq(results):
    faq = _text(_blocks(results["ko_faq_pairs"])[BlockType.FAQ])
    assert "식기세척기에 넣어도 되나요?" in faq and "6개월 이상" in faq


def test_random_mixes_of_corpus_lines_never_crash_or_invent_numbers():
    """Messier than any seller: lines of many products shuffled together, with features
    taken from them and oversized lines; every page is made and holds only input numbers."""
    import logging
    import random

    rng = random.Random(15)
    lines = [ln for body in PRODUCTS.values() for ln in body["product_data"].splitlines()]
    odd = ["가격: " + "문의 " * 60, "특징: " + ", ".join(f"장점{i}" for i in range(30)),
           "x" * 500, "A. " + "답 " * 300, "| a | b | c |", "가격 12,000원 ~ 15,000원", ":"]
    logging.disable(logging.WARNING)  # failed grounding attempts are logged, not errors here
    try:
        for _ in range(60):
            body = rng.sample(lines, rng.randint(1, 30)) + rng.sample(odd, rng.randint(0, 3))
            rng.shuffle(body)
            request = {"product_data": "\n".join(body).strip() or "상품",
                       "features": [ln[:200] for ln in rng.sample(lines, rng.randint(0, 5))
                                    if ln.strip()]}
            result = evaluate(request)
            assert result.quality.invented_numbers == [], request
            owned = [i for b in result.plan.blocks for i in b.fact_ids]
            assert len(owned) == len(set(owned))
            assert not [w for w in result.warnings if w["code"] in ("block", "grounding")]
    finally:
        logging.disable(logging.NOTSET)


ADVICE_WORDS = ("권장", "하세요", "마세요", "십시오", "수 있어", "수 있으니", "주의", "recommend",
                "do not", "avoid", "can damage", "may damage")


@pytest.mark.parametrize("name", sorted(PRODUCTS))
def test_the_hero_line_and_meta_description_sell_rather_than_warn(name, results):
    """The first line a shopper reads and the search snippet carry a selling point: a care
    or caution sentence ("손세척을 권장합니다") there reads as a warning label."""
    result = results[name]
    intro = _blocks(result)[BlockType.Introduction]
    summary = " ".join(re.findall(r'class="pdp-summary">([^<]*)<', intro))
    for line in (summary, result.plan.seo.meta_description):
        assert not [w for w in ADVICE_WORDS if w in line.lower()], (line, name)


@pytest.mark.parametrize("sentence,kind", [
    ("식기세척기 사용 시 날이 상할 수 있어 손세척을 권장합니다", FactKind.care),
    ("직사광선에 오래 두면 변색될 수 있습니다", FactKind.caution),
    ("Leaving it wet can damage the coating", FactKind.caution),
    ("Hand washing is recommended to keep the edge", FactKind.care),
    ("처음 사용 전 미지근한 물로 헹구는 것을 권장합니다", FactKind.usage),
    ("식기세척기 사용 가능", FactKind.claim),          # a selling point, not advice
    ("세척이 쉬운 분리형 구조", FactKind.claim),
])
def test_risk_and_recommendation_sentences_are_advice_not_claims(sentence, kind):
    from pagelogic.facts.classify import sentence_kind
    assert sentence_kind(sentence) is kind
