"""Build one HTML page per sample product holding every starter template, rendered with
that product's content the way the offline pipeline fills slots."""

from __future__ import annotations

import json
from pathlib import Path

from infra.db.seed import STARTER_DIR
from pagelogic.library.folder import read_library
from pagelogic.library.preview import preview_document, render_preview_block
from pagelogic.library.slots import normalize
from schemas.api import GenerationRequest
from schemas.plan import BlockType

SAMPLES = Path(__file__).resolve().parents[2] / "devtools" / "samples"


def sample_requests() -> dict[str, GenerationRequest]:
    return {p.stem: GenerationRequest(**json.loads(p.read_text(encoding="utf-8")))
            for p in sorted(SAMPLES.glob("*.json"))}


def product_page(request: GenerationRequest) -> tuple[str, list[str]]:
    """(standalone HTML, template keys in page order); each block is wrapped in a div
    carrying its template key so a failure names the template."""
    library = read_library(STARTER_DIR)
    blocks, keys = [], []
    for index, t in enumerate(library.templates):
        declared = normalize(BlockType(t.block_type), t.slots)
        html = render_preview_block(t.html, t.block_type, declared, request, index=index)
        blocks.append(f'<div class="tpl-check" data-key="{t.key}">{html}</div>')
        keys.append(t.key)
    return preview_document(blocks, "starter library check", request), keys
