"""상품정보제공고시 (product information notice) and 배송/교환/반품 안내 as filled for one page.

Every shown value carries where it came from, so a seller (or a test) can trace each row of
the legal table back to the product text, the product name, the seller's settings or an
answer the seller typed — nothing in it is generated.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class SellerQuestion(BaseModel):
    """One thing the seller must tell us (agreed shape, shared with the facts helper)."""

    key: str = Field(max_length=120)
    question: str = Field(max_length=300)
    block_type: str | None = None


class NoticeSource(BaseModel):
    """Where a value came from. ``line`` is 1-based in the product text; ``start``/``end`` are
    character offsets of the value in that text (so ``text[start:end]`` is the value)."""

    kind: Literal["text", "name", "settings", "answer"]
    label: str | None = None
    line: int | None = None
    start: int | None = None
    end: int | None = None
    excerpt: str = Field(default="", max_length=400)


class NoticeRow(BaseModel):
    key: str
    label: str
    value: str | None = None  # None: missing (the seller is asked)
    status: Literal["filled", "detail_ref", "missing"] = "missing"
    sources: list[NoticeSource] = Field(default_factory=list)
    when: str | None = None  # the notice only requires the item in this case
    missing_parts: list[str] = Field(default_factory=list)
    question: str | None = None


class NoticeFill(BaseModel):
    notice_version: str
    group_key: str
    group_title: str
    naver_type: str = "ETC"
    rows: list[NoticeRow] = Field(default_factory=list)
    shipping: list[NoticeRow] = Field(default_factory=list)
    answers: dict[str, str] = Field(default_factory=dict)

    def questions(self, block_type: str = "InfoNotice") -> list[SellerQuestion]:
        return [SellerQuestion(key=row.key, question=row.question, block_type=block_type)
                for row in [*self.rows, *self.shipping]
                if row.status == "missing" or row.missing_parts
                if row.question]
