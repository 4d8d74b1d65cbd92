"""Run the pipeline's logic in-process for one product and measure the page.

No broker, database or worker: facts → plan → slots → grounding → starter templates →
assembly, the same functions the workers call, so `pdp eval` and the corpus tests measure
what a seller would get. The offline provider by default; any configured provider (OpenAI)
through the same path when asked.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import lru_cache

from infra.db.seed import STARTER_DIR
from pagelogic.assemble.logic import (
    AssembledPage,
    assemble_page,
    seller_warnings,
    standalone_document,
)
from pagelogic.blocks.render import render_block
from pagelogic.export import inline_images
from pagelogic.images.placeholder import placeholder_svg
from pagelogic.library.folder import read_library
from pagelogic.quality.report import page_quality
from processors.blocks.grounded import coverage_floor, write_grounded
from processors.plan.handler import apply_controls, page_facts
from processors.providers.base import Providers
from processors.providers.offline import offline_providers
from schemas.api import GenerationRequest
from schemas.facts import ProductFacts
from schemas.plan import BlockType, PagePlan
from schemas.quality import PageQuality


@dataclass
class Evaluated:
    request: GenerationRequest
    facts: ProductFacts
    plan: PagePlan
    page: AssembledPage
    quality: PageQuality
    warnings: list[dict]
    image_files: dict[str, bytes]

    def document(self) -> str:
        """A standalone HTML file of the page, placeholder images inlined."""
        body = inline_images(self.page.html,
                             lambda url: (self.image_files[url], "image/svg+xml"))
        return standalone_document(self.page.title, self.page.css, body)


@lru_cache(maxsize=1)
def _library() -> dict[tuple[str, str | None], str]:
    """(block type, category) → template html: the category's starter set, else the first
    template of the type (the default path's choice without a database)."""
    library = read_library(STARTER_DIR)
    by_key = {t.key: t for t in library.templates}
    chosen: dict[tuple[str, str | None], str] = {}
    for t in library.templates:
        chosen.setdefault((t.block_type, None), t.html)
    for template_set in library.sets:
        for key in template_set["templates"]:
            t = by_key[key]
            chosen.setdefault((t.block_type, template_set["category"]), t.html)
    return chosen


def _template(block_type: BlockType, category: str | None) -> str:
    library = _library()
    return library.get((block_type.value, category)) or library[(block_type.value, None)]


def _images(plan: PagePlan, name: str) -> tuple[dict[int, dict], dict[str, bytes]]:
    """Image records as the image stage stores them (URLs under /media), and their bytes."""
    records, files = {}, {}
    for image in plan.images:
        url = f"/media/eval/{image.index}.svg"
        files[url] = placeholder_svg(name, image.alt, image.width, image.height,
                                     plan.style.palette.primary, plan.style.palette.background)
        records[image.index] = {"index": image.index, "alt": image.alt, "kind": "generate",
                                "url": url, "mime": "image/svg+xml", "width": image.width,
                                "height": image.height}
    return records, files


async def evaluate_with(providers: Providers, body: dict,
                        min_coverage: float = 0.8) -> Evaluated:
    request = GenerationRequest(**body)
    controls = request.controls
    facts, advice = page_facts(request, providers.name != "offline")
    extra = {"controls": controls} if controls else {}
    plan = await providers.planner.plan(facts, None, **extra)
    plan = apply_controls(plan, facts, controls, advice)
    blocks = {}
    for block in plan.blocks:
        written = await write_grounded(providers.writer, block, facts, plan.style, action="warn",
                                       min_coverage=coverage_floor(min_coverage, controls),
                                       controls=controls)
        html = "" if written.dropped else render_block(
            _template(block.block_type, facts.category), written.slots, index=block.index,
            block_type=block.block_type.value)
        blocks[block.index] = {"html": html, "dropped": written.dropped,
                               "warning": written.warning,
                               "banned_removed": written.banned_removed,
                               "grounding": written.verdict.model_dump(mode="json")
                               if written.verdict else None}
    records, files = _images(plan, facts.name)
    page = assemble_page(plan, blocks, records)
    notes = seller_warnings(plan, page.blocks, page.notes)
    quality = page_quality(plan, facts, page.html_list, warnings=len(notes))
    quality.language = page.language
    return Evaluated(request, facts, plan, page, quality, notes, files)


def evaluate(body: dict) -> Evaluated:
    """The default (offline) path, synchronously."""
    return asyncio.run(evaluate_with(offline_providers(), body))
