"""Free-text tone and category map to the nearest style preset (pagelogic/plan/tone.py)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pagelogic.plan.style import choose_style
from pagelogic.plan.tone import PRESETS, preset_for
from schemas.api import GenerationRequest
from schemas.product_events import ProductPayload


@pytest.mark.parametrize("preset", PRESETS)
def test_a_preset_name_picks_itself_whatever_the_case(preset):
    assert preset_for(preset) == preset
    assert preset_for(f"  {preset.upper()} ") == preset


@pytest.mark.parametrize("tone, preset", [
    ("bold", "casual"), ("energetic", "casual"), ("Bold and energetic", "casual"),
    ("고급스러운", "elegant"), ("luxurious", "elegant"), ("premium", "elegant"),
    ("우아하고 세련된", "elegant"), ("playful", "friendly"), ("귀여운", "friendly"),
    ("밝고 친근한 말투", "friendly"), ("포근한", "warm"), ("cozy", "warm"),
    ("전문적인", "professional"), ("trustworthy", "professional"),
    ("modern minimalist", "professional"),
    ("자연스러운", "natural"), ("eco-friendly", "natural"), ("역동적인", "casual"),
])
def test_synonyms_in_english_and_korean_map_to_the_nearest_preset(tone, preset):
    assert preset_for(tone) == preset


def test_a_word_is_not_matched_inside_another_word():
    # "fun" is a whole-word synonym: "functional" does not match it, so the category decides
    assert preset_for("functional", "전자기기") == "professional"


@pytest.mark.parametrize("category, preset", [
    ("뷰티", "elegant"), ("화장품", "elegant"), ("스포츠/레저", "natural"), ("캠핑용품", "natural"),
    ("전자기기", "professional"), ("Electronics", "professional"), ("식품", "warm"),
    ("건강식품", "warm"), ("패션의류", "casual"), ("Shoes", "casual"), ("생활용품", "friendly"),
    ("반려동물", "friendly"),
])
def test_an_unknown_tone_falls_back_to_the_category(category, preset):
    assert preset_for("zzz", category) == preset
    assert preset_for(None, category) == preset


def test_nothing_known_gives_the_default_and_the_tone_wins_over_the_category():
    assert preset_for(None, None) == preset_for("", "") == preset_for("qwerty", "기타") == "friendly"
    assert preset_for("bold", "뷰티") == "casual"


def test_choose_style_follows_the_mapping():
    assert choose_style("고급스러운", None) == choose_style("elegant", None)
    assert choose_style(None, "전자기기").concept_name == "테크 미니멀"


@pytest.mark.parametrize("tone", ["bold", "energetic", "고급스러운", "professional"])
def test_free_text_tone_and_category_are_accepted_and_kept_as_given(tone):
    request = GenerationRequest(product_data="x", tone=tone, category="반려동물 간식")
    assert request.tone == tone and request.category == "반려동물 간식"
    payload = ProductPayload(name="n", product_data="x", tone=tone)
    assert payload.tone == tone


@pytest.mark.parametrize("body", [{"tone": "t" * 51}, {"category": "c" * 101}])
def test_tone_and_category_lengths_are_bounded(body):
    with pytest.raises(ValidationError):
        GenerationRequest(product_data="x", **body)
    with pytest.raises(ValidationError):
        ProductPayload(name="n", product_data="x", **body)
