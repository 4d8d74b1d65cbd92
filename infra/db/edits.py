"""Edit tasks: turn an edit of a stored page into a pipeline task whose unchanged parts are
already recorded, so the stage handlers only redo what the edit changed."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from infra.db import page_versions as versions
from infra.db import tasks as task_repo
from infra.db import templates as template_repo
from infra.db.models import ProductDetail, Task, TaskPart
from pagelogic import messages
from pagelogic.edits.compose import rebase
from pagelogic.edits.plan_ops import Edit, EditRefused
from pagelogic.library.search import style_query
from pagelogic.plan import angles
from schemas.plan import BlockType, PagePlan


def owned_page(session: Session, user_id: str, page_id: int) -> ProductDetail | None:
    page = session.get(ProductDetail, page_id)
    return page if page is not None and page.user_id == user_id else None


def template_for(session: Session, block_type: str, template_id: int | None,
                 plan: PagePlan) -> tuple[int, int]:
    """(id, version) of the chosen template, or the best match for the block type."""
    if template_id is not None:
        try:
            template = template_repo.by_ids(session, [template_id])[0]
        except LookupError as exc:
            raise EditRefused("template_missing") from exc
        if template.block_type != block_type:
            raise EditRefused("template_type", template_type=template.block_type,
                              block_type=block_type)
        return template.id, template.version
    best = template_repo.best_for_block_types(session, [block_type], None, style_query(plan.style))
    if block_type not in best:
        raise EditRefused("no_template", block_type=block_type)
    return best[block_type].id, best[block_type].version


def source_of(session: Session, page: ProductDetail) -> tuple[PagePlan, dict, dict]:
    """The page's current plan, raw parts and the facts it was generated from (the task that
    made the current version: after a product update, the updated product's facts)."""
    current = page.current
    origin = session.get(Task, current.task_id) if current.task_id else None
    if origin is None or origin.facts is None:
        origin = session.get(Task, page.task_id)
    if origin is None or origin.facts is None:
        raise EditRefused("no_state")
    return (PagePlan.model_validate(current.plan), versions.parts_of(session, current),
            origin.facts)


def create_task(session: Session, user_id: str, plan: PagePlan, facts: dict,
                blocks: dict[int, dict], images: dict[int, dict], note: str,
                edit_page_id: int | None, product_id: int | None,
                variant: dict | None = None) -> str:
    """A planned task with the kept parts recorded; the caller publishes its PagePlanned.
    ``variant``: {variant_of, variant_label} for a variant, stored with its new page."""
    task_id = uuid.uuid4().hex
    wanted_blocks = {b.index for b in plan.blocks}
    wanted_images = {i.index for i in plan.images}
    kept_blocks = sorted(i for i in blocks if i in wanted_blocks)
    kept_images = sorted(i for i in images if i in wanted_images)
    task = task_repo.create(session, task_id, user_id, {"edit": {
        "note": note, "kept_blocks": kept_blocks, "kept_images": kept_images, **(variant or {})}})
    task.status, task.stage, task.progress = "processing", "rendering", 10
    task.plan, task.facts = plan.model_dump(mode="json"), facts
    task.blocks_total, task.images_total = len(plan.blocks), len(plan.images)
    task.edit_page_id, task.product_id = edit_page_id, product_id
    session.flush()
    kept = [("block", i, blocks[i]) for i in kept_blocks] + \
           [("image", i, images[i]) for i in kept_images]
    for kind, idx, payload in kept:
        session.execute(insert(TaskPart).values(task_id=task_id, kind=kind, idx=idx,
                                                payload=payload))
    task.blocks_done = sum(1 for k, _, _ in kept if k == "block")
    task.images_done = sum(1 for k, _, _ in kept if k == "image")
    task_repo.snapshot(session, task_id)
    return task_id


def start_edit(session: Session, user_id: str, page_id: int,
               make: Callable[[Session, PagePlan, dict], Edit]) -> tuple[str, dict, dict] | None:
    """Run ``make`` on the page's current state; returns (task id, plan, facts) or None when
    the page is not this user's."""
    page = owned_page(session, user_id, page_id)
    if page is None:
        return None
    plan, parts, facts = source_of(session, page)
    edit = make(session, plan, parts)
    task_id = create_task(session, user_id, edit.plan, facts, edit.blocks, edit.images,
                          edit.note, page.id, page.product_id)
    return task_id, edit.plan.model_dump(mode="json"), facts


# Legal text keeps its one layout: a variant changes how the page sells, not the notices.
_FIXED_LAYOUT = {BlockType.InfoNotice.value, BlockType.Notice.value}


def _other_layouts(session: Session, plan: PagePlan, category: str | None,
                   used: set[int]) -> None:
    """Give the plan's blocks templates not used yet by the source page or an earlier
    variant of this request, where the library has one (``used`` grows)."""
    types = [b.block_type.value for b in plan.blocks if b.block_type.value not in _FIXED_LAYOUT]
    other = template_repo.alternatives(session, types, category, style_query(plan.style, category),
                                       used)
    for block in plan.blocks:
        template = other.get(block.block_type.value)
        if template is not None and block.block_type.value not in _FIXED_LAYOUT:
            block.template_id, block.template_version = template.id, template.version
            used.add(template.id)


def start_variants(session: Session, user_id: str, page_id: int, choices: list
                   ) -> list[tuple[str, dict, dict, str, str]] | None:
    """One new page per (angle, style concept): the blocks in the angle's order with its
    framing, other templates where the library has them, everything re-rendered. Each new
    page records the page it came from (variant_of) and its label."""
    page = owned_page(session, user_id, page_id)
    if page is None:
        return None
    plan, _, facts = source_of(session, page)
    category = facts.get("category")
    used = {b.template_id for b in plan.blocks if b.template_id}
    labels = [angles.label(angle) for angle, _ in choices]
    out = []
    for (angle, style), label in zip(choices, labels):
        if labels.count(label) > 1:  # the same angle twice: the style tells them apart
            label = f"{label} · {style.concept_name}"
        variant = angles.angle_plan(plan, angle)
        variant.style = style
        _other_layouts(session, variant, category, used)
        task_id = create_task(session, user_id, variant, facts, {}, {},
                              messages.note("variant", label=label, source=page.id), None,
                              page.product_id, {"variant_of": page.id, "variant_label": label})
        out.append((task_id, variant.model_dump(mode="json"), facts, style.concept_name, label))
    return out


def rebase_on_latest(session: Session, task: Task) -> None:
    """Before an edit task is assembled: the parts it kept become the page's latest version's
    (a hand edit or another edit may have been stored while it ran). The page row is locked
    until the version is stored, so nothing slips in between. A re-run assembly of a stored
    version changes nothing (it must announce the version it stored)."""
    page = versions.lock_page(session, task.edit_page_id)
    latest = page.current if page is not None else None
    if latest is None or versions.version_of_task(session, task.id) is not None:
        return
    edit = (task.request or {}).get("edit", {})
    blocks, images = task_repo.parts(session, task.id)
    rebased = rebase(task.plan, blocks, images, latest.plan, versions.parts_of(session, latest),
                     set(edit.get("kept_blocks", [])), set(edit.get("kept_images", [])))
    task.plan = rebased.plan
    for kind, ours, theirs in (("block", blocks, rebased.blocks),
                               ("image", images, rebased.images)):
        for idx in (i for i in ours if ours[i] != theirs[i]):
            session.execute(update(TaskPart).where(
                TaskPart.task_id == task.id, TaskPart.kind == kind, TaskPart.idx == idx)
                .values(payload=theirs[idx]))
    session.flush()
