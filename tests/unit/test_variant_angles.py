"""Variants are alternatives, not recolourings: each copy angle orders the page its own way
and frames the introduction its own way, without losing or inventing a fact."""

from __future__ import annotations

import pytest

from pagelogic.blocks.content import build_slots
from pagelogic.facts.extract import extract_facts
from pagelogic.grounding.check import check_block
from pagelogic.plan.angles import angle_plan, label, variant_angles
from pagelogic.plan.logic import plan_page
from schemas.api import GenerationRequest
from schemas.plan import BlockPlan, BlockType, CopyAngle
from tests.integration.support import all_samples

B = BlockType


def _plan(name: str):
    facts = extract_facts(GenerationRequest(**all_samples()[name]))
    plan = plan_page(facts)
    plan.blocks.append(BlockPlan(index=len(plan.blocks), block_type=B.InfoNotice, title="고시"))
    return facts, plan


@pytest.mark.parametrize("name", sorted(all_samples()))
def test_each_angle_reorders_the_same_blocks_with_the_notices_last(name):
    _, plan = _plan(name)
    orders = {}
    for angle in CopyAngle:
        variant = angle_plan(plan, angle)
        kinds = [b.block_type for b in variant.blocks]
        assert kinds[0] is B.Introduction and kinds[-1] is B.InfoNotice
        assert sorted(b.index for b in variant.blocks) == sorted(b.index for b in plan.blocks)
        assert {i for b in variant.blocks for i in b.fact_ids} == \
            {i for b in plan.blocks for i in b.fact_ids}  # every fact keeps its one block
        assert all(b.angle is angle for b in variant.blocks) and variant.angle is angle
        orders[angle] = kinds
    if B.Specifications in orders[CopyAngle.spec]:
        assert orders[CopyAngle.spec][1] is B.Specifications
    if {B.KeyFeatures, B.Specifications, B.UsageGuide} <= set(orders[CopyAngle.spec]):
        assert len({tuple(o) for o in orders.values()}) == 3


@pytest.mark.parametrize("name", sorted(all_samples()))
def test_the_introduction_is_framed_by_the_angle_and_stays_grounded(name):
    facts, plan = _plan(name)
    intros = {}
    for angle in (None, *CopyAngle):
        variant = angle_plan(plan, angle) if angle else plan
        intro = next(b for b in variant.blocks if b.block_type is B.Introduction)
        slots = build_slots(intro, facts)
        verdict = check_block(slots.model_dump(mode="json"), intro, facts)
        assert not verdict.invented_numbers and not verdict.invented_claims, verdict
        assert verdict.coverage == check_block(
            build_slots(next(b for b in plan.blocks if b.block_type is B.Introduction), facts)
            .model_dump(mode="json"), intro, facts).coverage  # same facts said
        intros[angle] = slots.subheadline
    assert len(set(intros.values())) == 4, intros


def test_labels_and_default_angles():
    assert [label(a) for a in CopyAngle] == ["혜택 중심 변형", "스토리 중심 변형", "스펙 중심 변형"]
    assert variant_angles(4, None) == [CopyAngle.benefit, CopyAngle.story, CopyAngle.spec,
                                       CopyAngle.benefit]
    assert variant_angles(2, [CopyAngle.spec]) == [CopyAngle.spec, CopyAngle.spec]
