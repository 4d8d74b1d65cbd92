"""Product facts: what the product text actually says, structured.

Everything a page states must trace back to one of these fields; the offline provider only
ever copies text from here, so it cannot invent numbers.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Spec(BaseModel):
    label: str
    value: str


class ProductFacts(BaseModel):
    name: str
    price: str | None = None
    price_note: str | None = None
    brand: str | None = None
    category: str | None = None
    target_customer: str | None = None
    tone: str | None = None
    features: list[str] = Field(default_factory=list)
    specs: list[Spec] = Field(default_factory=list)
    materials: list[str] = Field(default_factory=list)
    sizes: list[str] = Field(default_factory=list)
    colors: list[str] = Field(default_factory=list)
    components: list[str] = Field(default_factory=list)
    usage: list[str] = Field(default_factory=list)
    care: list[str] = Field(default_factory=list)
    cautions: list[str] = Field(default_factory=list)
    warranty: str | None = None
    comparisons: list[str] = Field(default_factory=list)
    brand_story: list[str] = Field(default_factory=list)
    highlights: list[str] = Field(default_factory=list)
    image_url: str | None = None
