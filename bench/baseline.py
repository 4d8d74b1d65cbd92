"""The original design, rebuilt for comparison: one FastAPI request handler that runs every
stage in sequence — plan, one call per block, one per image, assembly, storage — and answers
only when the page is done (the seed's service, minus ChromaDB and the local ML libraries).

It calls the same pure stage logic, the same offline provider with the same latency model
and the same PostgreSQL repositories as the pipeline, so the only difference measured is the
design. Provider calls are awaited (the event loop keeps serving other requests), which is
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
from pagelogic.assemble.logic import assemble_page
from pagelogic.blocks.render import render_block
from pagelogic.facts.extract import extract_facts
from processors.providers.bootstrap import build_providers
from processors.providers.latency import LatencyModel, block_key, image_key, plan_key
from schemas.api import GenerationRequest

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

    def templates_for(session, block_types: list[str], category: str | None) -> dict:
        chosen = template_repo.best_for_block_types(session, block_types, category)
        return {k: (t.id, t.template_html, t.version) for k, t in chosen.items()}

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
        facts = extract_facts(body)
        block_for(llm, plan_key(facts.name))
        plan = await providers.planner.plan(facts, None)
        templates = await db(templates_for, [b.block_type.value for b in plan.blocks],
                             facts.category)
        blocks: dict[int, dict] = {}
        for block in plan.blocks:  # one LLM call per block, in sequence
            template_id, html, version = templates[block.block_type.value]
            block_for(llm, block_key(facts.name, block.index))
            slots = await providers.writer.write(block, facts, plan.style)
            blocks[block.index] = {"html": render_block(html, slots, index=block.index,
                                                        block_type=block.block_type.value),
                                   "template_id": template_id, "template_version": version}
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
        task_id = uuid.uuid4().hex
        page_id = await db(store, task_id, x_user_id, body.model_dump(mode="json"),
                           plan.model_dump(mode="json"), facts.model_dump(mode="json"), page,
                           len(plan.blocks), len(plan.images))
        return {"task_id": task_id, "page_id": page_id, "title": page.title,
                "html_list": page.html_list, "images": page.images}

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
