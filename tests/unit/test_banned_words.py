"""Banned words remove the whole sentence or claim, never just the word (which changes the
meaning: "BPA 프리 뚜껑" → "프리 뚜껑"), and the seller is told what went
(pagelogic/plan/banned.py, processors/blocks/grounded.py)."""

from __future__ import annotations

import asyncio
import re

from pagelogic.facts.extract import extract_facts
from pagelogic.plan.banned import Banned, removed_summary, sentences
from pagelogic.plan.logic import plan_page
from pdp.evaluate import evaluate
from processors.blocks.grounded import write_grounded
from processors.providers.offline import OfflineWriter
from schemas.api import GenerationRequest
from schemas.blocks import QA, FAQSlots
from schemas.controls import SellerControls
from schemas.plan import BlockType
from tests.integration.support import sample


def test_splitter_ends_korean_sentences_at_da_yo_and_marks_but_not_inside_numbers():
    text = "보온이 7시간 유지됩니다. 정말 가벼워요. 세척도 쉬워요! 누구에게 좋을까요? 지름 8.5cm, v1.2 호환."
    assert sentences(text) == ["보온이 7시간 유지됩니다.", "정말 가벼워요.", "세척도 쉬워요!",
                               "누구에게 좋을까요?", "지름 8.5cm, v1.2 호환."]


def test_splitter_keeps_list_items_quotes_and_middle_dot_lists_apart():
    assert sentences("- BPA 프리 뚜껑\n- 식기세척기 가능\n\n• 평생 보증") == [
        "- BPA 프리 뚜껑", "- 식기세척기 가능", "• 평생 보증"]
    assert sentences("“최고예요.” 라고 합니다. 끝") == ["“최고예요.”", "라고 합니다.", "끝"]
    assert sentences("이중 진공 단열 · 누수 방지 뚜껑 · 식기세척기 사용 가능") == [
        "이중 진공 단열", "누수 방지 뚜껑", "식기세척기 사용 가능"]


def test_a_sentence_holding_a_banned_word_goes_whole_and_the_rest_reads_as_before():
    banned = Banned(["bpa", "평생 보증"])
    text = "뚜껑은 BPA 프리 소재입니다. 식기세척기에 넣어도 돼요. 평생 보증이 됩니다."
    assert banned.text(text) == "식기세척기에 넣어도 돼요."
    assert banned.removed == ["뚜껑은 BPA 프리 소재입니다.", "평생 보증이 됩니다."]
    assert banned.text("- BPA 프리 뚜껑\n- 식기세척기 가능") == "- 식기세척기 가능"
    assert banned.text("BPA 프리.") == ""


def test_claims_go_whole_table_rows_features_and_faq_items():
    banned = Banned(["BPA", "보증"])
    rows = banned.items([{"label": "소재", "value": "18/8 스테인리스, BPA 프리 뚜껑"},
                         {"label": "무게", "value": "380g"}])
    assert rows == [{"label": "무게", "value": "380g"}]       # no "18/8 스테인리스, 프리 뚜껑"
    features = banned.items([{"title": "BPA 프리", "text": "안심하고 쓰세요."},
                             {"title": "가벼움", "text": "380g이에요. 보증 기간은 평생이에요."}])
    assert features == [{"title": "가벼움", "text": "380g이에요."}]
    faq = banned.items([{"question": "A/S 되나요?", "answer": "평생 보증입니다."},
                        {"question": "세척은요?", "answer": "식세기 가능해요."}])
    assert faq == [{"question": "세척은요?", "answer": "식세기 가능해요."}]  # no question left unanswered
    assert "“소재 — 18/8 스테인리스, BPA 프리 뚜껑”" in removed_summary(banned.removed)


def test_removed_summary_is_truncated_for_the_seller():
    summary = removed_summary([f"{i}번째 아주 긴 문장 " * 10 for i in range(8)], limit=3, width=20)
    assert summary.count("“") == 3 and summary.endswith("외 5개") and "…" in summary


def _write(block_type: BlockType, writer, words: list[str]):
    facts = extract_facts(GenerationRequest.model_validate(sample("tumbler")))
    plan = plan_page(facts)  # the default page, with an FAQ added for the FAQ test
    if block_type not in {b.block_type for b in plan.blocks}:
        plan = plan_page(facts, [BlockType.Introduction, block_type])
    block = next(b for b in plan.blocks if b.block_type is block_type)
    return asyncio.run(write_grounded(writer, block, facts, plan.style, action="warn",
                                      min_coverage=0.0,
                                      controls=SellerControls(banned_words=words)))


