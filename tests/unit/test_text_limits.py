"""The API's limits and the stages' limits agree: long text is condensed on sentence
boundaries to fit a slot, and a task that does fail says in short Korean what to change."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from pagelogic.blocks.content import build_slots
from pagelogic.blocks.render import TemplateRenderError
from pagelogic.facts.extract import extract_facts
from pagelogic.failures import permanent, retried
from pagelogic.plan.logic import plan_page
from pagelogic.plan.seo import derive_seo
from schemas.api import MAX_PRODUCT_TEXT, MAX_SHORT_TEXT, GenerationRequest
from schemas.blocks import IntroductionSlots, TitledText
from schemas.text import ELLIPSIS, condense
from tests.integration.support import sample

SENTENCE = "이 텀블러는 매일 쓰기 좋은 스테인리스 소재로 만들었습니다. "


def test_text_that_fits_is_kept_as_written():
    assert condense("  짧은 문장입니다.  ", 20) == "짧은 문장입니다."


def test_whole_sentences_are_kept_when_they_fill_at_least_half_the_room():
    text = "첫째 문장입니다. 둘째 문장도 있습니다! 셋째 문장은 길어서 들어가지 않습니다."
    assert condense(text, 30) == "첫째 문장입니다. 둘째 문장도 있습니다!"
    assert condense("한 줄 요약\n둘째 줄은 아주 길어서 넘칩니다", 12) == "한 줄 요약"


def test_a_decimal_point_is_not_a_sentence_end():
    assert condense("용량 3.5 리터의 대용량 보온 텀블러 세트", 12) == "용량 3.5 리터의…"


def test_one_long_sentence_is_cut_at_a_word_with_an_ellipsis():
    assert condense("바쁜 직장인과 자취생을 위한 튼튼한 텀블러", 14) == "바쁜 직장인과 자취생을…"
    assert condense("가" * 50, 10) == "가" * 9 + ELLIPSIS


@given(st.text(alphabet=st.sampled_from(list("가나다 .!?\n3") + ["。", "…"]), max_size=300),
       st.integers(min_value=1, max_value=120))
def test_fuzz_condensed_text_always_fits_and_starts_like_the_original(text, limit):
    out = condense(text, limit)
    assert len(out) <= limit
    assert text.strip().startswith(out.removesuffix(ELLIPSIS).rstrip(" ,;:·-"))


def test_stage_models_condense_over_long_text_instead_of_refusing_it():
    item = TitledText(title=("오래 쓰는 스테인리스 본체 " * 20)[:195], text=SENTENCE * 30)
    assert len(item.title) <= 120 and len(item.text) <= 600
    assert item.text.endswith("니다.")  # whole sentences
    intro = IntroductionSlots(headline="가" * 500, subheadline="나" * 400)
    assert len(intro.headline) <= 200 and len(intro.subheadline) <= 300


LONG_INPUTS = {
    "target_customer": {"target_customer": ("바쁜 직장인과 자취생을 위한 " * 40)[:480]},
    "feature": {"features": [("오래 쓰는 스테인리스 본체 " * 20)[:195]]},
    "product_data": {"product_data": None},  # filled to the API's limit below
    "one_line_product_data": {"product_data": "가" * MAX_PRODUCT_TEXT},
}


@pytest.mark.parametrize("name", LONG_INPUTS)
def test_inputs_at_the_api_limits_plan_and_fill_every_block(name):
    body = {**sample("tumbler"), **LONG_INPUTS[name]}
    if body["product_data"] is None:
        base = sample("tumbler")["product_data"] + "\n"
        body["product_data"] = (base + SENTENCE * 1000)[:MAX_PRODUCT_TEXT]
    request = GenerationRequest.model_validate(body)
    assert len(request.target_customer or "") <= MAX_SHORT_TEXT
    facts = extract_facts(request)
    plan = plan_page(facts)
    derive_seo(facts, plan.title)
    for block in plan.blocks:  # each raised ValidationError (string_too_long) before
        slots = build_slots(block, facts)
        assert slots is not None
        assert type(slots).model_validate(slots.model_dump()) == slots


def test_a_schema_failure_tells_the_seller_what_to_change_without_a_pydantic_dump():
    with pytest.raises(ValidationError) as caught:
        TitledText(title=None)  # type: ignore[arg-type]
    failure = permanent("페이지 구성을 만들지 못했습니다", caught.value)
    assert failure.seller.startswith("페이지 구성을 만들지 못했습니다: ")
    assert "'제목' 항목" in failure.seller and "다시 요청해 주세요" in failure.seller
    for technical in ("validation error", "pydantic", "type=", "input_value", "\n", "title"):
        assert technical not in failure.seller
    assert len(failure.seller) <= 300
    assert "ValidationError" in failure.detail  # operators keep the detail (dead letter)


def test_template_and_repeated_errors_are_short_korean_sentences():
    render = permanent("블록을 생성하지 못했습니다", TemplateRenderError("UndefinedError: x"))
    assert "다른 템플릿" in render.seller and "UndefinedError" not in render.seller
    again = retried("블록을 생성하지 못했습니다", 3, RuntimeError("boom at 0x7f"))
    assert "3회 시도" in again.seller and "boom" not in again.seller
    assert "boom" in again.detail
