"""Seller controls of a generation request, and the SEO fields of a page."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.text import FitsLimits


class SellerControls(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    brand_voice: str | None = Field(default=None, max_length=1000,
                                    description="How the brand speaks (added to the prompt)")
    banned_words: list[str] = Field(default_factory=list, max_length=50,
                                    description="Words and claims never shown on the page")
    target_length: Literal["short", "medium", "long"] = "medium"
    language: str = Field(default="ko", pattern=r"^[a-z]{2}(-[A-Z]{2})?$",
                          description="Language of the page (Korean by default)")
    translate: bool = Field(default=False, description="The product text is in another "
                            "language: translate its facts into the page language")


class SeoFields(FitsLimits):
    meta_title: str = Field(max_length=70)
    meta_description: str = Field(max_length=200)
    keywords: list[str] = Field(default_factory=list, max_length=15)
