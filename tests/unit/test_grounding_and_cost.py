"""Grounding verdicts, cost arithmetic and the small provider helpers — pure."""

from __future__ import annotations

import asyncio

import pytest

from pagelogic.assemble.logic import page_cost
from pagelogic.blocks.content import fallback_slots
from pagelogic.facts.extract import extract_facts
from pagelogic.grounding.check import check_block
from pagelogic.plan.logic import plan_page
from processors.providers.fetch import FetchRefused, SafeFetcher
from processors.providers.openai_llm import with_planned_image
from processors.providers.prompts import repair_json
from processors.providers.usage import price
from schemas.api import GenerationRequest
from schemas.blocks import KeyFeaturesSlots, SpecificationsSlots, TitledText
from tests.integration.support import all_samples


def _facts(body: dict):
    return extract_facts(GenerationRequest.model_validate(body))


@pytest.mark.parametrize("name", sorted(all_samples()))
def test_content_copied_from_the_input_passes(name):
    facts = _facts(all_samples()[name])
    for block in plan_page(facts).blocks:
        verdict = check_block(fallback_slots(block, facts).model_dump(mode="json"), block, facts)
        assert verdict.ok, (block.block_type, verdict)


def test_invented_numbers_claims_and_contradictions_are_caught():
    facts = _facts(all_samples()["cream"])
    plan = plan_page(facts)
    features = next(b for b in plan.blocks if b.block_type.value == "KeyFeatures")
    slots = KeyFeaturesSlots(heading="판매량 1위", items=[TitledText(title="보습력 72시간",
                                                                    text="고보습 저자극 무향")])
    verdict = check_block(slots.model_dump(mode="json"), features, facts)
    assert not verdict.ok and "72" in verdict.invented_numbers
    assert verdict.invented_claims == ["1위"]
    specs = next(b for b in plan.blocks if b.block_type.value == "Specifications")
    good = fallback_slots(specs, facts)
    label = facts.specs[0].label
    bad = SpecificationsSlots(heading="정보", rows=[
        *good.rows, {"label": label, "value": "99"}])
    assert any(label in c for c in check_block(bad.model_dump(mode="json"), specs, facts)
               .contradictions)


def test_low_coverage_fails():
    facts = _facts(all_samples()["cream"])
    intro = plan_page(facts).blocks[0]
    thin = fallback_slots(intro, facts).model_copy(update={"badges": [], "subheadline": "",
                                                          "price": None})
    verdict = check_block(thin.model_dump(mode="json"), intro, facts)
    assert verdict.coverage < 0.8 and not verdict.ok
    assert any("28,000원" in missing for missing in verdict.missing_facts)


def test_price_table_and_page_totals():
    table = {"m": {"input_per_1m": 1.0, "output_per_1m": 2.0}, "img": {"per_image": 0.01}}
    assert price(table, "m", tokens_in=1_000_000, tokens_out=500_000) == 2.0
    assert price(table, "img", images=3) == 0.03 and price(table, "unknown", images=3) == 0
    cost = page_cost({"calls": 1, "tokens_in": 10, "tokens_out": 5, "usd": 0.5},
                     {0: {"cost": {"calls": 2, "tokens_in": 7, "usd": 0.25}}},
                     {0: {"cost": {"calls": 1, "images": 1, "usd": 0.01}}})
    assert cost.total.calls == 4 and cost.total.tokens_in == 17 and cost.total.images == 1
    assert cost.total.usd == pytest.approx(0.76)


def test_almost_json_is_repaired():
    assert repair_json('```json\n{"a": [1, 2,],}\n```') == '{"a": [1, 2]}'
    assert repair_json("Sure! here it is: {\"a\": 1} hope it helps") == '{"a": 1}'
    assert repair_json("no json at all") is None


def test_the_plan_not_the_model_decides_block_images():
    facts = _facts(all_samples()["cream"])
    block = plan_page(facts).blocks[1]
    slots = KeyFeaturesSlots(heading="h", items=[TitledText(title="t")],
                             image={"ref": 99, "alt": "alt"})
    assert with_planned_image(slots, block).image.ref == block.image_index


@pytest.mark.parametrize("url", ["http://127.0.0.1/x.png", "http://localhost/x.png",
                                 "http://169.254.169.254/latest", "file:///etc/passwd",
                                 "http://10.0.0.1/a.png"])
def test_fetcher_refuses_private_addresses_and_other_schemes(url):
    with pytest.raises(FetchRefused):
        asyncio.run(SafeFetcher().fetch(url))


def test_controls_set_language_seo_and_remove_banned_words_from_the_plan():
    from processors.plan.handler import apply_controls
    from schemas.controls import SellerControls

    facts = _facts(all_samples()["cream"])
    plan = plan_page(facts)
    assert apply_controls(plan, facts, None).seo.meta_title == facts.name[:70]
    controls = SellerControls(banned_words=["크림"], language="en")
    applied = apply_controls(plan, facts, controls)
    # The page language was decided with the facts (pagelogic/facts/language.py).
    assert applied.language == facts.language == "ko"
    assert applied.controls.banned_words == ["크림"]
    text = applied.model_dump_json(exclude={"controls", "banned_removed"})
    assert "크림" not in text and "크림" in plan.model_dump_json()
    # Removed whole, not cut to "수분가득 히알루론 인텐시브 50ml"; the seller is told what went.
    assert "인텐시브 50ml" not in text and applied.title == "상품 상세페이지"
    assert "수분가득 히알루론 인텐시브 크림 50ml" in applied.banned_removed


def test_freeform_rewrites_keep_the_structure_or_are_rejected():
    from pagelogic.blocks.freeform import accept_rewrite

    rendered = '<section class="pdp-block"><h2>보온 텀블러</h2><p>6시간 보온</p></section>'
    reworded = '<section class="pdp-block"><h2>따뜻한 텀블러</h2><p>6시간 동안 보온</p></section>'
    assert accept_rewrite(rendered, reworded)[0] == reworded
    extra = '<section class="pdp-block"><h2>x</h2><p>y</p><div>new</div></section>'
    assert accept_rewrite(rendered, extra)[0] is None
    hidden = ('<section class="pdp-block"><h2>x</h2><p>y<script>alert(1)</script></p>'
              '</section>')
    clean, _ = accept_rewrite(rendered, hidden)
    assert clean is not None and "<script" not in clean  # sanitized first, then compared
