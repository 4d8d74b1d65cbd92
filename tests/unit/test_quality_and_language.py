"""The quality report, the page language, seller questions, fact homes and prompts."""

from __future__ import annotations

import json

from pagelogic.blocks.content import build_slots
from pagelogic.facts.extract import extract_facts
from pagelogic.facts.language import detect_language, page_language
from pagelogic.plan.logic import plan_page
from pagelogic.quality.report import fragments, repeated
from pdp.cli.evaluate import run_eval
from processors.plan.handler import page_facts, trim_template_set
from processors.providers import prompts
from processors.providers.offline import offline_providers
from schemas.api import GenerationRequest
from schemas.controls import SellerControls
from schemas.plan import BlockType

B = BlockType


def _facts(text: str, **extra):
    return extract_facts(GenerationRequest(product_data=text, **extra))


def test_repeated_fragments_are_counted_across_blocks():
    html = ["<p>보온 7시간, 보냉 24시간</p>", "<li>보온 7시간, 보냉 24시간</li><li>스텐리</li>",
            "<td>식기세척기 사용 가능 제품입니다</td>"]
    frags = fragments(html)
    assert repeated(frags) == 2 and len(frags) == 3  # "스텐리" (3 letters) is too short


def test_language_is_the_inputs_unless_a_translator_is_there():
    assert detect_language("Trail Bottle 750 ml\nPrice: $29") == "en"
    assert detect_language("사운드핏 이어폰 USB-C IPX4 블루투스 5.3") == "ko"
    asked = SellerControls(language="ko", translate=True)
    assert page_language("en", asked, can_translate=True) == ("ko", [])
    language, notes = page_language("en", asked, can_translate=False)
    assert language == "en" and notes[0]["code"] == "translation_unavailable"
    assert "번역" in notes[0]["message"]
    assert page_language("en", None, can_translate=False) == ("en", [])


def test_english_input_gets_english_headings_and_audience():
    request = GenerationRequest(product_data="Urban Backpack\nVolume: 20 L\nWeight: 850 g",
                                features=["Laptop sleeve"], target_customer="students")
    facts, _ = page_facts(request, can_translate=False)
    plan = plan_page(facts)
    assert plan.language == "en"
    intro = build_slots(plan.blocks[0], facts)
    assert intro.subheadline == "For students"
    assert {b.title for b in plan.blocks[1:]} == {"Why you'll like it", "Specifications"}


def test_a_notice_falls_back_to_the_usage_guide_when_the_set_has_no_notice_block():
    facts = _facts("의자\n사용법: 펼쳐서 앉습니다\n단순 변심 반품 불가\n무게: 3kg")
    plan = plan_page(facts, [B.Introduction, B.Specifications, B.UsageGuide])
    usage = build_slots(plan.blocks[2], facts)
    assert "단순 변심 반품 불가" in usage.cautions
    assert "반품" not in build_slots(plan.blocks[1], facts).model_dump_json()


def test_a_template_sets_empty_blocks_are_left_out_with_a_warning():
    facts = _facts("머그컵\n용량: 350ml\n무게: 300g")
    chosen_types = [B.Introduction, B.KeyFeatures, B.Specifications, B.FAQ, B.Notice]
    plan = plan_page(facts, chosen_types)
    chosen = [(i + 1, t.value, 1) for i, t in enumerate(chosen_types)]
    trimmed, kept, skipped = trim_template_set(plan, chosen)
    assert [b.block_type for b in trimmed.blocks] == [B.Introduction, B.Specifications]
    assert [t for _, t, _ in kept] == ["Introduction", "Specifications"]
    assert skipped == [B.KeyFeatures, B.FAQ, B.Notice]
    assert [b.index for b in trimmed.blocks] == [0, 1] and len(trimmed.images) == 1


