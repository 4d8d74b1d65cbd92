"""Plan stage: end every page with the InfoNotice block (상품정보제공고시 + 배송/교환/반품),
whatever the planner (offline or LLM) or the seller's template choice produced. The notice is
filled here, where the raw product text and the seller's settings are at hand, and travels on
the block to the block stage, which only renders it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from infra.db import products as product_repo
from infra.db import templates as template_repo
from infra.db.models import Category
from pagelogic.library.search import style_query
from pagelogic.notice.slots import HEADING, fill_for_request
from pagelogic.plan.banned import scrub_notice
from schemas.api import GenerationRequest
from schemas.plan import BlockPlan, BlockType, PagePlan

MAX_BLOCKS = 20  # PagePlan.blocks


def split_notice(chosen: list[tuple[int, str, int]]
                 ) -> tuple[list[tuple[int, str, int]], tuple[int, int] | None]:
    """The seller's templates without InfoNotice ones (the notice always goes last), and the
    InfoNotice template they picked, if any."""
    notice = next(((t, v) for t, kind, v in chosen if kind == BlockType.InfoNotice.value), None)
    return [c for c in chosen if c[1] != BlockType.InfoNotice.value], notice


def category_name(session: Session, category: str | None) -> str | None:
    """A request may name a library category by id ("3"): the mapping needs its name."""
    if category and category.strip().isdigit():
        found = session.get(Category, int(category))
        return found.name if found else None
    return category


def add_info_notice(session: Session, plan: PagePlan, request: GenerationRequest, user_id: str,
                    template: tuple[int, int] | None = None) -> PagePlan:
    name = category_name(session, request.category)
    fill = fill_for_request(request, product_repo.shipping_settings(session, user_id), name)
    fill, removed = scrub_notice(fill, plan.controls.banned_words if plan.controls else [])
    if template is None:
        best = template_repo.best_for_block_types(
            session, [BlockType.InfoNotice.value], name, style_query(plan.style, name))
        found = best.get(BlockType.InfoNotice.value)
        template = (found.id, found.version) if found else None
    if template is None:
        return plan  # a library without InfoNotice templates: the page stays as planned
    template_repo.count_usage(session, [template[0]])
    blocks = [b for b in plan.blocks if b.block_type is not BlockType.InfoNotice]
    blocks = blocks[:MAX_BLOCKS - 1]
    index = max((b.index for b in blocks), default=-1) + 1
    blocks.append(BlockPlan(index=index, block_type=BlockType.InfoNotice, title=HEADING,
                            purpose="상품정보제공고시와 배송/교환/반품 안내",
                            template_id=template[0], template_version=template[1],
                            notice=fill))
    return plan.model_copy(update={"blocks": blocks,
                                   "banned_removed": [*plan.banned_removed, *removed]})
