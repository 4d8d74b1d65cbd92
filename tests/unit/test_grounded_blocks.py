"""A block that invents facts is regenerated once, then dropped or kept with a warning; an
optional block whose provider gives up is left out; the introduction is required."""

from __future__ import annotations

import asyncio

import pytest

from pagelogic.assemble.logic import assemble_page
from pagelogic.blocks.content import fallback_slots
from pagelogic.facts.extract import extract_facts
from pagelogic.plan.logic import plan_page
from processors.blocks.grounded import write_grounded
from processors.providers.base import ProviderGaveUp
from schemas.api import GenerationRequest
from schemas.blocks import KeyFeaturesSlots, TitledText
from tests.integration.support import sample

FACTS = extract_facts(GenerationRequest.model_validate(sample("tumbler")))
PLAN = plan_page(FACTS)
INTRO, FEATURES = PLAN.blocks[0], PLAN.blocks[1]


class ScriptedWriter:
    """Hand-written fake: replies in order; an exception is raised instead of returned."""

    def __init__(self, *replies):
        self.replies, self.calls = list(replies), 0

    async def write(self, block, facts, style, controls=None):
        self.calls += 1
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply


INVENTED = KeyFeaturesSlots(heading="판매 1위", items=[TitledText(title="보온 99시간")])


def _write(writer, block, action="drop"):
    return asyncio.run(write_grounded(writer, block, FACTS, PLAN.style, action=action,
                                      min_coverage=0.8))


def test_invented_twice_is_dropped_or_kept_per_setting():
    writer = ScriptedWriter(INVENTED, INVENTED)
    written = _write(writer, FEATURES)
    assert writer.calls == 2 and written.dropped and written.verdict.action == "dropped"
    kept = _write(ScriptedWriter(INVENTED, INVENTED), FEATURES, action="warn")
    assert not kept.dropped and kept.verdict.action == "kept_with_warning" and "99" in kept.warning


def test_regeneration_that_fixes_the_block_passes():
    written = _write(ScriptedWriter(INVENTED, fallback_slots(FEATURES, FACTS)), FEATURES)
    assert written.verdict.ok and written.verdict.attempts == 2 and not written.dropped


def test_optional_block_failure_leaves_it_out_but_the_introduction_is_required():
    written = _write(ScriptedWriter(ProviderGaveUp("down")), FEATURES)
    assert written.dropped and "down" in written.warning
    with pytest.raises(ProviderGaveUp):
        _write(ScriptedWriter(ProviderGaveUp("down")), INTRO)


def test_a_dropped_block_is_left_out_of_the_page_but_listed_with_its_reason():
    blocks = {b.index: {"html": f"<p>{b.index}</p>", "dropped": b.index == 1,
                        "warning": "제외" if b.index == 1 else None} for b in PLAN.blocks}
    page = assemble_page(PLAN, blocks, {})
    assert len(page.html_list) == len(PLAN.blocks) - 1 and "<p>1</p>" not in page.html
    assert page.blocks[1]["dropped"] and page.blocks[1]["warning"] == "제외"


def test_coverage_is_only_required_when_the_page_keeps_the_input_language():
    from processors.blocks.grounded import coverage_floor
    from schemas.controls import SellerControls

    assert coverage_floor(0.8, None) == 0.8
    assert coverage_floor(0.8, SellerControls(language="ko")) == 0.8
    assert coverage_floor(0.8, SellerControls(language="en")) == 0.0
    assert coverage_floor(0.8, SellerControls(translate=True)) == 0.0
