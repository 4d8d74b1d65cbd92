"""Text that template selection ranks on (stored in templates.search_text) and the query
built from a page's style concept — pure."""

from __future__ import annotations

import re
from collections.abc import Iterable

from schemas.plan import StyleConcept

_WORD = re.compile(r"[0-9A-Za-z가-힣]{2,}")


def search_text(name: str, block_type: str, description: str | None,
                style_tags: Iterable[str], category: str | None = None) -> str:
    parts = [name, block_type, description or "", " ".join(style_tags), category or ""]
    return " ".join(p.strip() for p in parts if p and p.strip())


def style_query(style: StyleConcept, category: str | None = None) -> str:
    """What a page asks of its templates: its concept, mood, CSS guidance and category."""
    return " ".join(x for x in (style.concept_name, style.mood, style.css_guidance, category) if x)


def or_query(text: str) -> str:
    """A websearch_to_tsquery string matching any of the words (Korean has no stemmer here,
    so whole words and trigram similarity do the work)."""
    words = [w for w in dict.fromkeys(_WORD.findall(text)) if w.lower() != "or"][:40]
    return " or ".join(words)