def test_block_prompt_carries_the_story_its_own_facts_and_what_others_say():
    facts = _facts("텀블러\n가격: 39,000원\n용량: 591ml\n단순 변심 반품 불가",
                   features=["보냉"])
    plan = plan_page(facts)
    specs = next(b for b in plan.blocks if b.block_type is B.Specifications)
    payload = json.loads(prompts.block_user(specs, facts, plan.style))
    assert [f["value"] for f in payload["block_facts"]] == ["591ml"]
    elsewhere = json.dumps(payload["said_elsewhere"], ensure_ascii=False)
    assert "39,000원" in elsewhere and "반품" in elsewhere
    assert "said_elsewhere" in prompts.BLOCK_SYSTEM and "Notice" in prompts.PAGE_STORY
    assert payload["seller_controls"]["language"].startswith("Korean")


def test_pdp_eval_reports_every_file_and_fails_on_a_bad_one(tmp_path, capsys):
    (tmp_path / "a.json").write_text(json.dumps({"product_data": "머그컵\n용량: 350ml"}),
                                     encoding="utf-8")
    assert run_eval(offline_providers(), tmp_path) == 0
    (tmp_path / "b.json").write_text("{not json", encoding="utf-8")
    assert run_eval(offline_providers(), tmp_path) == 1
    out = capsys.readouterr().out
    assert "pages 1" in out and "failed 1" in out


def test_banned_words_leave_the_sellers_questions_alone():
    from processors.plan.handler import apply_controls

    facts = _facts("머그컵")
    plan = apply_controls(plan_page(facts), facts, SellerControls(banned_words=["가격"]))
    price = next(q for q in plan.questions if q.key == "price")
    assert "가격" in price.question


def test_a_full_block_leaves_facts_out_and_the_seller_is_told():
    from processors.plan.handler import apply_controls

    text = "수건\n" + "\n".join(f"장점 문장 {chr(0xAC00 + i * 97)} 입니다" for i in range(11))
    facts = _facts(text)
    plan = apply_controls(plan_page(facts), facts, None)
    features = next(b for b in plan.blocks if b.block_type is B.KeyFeatures)
    assert len(features.fact_ids) == 8
    left = next(w for w in plan.advice if w.code == "facts_left_out")
    assert "2개" in left.message  # 11 sentences: the hook, 8 cards, 2 left out


def test_a_second_price_is_a_table_row_not_a_second_hook():
    facts = _facts("셔츠\n가격: 39,000원\n판매가: 35,000원\n소재: 면")
    plan = plan_page(facts)
    intro, specs = build_slots(plan.blocks[0], facts), build_slots(plan.blocks[1], facts)
    assert intro.price == "39,000원"
    assert ("판매가", "35,000원") in [(r.label, r.value) for r in specs.rows]


def test_the_legal_notice_table_is_not_counted_as_repetition():
    """상품정보제공고시 restates facts (and "입력 필요" on every missing row) by law."""
    from pagelogic.quality.report import page_quality

    facts = _facts("상품명만 있는 텀블러")
    plan = plan_page(facts)
    body = ["<h1>상품명만 있는 텀블러</h1>"]
    notice = ["<table><tr><td>상품명만 있는 텀블러</td></tr>"
              + "<tr><td>입력이 필요합니다</td></tr>" * 8 + "</table>"]
    counted = page_quality(plan, facts, body + notice)
    legal = page_quality(plan, facts, body + notice, block_types=["Introduction", "InfoNotice"])
    assert counted.repeated_share > 0.5 and legal.repeated_share == 0.0


def test_a_notice_with_empty_items_is_a_warning_not_only_red_rows():
    """'입력 필요' rows went into exported pages with nothing in warnings."""
    from pagelogic.assemble.logic import seller_warnings

    notice = {"notice_version": "v", "group_key": "etc", "group_title": "기타 재화",
              "rows": [{"key": "origin", "label": "제조국", "value": "입력 필요",
                        "status": "missing", "question": "제조국을 알려 주세요"},
                       {"key": "name", "label": "품명", "value": "머그", "status": "filled"}]}
    plan = {"blocks": [{"index": 3, "block_type": "InfoNotice", "notice": notice}]}
    notes = seller_warnings(plan, [])
    assert [n["code"] for n in notes] == ["notice_incomplete"] and "1개" in notes[0]["message"]
    notice["rows"][0].update(status="filled", value="한국")
    assert seller_warnings(plan, []) == []
