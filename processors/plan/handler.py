"""Stage 1 — plan a page for a generation request, store the plan once, announce it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from sqlalchemy.orm import Session

from infra.db import tasks as task_repo
from infra.db import templates as template_repo
from pagelogic import messages
from pagelogic.blocks import labels
from pagelogic.facts import advice as advise
from pagelogic.facts.extract import extract_facts
from pagelogic.facts.language import page_language
from pagelogic.failures import SellerFacing
from pagelogic.grounding.check import ground_plan
from pagelogic.images.photo import attach_photo
from pagelogic.library.search import style_query
from pagelogic.plan.banned import scrub_plan
from pagelogic.plan.logic import placed_ids, without_empty_blocks
from pagelogic.plan.seo import derive_seo
from processors.plan.fanout import fan_out_new_plan, handle_plan
from processors.plan.notice_step import add_info_notice, category_name, split_notice
from processors.plan.photo import store_photo
from processors.providers.usage import metering, summarize
from processors.runtime import Runtime
from schemas.api import GenerationRequest, TaskStatus
from schemas.controls import SellerControls
from schemas.events import GenerationRequested, PagePlanned
from schemas.facts import ProductFacts
from schemas.plan import BlockType, PagePlan
from schemas.quality import SellerWarning


class PlanningError(SellerFacing):
    """The request cannot be planned (a permanent problem, not worth a retry); the message
    is the seller's."""


def _chosen_templates(session: Session, request: GenerationRequest) -> list[tuple[int, str, int]]:
    """(template id, block type, version) in the seller's order, or [] for automatic choice."""
    try:
        ids = request.template_ids or (
            template_repo.set_template_ids(session, request.template_set_id)
            if request.template_set_id else [])
        return [(t.id, t.block_type, t.version) for t in template_repo.by_ids(session, ids)] \
            if ids else []
    except LookupError as exc:
        raise PlanningError("선택한 템플릿이나 템플릿 세트를 찾을 수 없습니다. 목록에서 다시 "
                            "고르거나 자동 선택으로 다시 요청해 주세요.") from exc


def _assign_templates(session: Session, plan: PagePlan, category: str | None,
                      chosen: list[tuple[int, str, int]], notice: bool) -> tuple[int, int] | None:
    """Templates for the plan's blocks; with ``notice``, the InfoNotice template is chosen
    in the same ranking query (one query and one feedback read per page, not two) and
    returned."""
    if chosen:
        for block, (tid, _, version) in zip(plan.blocks, chosen):
            block.template_id, block.template_version = tid, version
        return None
    types = [b.block_type.value for b in plan.blocks]
    if notice:
        types.append(BlockType.InfoNotice.value)
    best = template_repo.best_for_block_types(session, types, category,
                                              style_query(plan.style, category))
    for block in plan.blocks:
        template = best.get(block.block_type.value)
        if template is None:
            name = messages.table("BLOCK_TYPES").get(block.block_type.value,
                                                     block.block_type.value)
            raise PlanningError(f"'{name}' 블록에 쓸 템플릿이 라이브러리에 "
                                "없습니다. 다른 템플릿 세트를 고르거나 관리자에게 템플릿 "
                                "추가를 요청해 주세요.")
        block.template_id, block.template_version = template.id, template.version
    found = best.get(BlockType.InfoNotice.value) if notice else None
    return (found.id, found.version) if found else None


def apply_controls(plan: PagePlan, facts: ProductFacts,
                   controls: SellerControls | None,
                   advice: list[SellerWarning] | None = None) -> PagePlan:
    """Grounded titles, language, SEO fields (derived when the planner gave none or they
    were not grounded), banned words, and what the seller is told and asked."""
    plan, warnings = ground_plan(plan, facts, labels.TITLES[labels.lang_of(facts.language)])
    plan = plan.model_copy(update={"controls": controls, "warnings": warnings,
                                   "language": facts.language,
                                   "advice": [*(advice or []), *advise.warnings(facts),
                                              *advise.left_out(facts, placed_ids(plan))],
                                   "questions": advise.questions(facts),
                                   "seo": plan.seo or derive_seo(facts, plan.title)})
    if controls and controls.banned_words:
        plan = scrub_plan(plan, controls.banned_words)
    return plan


def page_facts(request: GenerationRequest, can_translate: bool
               ) -> tuple[ProductFacts, list[SellerWarning]]:
    """The request's facts with the page language decided (the input's unless translated)."""
    facts = extract_facts(request)
    language, notes = page_language(facts.input_language, request.controls, can_translate)
    facts.language = language
    return facts, [SellerWarning.model_validate(n) for n in notes]


def trim_template_set(plan: PagePlan, chosen: list[tuple[int, str, int]]
                      ) -> tuple[PagePlan, list[tuple[int, str, int]], list[BlockType]]:
    """A set's blocks this product has nothing for are left out, with the template choice
    kept aligned; returns the skipped block types for the seller's warning."""
    trimmed, kept = without_empty_blocks(plan)
    skipped = [b.block_type for i, b in enumerate(plan.blocks) if i not in kept]
    return trimmed, [chosen[i] for i in kept if i < len(chosen)], skipped


