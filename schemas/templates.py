"""HTTP bodies of the template library API (/api/templates, /api/categories,
/api/template-sets)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from schemas.plan import BlockType


class SlotDeclaration(BaseModel):
    """A slot the template renders; type and limits come from the block type's slot model."""

    name: str = Field(max_length=50)
    sample: Any = Field(default=None, description="sample value for previews (optional)")


class TemplateIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    block_type: BlockType
    template_html: str = Field(min_length=1, max_length=50_000)
    slots: list[str | SlotDeclaration] = Field(
        min_length=1, description="slots the template renders: names or {name, sample}")
    key: str | None = Field(default=None, max_length=100, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    category_id: int | None = None
    description: str = Field(default="", max_length=1000,
                             description="style description used by automatic selection")
    style: str = Field(default="", max_length=50, description="visual style family")
    style_tags: list[str] = Field(default_factory=list, max_length=30)


class TemplateDraft(BaseModel):
    """An unsaved template to validate and preview (the admin editor's live preview)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    block_type: BlockType
    template_html: str = Field(min_length=1, max_length=50_000)
    slots: list[str | SlotDeclaration] = Field(min_length=1)


class TemplateUpdate(BaseModel):
    """Changed fields only; every update is saved as a new version."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=200)
    template_html: str | None = Field(default=None, min_length=1, max_length=50_000)
    slots: list[str | SlotDeclaration] | None = None
    category_id: int | None = None
    description: str | None = Field(default=None, max_length=1000)
    style: str | None = Field(default=None, max_length=50)
    style_tags: list[str] | None = Field(default=None, max_length=30)
    note: str | None = Field(default=None, max_length=300, description="why (version history)")


class TemplateSummary(BaseModel):
    id: int
    key: str | None
    name: str
    block_type: str
    category_id: int | None
    version: int
    usage_count: int
    description: str
    style: str
    style_tags: list[str]


class TemplateView(TemplateSummary):
    template_html: str
    slots: list[dict[str, Any]]
    created_at: datetime
    updated_at: datetime


class TemplatePage(BaseModel):
    items: list[TemplateSummary]
    total: int
    limit: int
    offset: int


class VersionView(BaseModel):
    version: int
    name: str
    created_by: str | None
    note: str | None
    created_at: datetime
    current: bool
    template_html: str | None = None


class RollbackIn(BaseModel):
    version: int = Field(ge=1)


class CategoryView(BaseModel):
    id: int
    name: str
    description: str | None
    template_count: int


class TemplateSetIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    category_id: int | None = None
    description: str | None = Field(default=None, max_length=1000)
    is_default: bool = False
    template_ids: list[int] = Field(min_length=1, max_length=20,
                                    description="the page's blocks, in order")


class TemplateSetItemView(BaseModel):
    display_order: int
    template_id: int
    block_type: str
    name: str


class TemplateSetView(BaseModel):
    id: int
    key: str | None
    name: str
    category_id: int | None
    description: str | None
    is_default: bool
    items: list[TemplateSetItemView]
