"""Provider interfaces: the only seams between the pipeline and paid AI APIs.

Stages call these; a bootstrap builds the real, offline or fake implementation from settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel

from pagelogic.failures import SellerFacing
from schemas.controls import SellerControls
from schemas.facts import ProductFacts
from schemas.plan import BlockPlan, BlockType, ImagePlan, PagePlan, StyleConcept


@dataclass(frozen=True)
class ImageBytes:
    data: bytes
    mime: str
    width: int
    height: int
    extension: str
    kind: str | None = None  # "original": the seller's photo itself, shown unchanged


class Planner(Protocol):
    async def plan(self, facts: ProductFacts, chosen: list[BlockType] | None,
                   controls: SellerControls | None = None) -> PagePlan: ...


class BlockWriter(Protocol):
    async def write(self, block: BlockPlan, facts: ProductFacts, style: StyleConcept,
                    controls: SellerControls | None = None) -> BaseModel:
        """Slot values for the block's template."""
        ...


class ImageMaker(Protocol):
    async def make(self, image: ImagePlan, product_name: str, primary: str,
                   background: str, photo: bytes | None = None) -> ImageBytes:
        """``photo``: the stored copy of the seller's photo (image.photo_url), when there is one."""
        ...


class BlockRewriter(Protocol):
    async def rewrite(self, html: str, facts: ProductFacts,
                      controls: SellerControls | None = None) -> str: ...


@dataclass(frozen=True)
class Providers:
    name: str
    planner: Planner
    writer: BlockWriter
    images: ImageMaker
    rewriter: "BlockRewriter | None" = None  # freeform mode; None: slot filling only


class ProviderError(Exception):
    """A provider failed in a way a retry may fix."""


class ProviderGaveUp(SellerFacing):
    """Retries are exhausted or the circuit is open: the message says so in seller terms,
    ``detail`` which provider and call, ``reason`` the cause (rate_limited, circuit_open, …).
    Permanent for the stage (the provider already retried; retrying the stage would only
    multiply the calls)."""

    def __init__(self, seller: str, detail: str = "", reason: str = ""):
        super().__init__(seller, detail)
        self.reason = reason


class MalformedOutput(SellerFacing):
    """The model's structured output could not be parsed or repaired, even after a retry.
    The seller reads a short sentence; the parser's complaint stays in ``detail``."""
