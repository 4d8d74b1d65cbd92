"""The offline provider: deterministic, no network, the default when no API key is set.

Plans and writes from the parsed product facts; images are composed from the seller's photo
(pagelogic/images/compose.py) or, without one, drawn as placeholders locally. An
optional injected latency (PDP_OFFLINE_*_LATENCY_MS, constant or lognormal with
PDP_OFFLINE_*_LATENCY_SIGMA; see processors/providers/latency.py) models real API calls for
tests and benchmarks.
"""

from __future__ import annotations

import asyncio

from pydantic import BaseModel

from pagelogic.blocks.content import fallback_slots
from pagelogic.images.placeholder import placeholder_svg
from pagelogic.plan.logic import plan_page
from processors.providers.base import ImageBytes, Providers
from processors.providers.latency import LatencyModel, block_key, image_key, plan_key
from schemas.controls import SellerControls
from schemas.facts import ProductFacts
from schemas.plan import BlockPlan, BlockType, ImageKind, ImagePlan, PagePlan, StyleConcept


class _Latency:
    def __init__(self, latency: float | LatencyModel):
        self.model = latency if isinstance(latency, LatencyModel) else LatencyModel(latency)

    async def wait(self, key: str) -> None:
        seconds = self.model.sample_ms(key) / 1000.0
        if seconds > 0:
            await asyncio.sleep(seconds)


class OfflinePlanner:
    def __init__(self, latency_ms: float | LatencyModel = 0.0):
        self._latency = _Latency(latency_ms)

    async def plan(self, facts: ProductFacts, chosen: list[BlockType] | None,
                   controls: SellerControls | None = None) -> PagePlan:
        await self._latency.wait(plan_key(facts.name))
        return plan_page(facts, chosen)


class OfflineWriter:
    # Asking again gives the same words: banned ones are dropped, not re-requested.
    deterministic = True

    def __init__(self, latency_ms: float | LatencyModel = 0.0,
                 slow_products: tuple[str, ...] = (), slow_ms: float = 0.0):
        self._latency = _Latency(latency_ms)
        # Fault injection: block calls for products whose name contains one of these take
        # slow_ms longer (a slow message at the head of a partition, for the #606 drill).
        self._slow, self._slow_s = slow_products, slow_ms / 1000.0

    async def write(self, block: BlockPlan, facts: ProductFacts, style: StyleConcept,
                    controls: SellerControls | None = None) -> BaseModel:
        await self._latency.wait(block_key(facts.name, block.index))
        if self._slow_s and any(marker in facts.name for marker in self._slow):
            await asyncio.sleep(self._slow_s)
        return fallback_slots(block, facts)


class OfflineImages:
    def __init__(self, latency_ms: float | LatencyModel = 0.0):
        self._latency = _Latency(latency_ms)

    async def make(self, image: ImagePlan, product_name: str, primary: str,
                   background: str, photo: bytes | None = None) -> ImageBytes:
        await self._latency.wait(image_key(product_name, image.index))
        if photo:
            return await asyncio.to_thread(_from_photo, photo, image, primary, background)
        data = placeholder_svg(product_name, image.alt, image.width, image.height,
                               primary, background)
        return ImageBytes(data=data, mime="image/svg+xml", width=image.width,
                          height=image.height, extension="svg")


def _from_photo(photo: bytes, image: ImagePlan, primary: str, background: str) -> ImageBytes:
    from pagelogic.images.compose import compose  # Pillow: only workers that compose load it

    made = compose(photo, index=image.index, edit=image.kind is ImageKind.edit,
                   width=image.width, height=image.height, primary=primary, background=background)
    return ImageBytes(data=made.data, mime=made.mime, width=made.width, height=made.height,
                      extension=made.extension,
                      kind="original" if made.kind == "original" else None)


def offline_providers(llm_latency_ms: float | LatencyModel = 0.0,
                      image_latency_ms: float | LatencyModel = 0.0,
                      slow_products: tuple[str, ...] = (), slow_ms: float = 0.0) -> Providers:
    return Providers(name="offline", planner=OfflinePlanner(llm_latency_ms),
                     writer=OfflineWriter(llm_latency_ms, slow_products, slow_ms),
                     images=OfflineImages(image_latency_ms))