def test_a_block_left_with_nothing_is_dropped_with_a_warning():
    written = _write(BlockType.KeyFeatures, OfflineWriter(), ["단열", "뚜껑", "식기세척기"])
    assert written.dropped and "남은 내용이 없어" in written.warning
    assert len(written.banned_removed) == 3


class Scripted:
    """A model (not deterministic): replies in order and counts the calls."""

    def __init__(self, *replies):
        self.replies, self.calls = list(replies), 0

    async def write(self, block, facts, style, controls=None):
        self.calls += 1
        return self.replies.pop(0)


def test_a_model_that_used_a_banned_word_is_asked_again_and_what_still_holds_it_is_dropped():
    used = FAQSlots(heading="자주 묻는 질문", items=[
        QA(question="보온은 얼마나 되나요?", answer="보온 7시간이에요. 평생 보증도 돼요.")])
    clean = FAQSlots(heading="자주 묻는 질문", items=[
        QA(question="보온은 얼마나 되나요?", answer="보온 7시간이에요.")])
    model = Scripted(used, clean)
    written = _write(BlockType.FAQ, model, ["평생 보증"])
    assert model.calls == 2 and written.slots == clean and written.banned_removed == []
    stubborn = Scripted(used, used)
    written = _write(BlockType.FAQ, stubborn, ["평생 보증"])
    assert stubborn.calls == 2
    assert written.slots.items[0].answer == "보온 7시간이에요."
    assert written.banned_removed == ["평생 보증도 돼요."]


def test_the_offline_writer_is_not_asked_again_its_words_are_the_sellers():
    class Counting(OfflineWriter):
        calls = 0

        async def write(self, *args, **kwargs):
            Counting.calls += 1
            return await super().write(*args, **kwargs)

    written = _write(BlockType.KeyFeatures, Counting(), ["누수"])
    assert Counting.calls == 1 and [i.title for i in written.slots.items] == [
        "이중 진공 단열", "식기세척기 사용 가능"]


def _visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_page_holds_neither_the_word_nor_its_broken_remains_and_the_seller_is_told():
    body = sample("tumbler") | {"controls": {"banned_words": ["BPA", "평생 보증"]}}
    page = evaluate(body)
    text = _visible(page.page.html)
    assert "BPA" not in text and "평생 보증" not in text
    assert "프리 뚜껑" not in text and "(제조 결함에 한함)" not in text   # no broken remains
    assert "식기세척기 사용 가능" in text and "380g" in text             # the rest is kept
    warning = next(w for w in page.warnings if w["code"] == "banned_words")
    assert "BPA 프리 뚜껑" in warning["message"] and "평생 보증" in warning["message"]
    untouched = _visible(evaluate(sample("tumbler")).page.html)
    assert "BPA 프리 뚜껑" in untouched and "평생 보증" in untouched     # the test can fail


def test_a_notice_row_holding_a_banned_word_asks_the_seller_instead_of_showing_a_cut_value():
    from pagelogic.notice.slots import fill_for_request
    from pagelogic.plan.banned import scrub_notice

    fill = fill_for_request(GenerationRequest.model_validate(sample("tumbler")), {}, "생활용품")
    material = next(r for r in fill.rows if r.value and "BPA" in r.value)
    clean, removed = scrub_notice(fill, ["BPA"])
    row = next(r for r in clean.rows if r.key == material.key)
    assert row.value is None and row.status == "missing" and row.question
    assert removed == [f"{material.label} — {material.value}"]
    assert material.key in {q.key for q in clean.questions()}


def test_a_banned_word_in_the_product_name_leaves_no_cut_name_and_neutral_image_texts():
    page = evaluate(sample("cream") | {"controls": {"banned_words": ["크림"]}})
    html = page.page.html
    assert "크림" not in html and "인텐시브 50ml" not in html   # not "수분가득 히알루론 인텐시브 50ml"
    assert 'alt="상품 이미지"' in html and page.page.title == "상품 상세페이지"
    warning = next(w for w in page.warnings if w["code"] == "banned_words")
    assert "대표 이미지" not in warning["message"]   # alt texts are replaced, not listed