def _place_and_save(session: Session, task_id: str, user_id: str, plan: PagePlan,
                    request: GenerationRequest, facts: ProductFacts,
                    chosen: list[tuple[int, str, int]], notice_template: tuple[int, int] | None,
                    cost: dict) -> PagePlan | None:
    """Templates, the notice block and the plan itself in one transaction; returns the plan
    stored (this one, or the one a concurrent delivery of the request stored first; None
    when the task finished meanwhile)."""
    name = category_name(session, request.category)
    # The notice's template is ranked with the others when it would be ranked the same way.
    together = notice_template is None and not chosen and name == facts.category
    found = _assign_templates(session, plan, facts.category, chosen, together)
    plan = add_info_notice(session, plan, request, user_id, notice_template or found,
                           name=name, count=False)
    template_repo.count_usage(session, sorted({b.template_id for b in plan.blocks
                                               if b.template_id}))
    # The planning cost rides along with the stored plan (PagePlan ignores the extra key).
    plan_json = plan.model_dump(mode="json") | {"cost": cost}
    stored = task_repo.save_plan(session, task_id, plan_json, facts.model_dump(mode="json"),
                                 len(plan.blocks), len(plan.images))
    if stored is None:
        return None
    return plan if stored is plan_json else PagePlan.model_validate(stored)


async def _planned(rt: Runtime, task: task_repo.Planning, call: Awaitable[PagePlan]) -> PagePlan:
    """The planner's answer. The task is shown as 'planning' (a write, a history row and a
    status event) only when the planner takes longer than PDP_PLANNING_MARK_AFTER_S: a plan
    ready before anyone could see that state goes from accepted to planned in the one
    transaction that stores it, so a request costs one write, not two."""
    job = asyncio.ensure_future(call)
    try:
        await asyncio.wait({job}, timeout=rt.settings.planning_mark_after_s)
        if not job.done():
            progress = await rt.db(task_repo.mark_planning, task.id)
            if progress is not None:
                await rt.status(task.id, task.user_id, TaskStatus.processing, "planning",
                                progress)
        return await job
    except BaseException:
        job.cancel()
        raise


async def _plan_and_store(rt: Runtime, task: task_repo.Planning, request: GenerationRequest,
                          chosen_all: list[tuple[int, str, int]]
                          ) -> tuple[PagePlan | None, ProductFacts]:
    """Plan the page once: facts and language, the planner, the template choice."""
    controls = request.controls
    facts, advice = page_facts(request, rt.providers.name != "offline")
    # The notice is not the planner's: it is added last, filled from the notice data.
    chosen, notice_template = split_notice(chosen_all)
    chosen_types = [BlockType(block_type) for _, block_type, _ in chosen] or None
    with metering() as calls:
        # Controls only when given: planners written before them still fit.
        plan = await _planned(rt, task, rt.providers.planner.plan(
            facts, chosen_types, **({"controls": controls} if controls else {})))
    if request.template_set_id and not request.template_ids:
        plan, chosen, skipped = trim_template_set(plan, chosen)
        advice += advise.skipped_blocks(skipped)
    plan = apply_controls(plan, facts, controls, advice)
    if request.product_image_url:
        plan = attach_photo(plan, *await store_photo(rt, task.user_id, request.product_image_url))
    stored = await rt.db(_place_and_save, task.id, task.user_id, plan, request, facts, chosen,
                         notice_template, summarize(calls).model_dump(mode="json"))
    return stored, facts


def _begin(session: Session, msg: GenerationRequested
           ) -> tuple[task_repo.Planning | None, list]:
    """The task (created only if the gateway's row is missing) and, when it still needs a
    plan, the seller's template choice: one read."""
    task = task_repo.begin_planning(session, msg.task_id, msg.user_id,
                                    lambda: msg.request.model_dump(mode="json"))
    if task is None or task.plan is not None:
        return task, []
    return task, _chosen_templates(session, msg.request)


async def handle_request(rt: Runtime, msg: GenerationRequested) -> None:
    task, chosen = await rt.db(_begin, msg)
    if task is None:
        return  # already completed or failed: a redelivery, nothing to do
    if task.plan is None:
        plan, facts = await _plan_and_store(rt, task, msg.request, chosen)
        if plan is None:
            return  # failed or completed while it was being planned
        planned = PagePlanned(task_id=task.id, user_id=task.user_id, plan=plan, facts=facts)
        await fan_out_new_plan(rt, planned)  # no part of it is stored yet
    else:  # a redelivery after the plan was stored: send only the parts still missing
        planned = PagePlanned(task_id=task.id, user_id=task.user_id,
                              plan=PagePlan.model_validate(task.plan),
                              facts=ProductFacts.model_validate(task.facts))
        await handle_plan(rt, planned)
    await rt.status(task.id, task.user_id, TaskStatus.processing, "planned", 10)
