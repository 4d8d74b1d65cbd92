"""pagelogic/messages: the one table of seller-facing text — block labels by position and kind,
version notes in Korean counted from 1, validation errors per field, English on request."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field, HttpUrl, ValidationError

from pagelogic import messages
from pagelogic.edits import plan_ops
from pagelogic.messages import validation
from pagelogic.plan.style import all_concepts
from schemas.plan import BlockPlan, BlockType, PagePlan


def test_block_label_is_position_and_kind_never_a_template_number():
    assert messages.block_label("KeyFeatures", 2) == "2번 블록 · 주요 특징"
    assert messages.block_label("FAQ", 1, "en") == "Block 1 · FAQ"


def test_language_follows_the_first_language_the_browser_names():
    assert messages.language("en-US,en;q=0.9,ko;q=0.8") == "en"
    assert messages.language("ko-KR,ko;q=0.9,en;q=0.8") == "ko"
    assert messages.language(None) == "ko"  # a client that says nothing: Korean


def test_not_found_uses_the_right_particle():
    assert messages.not_found("page") == "페이지를 찾을 수 없습니다."
    assert messages.not_found("version") == "버전을 찾을 수 없습니다."


class _Request(BaseModel):
    product_data: str = Field(min_length=1, max_length=10)
    product_image_url: HttpUrl | None = None


@pytest.mark.parametrize("body, field, words", [
    ({"product_data": ""}, "product_data", "상품 설명: 값을 입력하세요."),
    ({"product_data": "x" * 11}, "product_data", "상품 설명: 10자 이하로 입력하세요."),
    ({"product_data": "x", "product_image_url": "/media/a.png"}, "product_image_url",
     "상품 이미지 주소: 올바른 주소"),
    ({}, "product_data", "상품 설명: 값을 입력하세요."),
])
def test_validation_errors_name_the_field_in_korean_and_keep_loc_and_type(body, field, words):
    with pytest.raises(ValidationError) as caught:
        _Request.model_validate(body)
    raw = caught.value.errors()
    out = validation.translate([{**e, "loc": ("body", *e["loc"])} for e in raw])
    assert out[0]["loc"] == ["body", field] and out[0]["type"] == raw[0]["type"]
    assert out[0]["msg"].startswith(words), out[0]["msg"]
    english = validation.translate(raw, "en")[0]["msg"]
    assert not any("가" <= c <= "힣" for c in english), english


def test_value_errors_explain_private_addresses():
    error = {"loc": ("body", "product_image_url"), "type": "value_error",
             "msg": "Value error, address '127.0.0.1' is private", "ctx": {"error": "… is private"}}
    assert "내부망 주소" in validation.translate([error])[0]["msg"]


def _plan() -> PagePlan:
    kinds = [BlockType.Introduction, BlockType.KeyFeatures, BlockType.Specifications, BlockType.FAQ]
    return PagePlan(title="t", style=all_concepts()[0], images=[], blocks=[
        BlockPlan(index=i, block_type=kind, title=kind.value) for i, kind in enumerate(kinds)])


def test_version_notes_are_korean_and_count_blocks_from_one_as_the_ui_shows_them():
    plan = _plan()
    edit = plan_ops.regenerate_block(plan, {}, 3, None, None, None)
    assert edit.note == "4번 블록 · 자주 묻는 질문 다시 생성"
    moved = plan_ops.reorder_blocks(plan, {}, [3, 0, 1, 2])
    assert moved.note == "블록 순서 변경"
    # after a move the label follows the place on the page, not the stored index
    deleted = plan_ops.delete_block(moved.plan, {}, 3)
    assert deleted.note == "1번 블록 · 자주 묻는 질문 삭제"
    asked = plan_ops.regenerate_block(plan, {}, 1, "설치 순서로", None, None)
    assert asked.note == "2번 블록 · 주요 특징 다시 생성 (요청: 설치 순서로)"


def test_the_ui_bundle_carries_every_table_and_falls_back_to_korean():
    ko, en = messages.bundle("ko"), messages.bundle("en")
    assert ko["block_types"]["KeyFeatures"] == "주요 특징" and ko["styles"]["minimal"] == "미니멀"
    assert en["block_types"]["KeyFeatures"] == "Key features"
    assert set(en["ui"]) == set(ko["ui"])  # missing English falls back to Korean
    assert en["ui"]["sample_start"] == "Start with a sample"


def test_every_block_type_and_tone_preset_the_api_knows_has_a_label_in_both_languages():
    from pagelogic.plan.tone import PRESETS  # tone is free text; these pick a style

    for lang in ("ko", "en"):
        assert set(messages.table("BLOCK_TYPES", lang)) == {b.value for b in BlockType}
        assert set(PRESETS) <= set(messages.table("TONES", lang))
