"""The original design, rebuilt for comparison: one FastAPI request handler that runs every
stage in sequence — plan, one call per block, one per image, assembly, storage — and answers
only when the page is done (the seed's service, minus ChromaDB and the local ML libraries).

It makes the same page as the pipeline — facts and page language, the plan with the
seller's controls applied, the InfoNotice block filled from the product text and the seller's
shipping settings, every block written through the grounding check, the quality report and
the seller's warnings — by calling the same pure stage logic (pagelogic/, the grounded
writer), the same offline provider with the same latency model and the same PostgreSQL
repositories, so the only difference measured is the design. (Until 2026-12-01 it skipped
grounding, the notice, the quality report and the warnings, which made the pipeline look
~1.6× costlier per page than the design alone accounts for; bench/FINDINGS.md §12.) Provider calls are awaited (the event loop keeps serving other requests), which is
the *generous* reading of the original. With ``PDP_BENCH_BASELINE_BLOCKING=1`` each call
instead blocks the event loop for its sampled latency, as a synchronous SDK call inside
``async def`` does — the likely reason the seed saw 10 s become 60 s at three requests.

Run: ``python -m bench.baseline --port 8100`` (DATABASE_URL and PDP_OFFLINE_* from env).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import uvicorn
from fastapi import FastAPI, Header

from infra.db import pages as page_repo
from infra.db import tasks as task_repo
from infra.db import templates as template_repo
from infra.db.session import make_engine, make_sessionmaker, transaction
from infra.settings import Settings
from infra.storage import LocalStorage
from pagelogic.assemble.logic import assemble_page, seller_warnings
from pagelogic.blocks.render import render_block
from pagelogic.quality.report import page_quality
from processors.blocks.grounded import coverage_floor, write_grounded
from processors.blocks.notice import write_notice
from processors.plan.handler import _assign_templates, apply_controls, page_facts
from processors.plan.notice_step import add_info_notice, category_name
from processors.providers.bootstrap import build_providers
from processors.providers.latency import LatencyModel, block_key, image_key, plan_key
from schemas.api import GenerationRequest
from schemas.plan import BlockType, PagePlan

T = TypeVar("T")


def create_app(settings: Settings) -> FastAPI:
    sessions = make_sessionmaker(make_engine(settings.database_url))
    blocking = os.environ.get("PDP_BENCH_BASELINE_BLOCKING") == "1"
    llm = LatencyModel(settings.offline_llm_latency_ms, settings.offline_llm_latency_sigma,
                       settings.offline_latency_seed)
    image_latency = LatencyModel(settings.offline_image_latency_ms,
                                 settings.offline_image_latency_sigma,
                                 settings.offline_latency_seed)
    if blocking:  # the providers answer at once; the handler blocks for the latency instead
        settings = settings.model_copy(update={"offline_llm_latency_ms": 0.0,
                                               "offline_image_latency_ms": 0.0})
    providers = build_providers(settings)

    def block_for(model: LatencyModel, key: str) -> None:
        if blocking:
            time.sleep(model.sample_ms(key) / 1000)
    storage = LocalStorage(settings.media_path)

    async def db(fn: Callable[..., T], *args: Any) -> T:
        def work() -> T:
            with transaction(sessions) as session:
                return fn(session, *args)
        return await asyncio.to_thread(work)

    def templates_for(session, plan: PagePlan, request: GenerationRequest, user_id: str,
                      category: str | None) -> tuple[PagePlan, dict[int, str]]:
        """The pipeline's template choice and notice block, and each block's template HTML."""
        found = _assign_templates(session, plan, category, [], True)
        plan = add_info_notice(session, plan, request, user_id, found,
                               name=category_name(session, request.category), count=False)
        ids = sorted({b.template_id for b in plan.blocks if b.template_id})
        template_repo.count_usage(session, ids)
        html = template_repo.html_by_versions(
            session, sorted({(b.template_id, b.template_version) for b in plan.blocks}))
        return plan, {b.index: html[(b.template_id, b.template_version)] for b in plan.blocks}

    def store(session, task_id: str, user_id: str, request: dict, plan: dict, facts: dict,
              page: Any, n_blocks: int, n_images: int) -> int:
        task = task_repo.create(session, task_id, user_id, request)
        task.plan, task.facts = plan, facts
        task.blocks_total = task.blocks_done = n_blocks
        task.images_total = task.images_done = n_images
        page_id = page_repo.store_page(session, task, page)
        task_repo.complete(session, task_id)
        return page_id

    app = FastAPI(title="original design (sequential baseline)")

    @app.get("/ready")
    async def ready() -> dict:
        return {"status": "UP"}

    @app.post("/api/generation/display-list")
    async def display_list(body: GenerationRequest,
                           x_user_id: str = Header(alias="X-User-Id")) -> dict:
        facts, advice = page_facts(body, False)
        controls = body.controls
        block_for(llm, plan_key(facts.name))
        plan = await providers.planner.plan(facts, None,
                                            **({"controls": controls} if controls else {}))
        plan = apply_controls(plan, facts, controls, advice)
        plan, html_of = await db(templates_for, plan, body, x_user_id, facts.category)
        floor = coverage_floor(settings.grounding_min_coverage, controls)
        blocks: dict[int, dict] = {}
        for block in plan.blocks:  # one LLM call per block, in sequence
            notice = block.block_type is BlockType.InfoNotice
            if not notice:
                block_for(llm, block_key(facts.name, block.index))
            written = write_notice(block) if notice else await write_grounded(
                providers.writer, block, facts, plan.style, action=settings.grounding_action,
                controls=controls, min_coverage=floor)
            html = "" if written.dropped else render_block(
                html_of[block.index], written.slots, index=block.index,
                block_type=block.block_type.value)
            blocks[block.index] = {
                "index": block.index, "block_type": block.block_type.value, "html": html,
                "template_id": block.template_id, "template_version": block.template_version,
                "dropped": written.dropped, "warning": written.warning,
                "banned_removed": written.banned_removed,
                "grounding": written.verdict.model_dump(mode="json") if written.verdict
                else None}
        images: dict[int, dict] = {}
        for image in plan.images:  # then one image call per image, in sequence
            block_for(image_latency, image_key(facts.name, image.index))
            made = await providers.images.make(image, facts.name, plan.style.palette.primary,
                                               plan.style.palette.background)
            url = await asyncio.to_thread(storage.put, made.data, made.extension)
            images[image.index] = {"index": image.index, "url": url, "alt": image.alt,
                                   "kind": image.kind.value, "width": made.width,
                                   "height": made.height, "mime": made.mime,
                                   "prompt": image.prompt}
        page = assemble_page(plan, blocks, images)
        notes = seller_warnings(plan, page.blocks, page.notes)
        shown = [m["block_type"] for m in page.blocks if not m.get("dropped")]
        page.quality = page_quality(plan, facts, page.html_list, warnings=len(notes),
                                    block_types=shown).model_dump(mode="json")
        task_id = uuid.uuid4().hex
        page_id = await db(store, task_id, x_user_id, body.model_dump(mode="json"),
                           plan.model_dump(mode="json"), facts.model_dump(mode="json"), page,
                           len(plan.blocks), len(plan.images))
        return {"task_id": task_id, "page_id": page_id, "title": page.title,
                "html_list": page.html_list, "images": page.images,
                "warnings": [n.model_dump(mode="json") if hasattr(n, "model_dump") else n
                             for n in notes], "quality": page.quality}

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    settings = Settings()
    uvicorn.run(create_app(settings), host="127.0.0.1", port=args.port, log_level="warning",
                access_log=False)


if __name__ == "__main__":
    main()
