"""Product facts: what the product text actually says, structured.

Everything a page states must trace back to one of these fields; the offline provider only
ever copies text from here, so it cannot invent numbers. ``facts`` is the typed model every
provider uses: one entry per statement of the seller, with where it came from (its span) and
the block it belongs to; the older per-topic lists are views of the same statements, kept
for the SEO, style and grounding code that reads them.
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, Field


class Spec(BaseModel):
    label: str
    value: str


class FactKind(str, Enum):
    price = "price"
    spec = "spec"                    # label/value (capacity, size, weight, origin, brand…)
    feature = "feature"              # a selling point, with its supporting sentence if any
    claim = "claim"                  # a descriptive sentence no seller feature names
    notice = "notice"                # 교환/반품/배송/파손: product-specific terms
    caution = "caution"              # 주의사항, allergy, warnings
    sizing = "sizing"                # fit advice
    care = "care"                    # washing, storage
    usage = "usage"                  # how to use, a step
    contents = "contents"            # what is in the box
    certification = "certification"  # 인증, certified
    audience = "audience"            # who it is for
    comparison = "comparison"
    story = "story"                  # brand story
    faq = "faq"                      # a question the seller answered


class Fact(BaseModel):
    id: str                           # "f0", "f1"… stable for one input
    kind: FactKind
    text: str                         # the statement as written (label: value for specs)
    label: str | None = None          # spec label, feature title, FAQ question
    value: str | None = None          # spec value, supporting sentence, FAQ answer
    unit: str | None = None           # unit of the first number in a spec value
    source: str = "product_data"      # or "features[i]", "target_customer"
    start: int = 0                    # span of ``text`` in its source
    end: int = 0


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
    facts: list[Fact] = Field(default_factory=list)
    input_language: str = "ko"   # detected from the text
    language: str = "ko"         # the page's language (input's unless translated)
