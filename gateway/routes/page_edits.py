"""Edits of a stored page that go through the pipeline. Each becomes a task whose unchanged
parts are pre-recorded (infra/db/edits.py); the gateway publishes its PagePlanned, the usual
fan-out sends only the missing block/image to the block/image stages, and the assembler stores
the result as the page's next version. Answers 202 with the task id (poll status as usual)."""

from __future__ import annotations

from fastapi import APIRouter

from gateway.deps import State, UserId
from gateway.errors import found
from infra.db import edits
from infra.db import tasks as task_repo
from pagelogic import messages
from pagelogic.edits import plan_ops
from pagelogic.plan.angles import variant_angles
from pagelogic.plan.style import all_concepts
from producers.kafka import BrokerUnavailable
from schemas import topics
from schemas.events import PagePlanned
from schemas.facts import ProductFacts
from schemas.plan import PagePlan
from schemas.resources import (
    AddBlock,
    EditAccepted,
    RegenerateBlock,
    ReorderBlocks,
    ReplaceImage,
    StyleVariants,
    VariantsAccepted,
)

router = APIRouter(prefix="/api/product-details", tags=["page edits"])
STATUS_URL = "/api/generation/generation/status/"


async def _publish(state, task_id: str, user_id: str, plan: dict, facts: dict) -> None:
    event = PagePlanned(task_id=task_id, user_id=user_id, plan=PagePlan.model_validate(plan),
                        facts=ProductFacts.model_validate(facts))
    try:
        await state.publisher.send(state.settings.topic(topics.PLANS.name), event.to_bytes(),
                                   key=task_id)
    except BrokerUnavailable:
        await state.db(task_repo.fail, task_id, messages.t("fail.not_accepted"))
        raise


async def _edit(state, user_id: str, page_id: int, make) -> EditAccepted:
    await state.limiter.check(user_id, "generate")
    started = found(await state.db(edits.start_edit, user_id, page_id, make), "page")
    task_id, plan, facts = started
    await _publish(state, task_id, user_id, plan, facts)
    return EditAccepted(task_id=task_id, page_id=page_id, status_url=STATUS_URL + task_id)


@router.post("/{page_id}/blocks/{index}/regenerate", status_code=202,
             summary="Regenerate one block (optionally with an instruction or another template)")
async def regenerate_block(page_id: int, index: int, body: RegenerateBlock, state: State,
                           user_id: UserId) -> EditAccepted:
    def make(session, plan, parts):
        block = next((b for b in plan.blocks if b.index == index), None)
        if block is None:
            raise plan_ops.EditRefused("no_block", position=index + 1)
        template = edits.template_for(session, block.block_type.value, body.template_id, plan) \
            if body.template_id else None
        return plan_ops.regenerate_block(plan, parts, index, body.instruction, template, body.title)
    return await _edit(state, user_id, page_id, make)


@router.post("/{page_id}/blocks", status_code=202, summary="Add a block at a position")
async def add_block(page_id: int, body: AddBlock, state: State, user_id: UserId) -> EditAccepted:
    def make(session, plan, parts):
        template = edits.template_for(session, body.block_type.value, body.template_id, plan)
        return plan_ops.add_block(plan, parts, body.block_type, body.position, body.title,
                                  body.instruction, template)
    return await _edit(state, user_id, page_id, make)


@router.delete("/{page_id}/blocks/{index}", status_code=202, summary="Delete a block")
async def delete_block(page_id: int, index: int, state: State, user_id: UserId) -> EditAccepted:
    return await _edit(state, user_id, page_id,
                       lambda session, plan, parts: plan_ops.delete_block(plan, parts, index))


@router.put("/{page_id}/blocks/order", status_code=202, summary="Reorder the blocks")
async def reorder_blocks(page_id: int, body: ReorderBlocks, state: State,
                         user_id: UserId) -> EditAccepted:
    return await _edit(state, user_id, page_id,
                       lambda session, plan, parts: plan_ops.reorder_blocks(plan, parts, body.order))


@router.post("/{page_id}/images/{index}/replace", status_code=202,
             summary="Replace one image (generate from a prompt, or edit with a prompt)")
async def replace_image(page_id: int, index: int, body: ReplaceImage, state: State,
                        user_id: UserId) -> EditAccepted:
    return await _edit(state, user_id, page_id, lambda session, plan, parts: plan_ops.replace_image(
        plan, parts, index, body.prompt, body.kind, body.reference_url, body.alt))


@router.post("/{page_id}/variants", status_code=202,
             summary="Generate N variant pages: other copy angle, layout and style concept")
async def style_variants(page_id: int, body: StyleVariants, state: State,
                         user_id: UserId) -> VariantsAccepted:
    """Each variant is a new page linked to this one (variant_of) and labelled by its copy
    angle (benefit-, story- or spec-led): blocks in the angle's order, the introduction
    framed by it, other templates where the library has them, another style concept."""
    await state.limiter.check(user_id, "generate")

    def run(session):
        page = edits.owned_page(session, user_id, page_id)
        if page is None:
            return None
        current = (page.plan or {}).get("style", {}).get("concept_name")
        styles = [c for c in all_concepts() if c.concept_name != current][:body.count]
        chosen = variant_angles(body.count, body.angles)
        return edits.start_variants(session, user_id, page_id, list(zip(chosen, styles))), chosen
    started, chosen = found(await state.db(run), "page")
    for task_id, plan, facts, _, _ in started:
        await _publish(state, task_id, user_id, plan, facts)
    return VariantsAccepted(task_ids=[s[0] for s in started], concepts=[s[3] for s in started],
                            angles=chosen, labels=[s[4] for s in started], variant_of=page_id)
