"""The fanned-out plans a worker keeps for its block stage (processors/plan_cache.py): a block
is written from the same block, style, controls and facts the stored plan holds, the cache
stays bounded, and assembly's drop frees a page's entry."""

from __future__ import annotations

from types import SimpleNamespace

from pagelogic.facts.extract import extract_facts
from pagelogic.plan.logic import plan_page
from processors.blocks.handler import _from_cache
from processors.plan_cache import PlanCache
from schemas.api import GenerationRequest
from schemas.events import BlockRequested
from tests.integration.support import all_samples


def _plan():
    body = next(iter(all_samples().values()))
    facts = extract_facts(GenerationRequest.model_validate(body))
    return plan_page(facts), facts


def test_a_block_comes_from_the_fanned_out_plan_with_its_own_facts():
    plan, facts = _plan()
    block = plan.blocks[-1]
    rt = SimpleNamespace(plans=PlanCache(), template_cache={(7, 2): "<section></section>"})
    msg = BlockRequested(task_id="t1", index=block.index, template_id=7, template_version=2)
    assert _from_cache(rt, msg) is None  # not fanned out here: read from PostgreSQL
    rt.plans.put("t1", plan, facts, "seller-a")
    job = _from_cache(rt, msg)
    assert job is not None
    assert (job.block, job.style, job.facts, job.controls, job.template_html) == (
        block, plan.style, facts, plan.controls, "<section></section>")
    # A template version this worker has not read yet: the stored read fetches it.
    other = msg.model_copy(update={"template_version": 3})
    assert _from_cache(rt, other) is None
    # An index the plan does not have is no block at all, not a neighbour's.
    assert _from_cache(rt, msg.model_copy(update={"index": 999})) is None


def test_the_cache_is_bounded_and_assembly_frees_a_page():
    plan, facts = _plan()
    cache = PlanCache(capacity=3)
    for n in range(5):
        cache.put(f"t{n}", plan, facts, "seller-a")
    assert len(cache) == 3 and cache.get("t0") is None and cache.get("t4") is not None
    cache.drop("t4")
    assert cache.get("t4") is None and len(cache) == 2


def test_a_new_plans_parts_skip_the_start_read_once_and_only_once():
    """The first delivery of a part the plan stage just sent needs no read; a second
    delivery (a redelivery) of the same part, or a part of a re-driven plan, reads whether
    it is stored already, so a paid call is never repeated for a stored part."""
    plan, facts = _plan()
    cache = PlanCache()
    parts = {("block", b.index) for b in plan.blocks} | {("image", i.index) for i in plan.images}
    cache.put("new", plan, facts, "seller-a", parts)
    first = cache.claim_fresh("new", "block", plan.blocks[0].index)
    assert first is not None and first.user_id == "seller-a"
    assert cache.claim_fresh("new", "block", plan.blocks[0].index) is None  # redelivered
    assert cache.claim_fresh("new", "image", 999) is None                  # never sent
    cache.put("redriven", plan, facts, "seller-a")                          # from pdp.plans
    assert cache.claim_fresh("redriven", "block", plan.blocks[0].index) is None
    assert cache.claim_fresh("elsewhere", "block", 0) is None               # other worker's
