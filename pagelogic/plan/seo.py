"""Seller controls applied without an LLM — pure: SEO fields from the facts, and removal of
banned words and claims from anything shown on the page."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel

from schemas.controls import SeoFields
from schemas.facts import ProductFacts

M = TypeVar("M", bound=BaseModel)


def derive_seo(facts: ProductFacts, title: str | None = None) -> SeoFields:
    name = (title or facts.name).strip()
    description = " · ".join([*facts.highlights[:2]] or facts.features[:3]) or name
    keywords = [k for k in [facts.brand, facts.category, *facts.features] if k][:15]
    return SeoFields(meta_title=name[:70], meta_description=description[:200],
                     keywords=[k[:50] for k in keywords])


def _scrub_text(text: str, pattern: re.Pattern) -> str:
    return re.sub(r"\s{2,}", " ", pattern.sub("", text)).strip()


def _scrub(value: Any, pattern: re.Pattern, skip: frozenset[str]) -> Any:
    if isinstance(value, str):
        return _scrub_text(value, pattern)
    if isinstance(value, list):
        return [_scrub(v, pattern, skip) for v in value]
    if isinstance(value, dict):
        return {k: v if k in skip else _scrub(v, pattern, skip) for k, v in value.items()}
    return value


def scrub_banned(model: M, banned: list[str], skip: frozenset[str] = frozenset()) -> M:
    """The same model with every banned word removed from its text (case-insensitive)."""
    words = sorted({w.strip() for w in banned if w and w.strip()}, key=len, reverse=True)
    if not words:
        return model
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    return type(model).model_validate(_scrub(model.model_dump(mode="json"), pattern, skip))
