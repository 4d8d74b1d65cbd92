"""SEO fields from the facts, without an LLM — pure. (Banned words: pagelogic/plan/banned.py.)"""

from __future__ import annotations

from schemas.controls import SeoFields
from schemas.facts import ProductFacts


def derive_seo(facts: ProductFacts, title: str | None = None) -> SeoFields:
    name = (title or facts.name).strip()
    description = " · ".join([*facts.highlights[:2]] or facts.features[:3]) or name
    keywords = [k for k in [facts.brand, facts.category, *facts.features] if k][:15]
    return SeoFields(meta_title=name[:70], meta_description=description[:200],
                     keywords=[k[:50] for k in keywords])
