"""The page plan: one page-wide style concept and an ordered list of blocks and images."""

from __future__ import annotations

from enum import Enum

from pydantic import Field

from schemas.controls import SellerControls, SeoFields
from schemas.notice import NoticeFill
from schemas.quality import SellerQuestion, SellerWarning
from schemas.text import FitsLimits
from schemas.urls import StoredOrPublicUrl


class BlockType(str, Enum):
    Introduction = "Introduction"
    KeyFeatures = "KeyFeatures"
    Specifications = "Specifications"
    UsageGuide = "UsageGuide"
    Comparison = "Comparison"
    BrandStory = "BrandStory"
    FAQ = "FAQ"
    InfoNotice = "InfoNotice"  # 상품정보제공고시 + 배송/교환/반품, always last, filled without an LLM
    Notice = "Notice"  # 주의사항 and the product's own 교환/반품/배송 statements


class CopyAngle(str, Enum):
    """The selling angle of a variant (pagelogic/plan/angles.py): what the page leads with."""

    benefit = "benefit"  # what the buyer gains, features first
    story = "story"      # the brand and use scenes first
    spec = "spec"        # numbers and specifications first


class Palette(FitsLimits):
    primary: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    accent: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    background: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    surface: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    text: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    muted: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")


class StyleConcept(FitsLimits):
    concept_name: str = Field(max_length=100)
    palette: Palette
    font_heading: str = Field(max_length=200)
    font_body: str = Field(max_length=200)
    mood: str = Field(max_length=200)
    css_guidance: str = Field(default="", max_length=1000)


class BlockPlan(FitsLimits):
    index: int = Field(ge=0)
    block_type: BlockType
    title: str = Field(max_length=200)
    purpose: str = Field(default="", max_length=500)
    # Which product facts this block is responsible for (keys of ProductFacts fields).
    fact_keys: list[str] = Field(default_factory=list)
    # The typed facts (ProductFacts.facts ids) this block is the one home of.
    fact_ids: list[str] = Field(default_factory=list)
    image_index: int | None = None
    template_id: int | None = None
    template_version: int | None = None
    notice: NoticeFill | None = None  # InfoNotice only: the filled table and its sources
    # A variant's copy angle, on every block so the block stage frames its copy by it (the
    # offline writer's introduction; an LLM reads it in the block it is given).
    angle: CopyAngle | None = None


class ImageKind(str, Enum):
    generate = "generate"
    edit = "edit"


class ImagePlan(FitsLimits):
    index: int = Field(ge=0)
    kind: ImageKind
    prompt: str = Field(max_length=2000)
    alt: str = Field(max_length=300)
    reference_url: StoredOrPublicUrl | None = None  # sent to the image provider
    # This service's stored copy of the seller's photo (a storage URL): the offline stage
    # composes the slot from it; a provider that edits gets reference_url.
    photo_url: str | None = None
    width: int = 860
    height: int = 860


class PagePlan(FitsLimits):
    title: str = Field(max_length=300)
    language: str = "ko"
    style: StyleConcept
    blocks: list[BlockPlan] = Field(min_length=1, max_length=20)
    images: list[ImagePlan] = Field(default_factory=list, max_length=10)
    controls: SellerControls | None = None
    angle: CopyAngle | None = None  # set on a variant: the angle its order and copy follow
    seo: SeoFields | None = None
    warnings: list[str] = Field(default_factory=list)  # from the plan's grounding check
    # What the seller is told: thin input, language, what to add to the product text.
    advice: list[SellerWarning] = Field(default_factory=list)
    questions: list[SellerQuestion] = Field(default_factory=list)
    # Sentences and claims removed for holding a banned word (the seller is told).
    banned_removed: list[str] = Field(default_factory=list)
