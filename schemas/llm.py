"""What the LLM is asked to return (structured outputs): pydantic models → JSON schema.

These are the model-facing halves of the page plan; the pipeline adds what the model must
not decide (template ids, image indexes, which facts each block is responsible for).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from schemas.controls import SeoFields
from schemas.plan import BlockType, StyleConcept


class BlockDraft(BaseModel):
    block_type: BlockType
    title: str = Field(max_length=200)
    purpose: str = Field(max_length=500)


class PlanDraft(BaseModel):
    title: str = Field(max_length=300)
    style: StyleConcept
    blocks: list[BlockDraft] = Field(min_length=1, max_length=20)
    seo: SeoFields


class FreeformBlock(BaseModel):
    html: str = Field(max_length=50_000)


class Translation(BaseModel):
    english: str = Field(max_length=2000)
