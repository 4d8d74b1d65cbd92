"""What a page says about itself: lang is the language its text is in (page and export),
placeholder images and provider failures are warnings in Korean, and seller-facing failure
text never carries a parser's dump."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

from pydantic import BaseModel

from pagelogic.assemble.logic import assemble_page, seller_warnings, standalone_document
from pagelogic.facts.extract import extract_facts
from pagelogic.facts.language import text_language
from pagelogic.failures import permanent, seller_reason
from pagelogic.plan.logic import plan_page
from pdp.evaluate import evaluate, evaluate_with
from processors.providers.base import MalformedOutput, Providers
from processors.providers.offline import offline_providers
from schemas.api import GenerationRequest

SAMPLES = Path(__file__).resolve().parents[2] / "devtools" / "samples"
INTERNALS = ("pydantic", "input_value", "http", "Error", "validation error", "\n")


def _sample(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.json").read_text())


def _lang(document: str) -> str:
    return re.search(r'<html lang="([^"]+)"', document).group(1)


def _div_lang(html: str) -> str:
    return re.search(r'<div class="pdp-page" lang="([^"]+)"', html).group(1)


def test_text_language_reads_the_script_the_text_is_written_in():
    assert text_language("스테인리스 텀블러 USB-C 충전, IPX4 방수") == "ko"
    assert text_language("Stainless tumbler with a leak-proof lid") == "en"
    assert text_language("ステンレス製のタンブラーです") == "ja"
    assert text_language("不锈钢保温杯") == "zh"
    assert text_language("1,000 / 250", fallback="en") == "en"  # nothing to read: fallback


def test_asking_for_english_offline_keeps_a_korean_page_marked_korean_and_says_why():
    body = _sample("tumbler") | {"controls": {"language": "en"}}
    result = evaluate(body)
    assert _div_lang(result.page.html) == "ko" and result.page.language == "ko"
    assert _lang(result.document()) == "ko"
    codes = {w["code"] for w in result.warnings}
    assert "translation_unavailable" in codes


def test_a_provider_that_was_asked_for_english_but_wrote_korean_gives_lang_ko_and_a_warning():
    """The bug of issue 21: the plan says en, the text is Korean, lang said en."""
    offline = offline_providers()
    claims_to_translate = Providers(name="openai", planner=offline.planner,
                                    writer=offline.writer, images=offline.images)
    body = _sample("cream") | {"controls": {"language": "en"}}
    result = asyncio.run(evaluate_with(claims_to_translate, body))
    assert result.plan.language == "en"  # what was planned
    assert _div_lang(result.page.html) == "ko" and _lang(result.document()) == "ko"
    assert result.quality.language == "ko"
    mismatch = [w for w in result.warnings if w["code"] == "language_mismatch"]
    assert mismatch and "영어" in mismatch[0]["message"] and "한국어" in mismatch[0]["message"]


def test_an_english_product_text_makes_a_page_marked_english():
    body = {"product_data": "Trail running vest\nPrice: 89,000 KRW\n- 12 L capacity\n"
                            "- Two soft flasks included\n- Reflective trims for night runs",
            "features": ["12 L capacity", "Two soft flasks"]}
    result = evaluate(body)
    assert _div_lang(result.page.html) == "en" and _lang(result.document()) == "en"
    assert not [w for w in result.warnings if w["code"] == "language_mismatch"]


def test_a_placeholder_image_is_a_warning_of_the_page_stored_with_it():
    facts = extract_facts(GenerationRequest(product_data="크림\n가격: 1,000원\n- 고보습",
                                            features=["고보습"]))
    plan = plan_page(facts)
    why = "2번 이미지(사용 장면)는 AI 이미지를 만들지 못해 임시 이미지로 대신했습니다"
    images = {0: {"index": 0, "url": "/media/a.png", "alt": "대표"},
              1: {"index": 1, "url": "/media/b.svg", "alt": "사용 장면", "warning": why}}
    page = assemble_page(plan, {}, images)
    assert page.notes == [{"code": "image_placeholder", "message": why}]
    told = seller_warnings(plan, page.blocks, page.notes)
    assert {"code": "image_placeholder", "message": why} in told
    # Read back from the stored plan (the gateway's result view) the same way.
    stored = plan.model_dump(mode="json") | {"assembly_notes": page.notes}
    assert {"code": "image_placeholder", "message": why} in seller_warnings(stored, page.blocks)


def test_the_export_document_follows_the_page_lang_not_a_default():
    assert _lang(standalone_document("t", "", '<div class="pdp-page" lang="en">\n<p>Hi</p></div>')) == "en"
    assert _lang(standalone_document("t", "", "<p>설명입니다</p>")) == "ko"  # read from text


class _Slots(BaseModel):
    title: str


def test_a_malformed_model_answer_reaches_the_seller_as_one_korean_sentence():
    try:
        _Slots.model_validate_json('{"title": 5')
    except ValueError as exc:
        raw = str(exc)
    assert "input_value" in raw and "errors.pydantic.dev" in raw  # what used to be shown
    error = MalformedOutput("AI 응답 형식이 올바르지 않습니다(2회 시도).",
                            detail=f"PlanDraft: {raw}")
    failure = permanent("페이지 구성을 만들지 못했습니다", error)
    assert failure.seller == "페이지 구성을 만들지 못했습니다: AI 응답 형식이 올바르지 않습니다(2회 시도)."
    assert "input_value" in failure.detail and "errors.pydantic.dev" in failure.detail
    for internal in INTERNALS:
        assert internal not in failure.seller


def test_an_unexpected_exception_text_never_reaches_the_seller():
    leak = RuntimeError("connect to http://10.0.0.5:5432 failed: password authentication")
    failure = permanent("블록을 생성하지 못했습니다", leak)
    assert "10.0.0.5" not in failure.seller and "http" not in failure.seller
    assert failure.seller.endswith("잠시 후 다시 요청해 주세요.")
    assert "10.0.0.5" in failure.detail
    assert seller_reason(leak) == "처리 중 오류가 발생했습니다. 잠시 후 다시 요청해 주세요."


def test_the_export_head_names_the_locale_of_the_text_not_of_the_request():
    from pagelogic.export import export_head
    planned_en = {"language": "en", "seo": None}
    head = export_head("텀블러", planned_en, {"name": "텀블러"}, [], None, language="ko")
    assert 'content="ko_KR"' in head and "en_US" not in head
