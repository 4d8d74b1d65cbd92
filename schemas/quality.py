"""Quality and cost records stored with each block, image and page and shown in results."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class GroundingVerdict(BaseModel):
    """Whether a block's content traces back to the seller's input."""

    ok: bool
    coverage: float = Field(ge=0, le=1)
    invented_numbers: list[str] = Field(default_factory=list)
    invented_claims: list[str] = Field(default_factory=list)
    contradictions: list[str] = Field(default_factory=list)
    missing_facts: list[str] = Field(default_factory=list)
    attempts: int = 1
    action: Literal["passed", "kept_with_warning", "dropped"] = "passed"


class CallCost(BaseModel):
    provider: str
    model: str
    kind: Literal["chat", "image"]
    purpose: str = ""
    tokens_in: int = 0
    tokens_out: int = 0
    images: int = 0
    usd: float = 0.0


class CostSummary(BaseModel):
    calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    images: int = 0
    usd: float = 0.0

    def add(self, other: "CostSummary") -> "CostSummary":
        return CostSummary(calls=self.calls + other.calls,
                           tokens_in=self.tokens_in + other.tokens_in,
                           tokens_out=self.tokens_out + other.tokens_out,
                           images=self.images + other.images,
                           usd=round(self.usd + other.usd, 8))


class PageCost(BaseModel):
    """Per page: the total and how it splits into planning, blocks and images."""

    total: CostSummary
    plan: CostSummary
    blocks: dict[int, CostSummary] = Field(default_factory=dict)
    images: dict[int, CostSummary] = Field(default_factory=dict)


class SellerWarning(BaseModel):
    """Something the seller should know about the page (Korean message)."""

    code: str
    message: str


class SellerQuestion(BaseModel):
    """What to add to the product text for a fuller page; ``block_type`` it would feed."""

    key: str
    question: str
    block_type: str | None = None


class PageQuality(BaseModel):
    """Measured per page (pagelogic/quality/report.py)."""

    fragments: int = 0
    repeated_fragments: int = 0
    repeated_share: float = 0.0
    facts_given: int = 0
    facts_used: int = 0
    facts_per_block: dict[str, int] = Field(default_factory=dict)
    invented_numbers: list[str] = Field(default_factory=list)
    language: str = "ko"
    warnings: int = 0
