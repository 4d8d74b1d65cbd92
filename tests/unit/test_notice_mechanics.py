"""How the notice is chosen, filled, answered, rendered and exported — plain values only."""

from __future__ import annotations

import json

import pytest

from infra.db.seed import STARTER_DIR
from pagelogic.blocks.render import render_block
from pagelogic.library.folder import read_library
from pagelogic.notice.answers import (
    UnknownAnswer,
    apply_answers,
    notice_edit,
    page_questions,
    shipping_updates,
)
from pagelogic.notice.fill import DETAIL_REF, NoticeInput, fill_notice
from pagelogic.notice.groups import group_for, load_notice
from pagelogic.notice.slots import TO_ANSWER, notice_slots
from pagelogic.notice.text import Pair, pairs_from_text
from pagelogic.notice_export import notice_csv, notice_document
from pagelogic.plan.style import choose_style
from processors.blocks.notice import write_notice
from schemas.plan import BlockPlan, BlockType, PagePlan

AIRFRYER = "에어프라이어 5.5L\n모델명: AF-550\n정격전압: 220V\n제조국: 중국\n보증: 구입 후 1년"


def _fill(text: str, category: str | None = None, **kw):
    name = text.splitlines()[0]
    return fill_notice(NoticeInput(text=text, name=name, **kw), group_for(category, name))


@pytest.mark.parametrize("category,name,group", [
    ("주방", None, "kitchen"), ("텀블러", None, "kitchen"), ("kitchen", None, "kitchen"),
    ("생활용품", "스텐리 클래식 진공 텀블러 591ml", "kitchen"), ("생활용품", "수제 향초", "etc"),
    ("전자기기", None, "microelectronics"), ("뷰티", None, "cosmetic"), ("식품", None, "general_food"),
    ("식품", "제주 감귤 5kg", "food"), ("패션의류", "린넨 셔츠", "wear"), ("car accessories", None,
                                                               "car_articles"),
    ("credit card", None, "etc"), (None, None, "etc"), ("이어폰", None, "microelectronics"),
    # A lamp is an electrical product, not furniture, though its name says "desk" / "책상".
    ("home", "LED Desk Lamp with USB port", "home_appliances"),
    ("생활용품", "책상 LED 스탠드", "home_appliances"), (None, "Oak desk", "furniture"),
])
def test_category_maps_to_a_group_with_the_catch_all_as_default(category, name, group):
    assert group_for(category, name).key == group


def test_values_keep_the_exact_place_they_came_from():
    pairs = pairs_from_text("제품\n- 소재: 면 100%, 색상: 흰색\n무게 3.4kg\n제조국 대한민국",
                            load_notice().groups["wear"].items[0].parts[0].terms + ("제조국",))
    text = "제품\n- 소재: 면 100%, 색상: 흰색\n무게 3.4kg\n제조국 대한민국"
    assert [(p.label, p.value, p.line) for p in pairs] == [
        ("소재", "면 100%", 2), ("색상", "흰색", 2), ("무게", "3.4kg", 3), ("제조국", "대한민국", 4)]
    assert all(text[p.start:p.end] == p.value for p in pairs)


def test_pairs_from_another_extractor_are_only_used_when_the_text_has_them():
    text = "에어프라이어\n정격전압 220V"
    fill = fill_notice(NoticeInput(text=text, name="에어프라이어", pairs=[
        Pair("정격전압", "220V"), Pair("제조국", "독일")]), group_for("에어프라이어"))
    rows = {r.key: r for r in fill.rows}
    assert rows["notice.power"].sources[0].line == 2
    assert rows["notice.country"].value is None  # "독일" is nowhere in the product text


def test_name_and_model_are_joined_and_parts_keep_the_sellers_labels():
    rows = {r.key: r for r in _fill(AIRFRYER).rows}
    assert rows["notice.name_model"].value == "에어프라이어 5.5L / 모델명 AF-550"
    assert rows["notice.power"].value == "정격전압 220V"
    assert rows["notice.power"].missing_parts == ["소비전력"]
    assert "소비전력을 알려 주세요" in rows["notice.power"].question


def test_safety_items_are_never_pointed_to_the_detail_page():
    fill = _fill("전기 그릴\n전기 안전 인증을 받은 제품입니다\n보증 기간은 상세 설명을 확인하세요",
                 "가정용 전기제품")
    rows = {r.key: r for r in fill.rows}
    assert rows["notice.kc"].value is None and rows["notice.kc"].status == "missing"
    assert rows["notice.warranty"].value == DETAIL_REF  # an explanatory item the text covers
    assert rows["notice.warranty"].sources[0].line == 3
    assert "KC 인증번호를 알려 주세요" in {q.question.split(" (")[0] for q in fill.questions()}


