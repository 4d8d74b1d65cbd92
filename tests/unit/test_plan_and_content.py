"""Planning plans only what the text supports; content never invents numbers."""

from __future__ import annotations

import re

import pytest

from pagelogic.blocks.content import build_slots, fallback_slots, object_particle
from pagelogic.facts.extract import extract_facts
from pagelogic.plan.logic import plan_page
from schemas.api import GenerationRequest
from schemas.plan import BlockType
from tests.integration.support import all_samples

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _facts(body: dict):
    return extract_facts(GenerationRequest(**body))


def test_bare_product_gets_only_an_introduction():
    plan = plan_page(_facts({"product_data": "무지 머그컵"}))
    assert [b.block_type for b in plan.blocks] == [BlockType.Introduction]


def test_brand_story_and_comparison_only_when_the_text_has_them():
    text = "텀블러\n브랜드: 스텐리\n브랜드 스토리: 1913년 창업\n비교: 일반 텀블러 대비 보냉 2배"
    types = [b.block_type for b in plan_page(_facts({"product_data": text})).blocks]
    assert BlockType.BrandStory in types and BlockType.Comparison in types
    plain = [b.block_type for b in plan_page(_facts({"product_data": "텀블러\n브랜드: 스텐리"})).blocks]
    assert BlockType.BrandStory not in plain and BlockType.Comparison not in plain


def test_seller_chosen_block_types_are_kept_in_order():
    chosen = [BlockType.FAQ, BlockType.Introduction, BlockType.BrandStory]
    plan = plan_page(_facts({"product_data": "머그컵"}), chosen)
    assert [b.block_type for b in plan.blocks] == chosen
    for block in plan.blocks:  # even a thin text fills every chosen block
        assert fallback_slots(block, _facts({"product_data": "머그컵"})) is not None


def test_images_are_planned_with_alt_text_and_edit_mode_for_a_seller_photo():
    facts = _facts({"product_data": "크림\n- 고보습", "features": ["고보습"],
                    "product_image_url": "https://example.com/p.jpg"})
    plan = plan_page(facts)
    assert plan.images[0].kind.value == "edit"
    assert plan.images[0].reference_url == "https://example.com/p.jpg"
    assert all(image.alt for image in plan.images)
    assert plan.blocks[0].image_index == 0


@pytest.mark.parametrize("name, body", sorted(all_samples().items()))
def test_every_number_in_the_content_appears_in_the_input(name, body):
    facts = _facts(body)
    source = " ".join([body["product_data"], *body["features"], body.get("target_customer") or ""])
    source_numbers = set(NUMBER.findall(source))
    for block in plan_page(facts).blocks:
        slots = build_slots(block, facts)
        assert slots is not None, (name, block.block_type)
        text = slots.model_dump_json()
        invented = {n for n in NUMBER.findall(text) if n not in source_numbers}
        # "ref": 0/1 are image indexes, not claims.
        invented -= {str(block.image_index)} if block.image_index is not None else set()
        assert not invented, (name, block.block_type, invented)


def test_object_particle_follows_the_final_consonant():
    assert object_particle("피부") == "를"
    assert object_particle("직장인") == "을"
    assert object_particle("1인 가구") == "를"


def test_a_kc_number_keeps_the_hero_and_shows_its_number():
    # A labelled certification became a badge of its label alone; the grounding check then
    # missed the number and dropped the whole Introduction (name, price, seller's photo).
    from pdp.evaluate import evaluate
    body = {"product_data": "스텐 전기포트 1.7L\n판매가: 39,900원\n- 용량: 1.7L\n"
                            "- KC 인증번호: HU07123-24001\n- 소비전력: 1850W",
            "features": ["자동 전원 차단"]}
    result = evaluate(body)
    assert [w for w in result.warnings if w["code"] in ("block", "grounding")] == []
    intro = result.page.html_list[0]
    assert result.plan.blocks[0].block_type is BlockType.Introduction
    assert "39,900원" in intro and "HU07123-24001" in intro
    assert intro.count("HU07123-24001") == 1
