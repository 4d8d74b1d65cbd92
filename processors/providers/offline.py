"""The offline provider: deterministic, no network, the default when no API key is set.

Plans and writes from the parsed product facts and draws placeholder images locally. An
optional injected latency (PDP_OFFLINE_*_LATENCY_MS) models real API calls for tests and
benchmarks.
"""

from __future__ import annotations

import asyncio

from pydantic import BaseModel

from processors.blocks.content import fallback_slots
from processors.images.placeholder import placeholder_svg
from processors.plan.logic import plan_page
from processors.providers.base import ImageBytes, Providers
from schemas.controls import SellerControls
from schemas.facts import ProductFacts
from schemas.plan import BlockPlan, BlockType, ImagePlan, PagePlan, StyleConcept


class _Latency:
    def __init__(self, ms: float):
        self.seconds = max(ms, 0.0) / 1000.0

    async def wait(self) -> None:
        if self.seconds:
            await asyncio.sleep(self.seconds)


class OfflinePlanner:
    def __init__(self, latency_ms: float = 0.0):
        self._latency = _Latency(latency_ms)

    async def plan(self, facts: ProductFacts, chosen: list[BlockType] | None,
                   controls: SellerControls | None = None) -> PagePlan:
        await self._latency.wait()
        return plan_page(facts, chosen)


class OfflineWriter:
    def __init__(self, latency_ms: float = 0.0):
        self._latency = _Latency(latency_ms)

    async def write(self, block: BlockPlan, facts: ProductFacts, style: StyleConcept,
                    controls: SellerControls | None = None) -> BaseModel:
        await self._latency.wait()
        return fallback_slots(block, facts)


class OfflineImages:
    def __init__(self, latency_ms: float = 0.0):
        self._latency = _Latency(latency_ms)

    async def make(self, image: ImagePlan, product_name: str, primary: str,
                   background: str) -> ImageBytes:
        await self._latency.wait()
        data = placeholder_svg(product_name, image.alt, image.width, image.height,
                               primary, background)
        return ImageBytes(data=data, mime="image/svg+xml", width=image.width,
                          height=image.height, extension="svg")


def offline_providers(llm_latency_ms: float = 0.0, image_latency_ms: float = 0.0) -> Providers:
    return Providers(name="offline", planner=OfflinePlanner(llm_latency_ms),
                     writer=OfflineWriter(llm_latency_ms), images=OfflineImages(image_latency_ms))