def test_a_warranty_period_is_not_taken_for_a_phone_number_but_settings_are():
    rows = {r.key: r for r in _fill("블루투스 이어폰\nA/S 1년", "이어폰").rows}
    assert rows["notice.as_contact"].value is None
    rows = {r.key: r for r in _fill("블루투스 이어폰\nA/S 1년", "이어폰",
                                    settings={"as_phone": "02-555-1234"}).rows}
    assert rows["notice.as_contact"].value == "02-555-1234"
    assert rows["notice.as_contact"].sources[0].kind == "settings"


def test_absent_shipping_settings_are_questions_not_guesses():
    fill = _fill(AIRFRYER)
    assert all(r.value is None for r in fill.shipping)
    asked = {q.key for q in fill.questions()}
    assert {"shipping.courier", "shipping.shipping_fee", "shipping.return_fee",
            "shipping.exchange_fee", "shipping.return_address", "shipping.as_phone"} <= asked
    assert "shipping.free_shipping_threshold" not in asked  # optional: no free-shipping is fine
    full = _fill(AIRFRYER, settings={"courier": "우체국택배", "shipping_fee": 0,
                                     "free_shipping_threshold": 30000})
    shown = {r.key: r.value for r in full.shipping}
    assert shown["shipping.shipping_fee"] == "무료"
    assert shown["shipping.free_shipping_threshold"] == "30,000원 이상 구매 시 무료"


def test_answers_fill_only_the_rows_they_name_and_unknown_keys_are_refused():
    fill = _fill(AIRFRYER)
    answered = apply_answers(fill, {"notice.kc": "XU071234-20001"}, {"courier": "CJ대한통운"})
    rows = {r.key: r for r in answered.rows}
    assert rows["notice.kc"].value == "XU071234-20001"
    assert rows["notice.kc"].sources[0].kind == "answer"
    assert rows["notice.country"].sources == {r.key: r for r in fill.rows}["notice.country"].sources
    assert "notice.kc" not in {q.key for q in answered.questions()}
    assert {r.key: r.value for r in answered.shipping}["shipping.courier"] == "CJ대한통운"
    with pytest.raises(UnknownAnswer):
        apply_answers(fill, {"notice.nope": "x"}, {})
    assert shipping_updates({"shipping.shipping_fee": "3,000원", "shipping.courier": " CJ "}) == {
        "shipping_fee": 3000, "courier": "CJ"}


def _plan(fill) -> PagePlan:
    style = choose_style(None, None)
    return PagePlan(title="t", style=style, blocks=[
        BlockPlan(index=0, block_type=BlockType.Introduction, title=""),
        BlockPlan(index=1, block_type=BlockType.InfoNotice, title="상품정보제공고시", notice=fill)])


def test_answering_re_renders_only_the_notice_block():
    plan = _plan(_fill(AIRFRYER))
    parts = {"blocks": {"0": {"html": "intro"}, "1": {"html": "old notice"}}, "images": {}}
    edit = notice_edit(plan, parts, {"notice.kc": "XU071234-20001"}, {})
    assert edit.blocks == {0: {"html": "intro"}}  # the introduction is kept as it was
    assert edit.plan.blocks[1].notice.rows[1].value == "XU071234-20001"
    assert page_questions(edit.plan.model_dump(mode="json"))[0]["block_type"] == "InfoNotice"


def test_every_notice_template_renders_the_table_with_missing_items_marked():
    slots = write_notice(_plan(_fill(AIRFRYER)).blocks[1]).slots
    assert slots == notice_slots(_fill(AIRFRYER))
    missing = [r for r in slots.rows if r.missing]
    templates = [t for t in read_library(STARTER_DIR).templates if t.block_type == "InfoNotice"]
    assert len(templates) == 6 and missing
    for template in templates:
        html = render_block(template.html, slots, index=5, block_type="InfoNotice")
        assert html.count("<tr") == len(slots.rows) + len(slots.shipping)
        assert html.count(TO_ANSWER) == len(missing) + len(slots.shipping)
        assert "에어프라이어 5.5L / 모델명 AF-550" in html and "None" not in html


def test_a_notice_block_without_notice_data_is_left_out_not_invented():
    written = write_notice(BlockPlan(index=3, block_type=BlockType.InfoNotice, title="고시"))
    assert written.dropped and "자동으로" in written.warning


def test_exports_keep_missing_items_out_of_the_marketplace_fields():
    fill = _fill(AIRFRYER, settings={"courier": "CJ대한통운"})
    coupang = notice_document(fill, "coupang")
    assert coupang["notices"][0] == {"noticeCategoryName": fill.group_title,
                                     "noticeCategoryDetailName": "품명 및 모델명",
                                     "content": "에어프라이어 5.5L / 모델명 AF-550"}
    assert "KC 인증정보" in coupang["missing"]
    assert all(n["content"] for n in coupang["notices"])
    naver = notice_document(fill, "naver")
    assert naver["productInfoProvidedNoticeType"] == "HOME_APPLIANCES"
    csv_text = notice_csv(fill).decode()
    assert csv_text.startswith("\ufeff상품군,항목,내용,상태") and "CJ대한통운" in csv_text
    json.dumps(coupang, ensure_ascii=False)
