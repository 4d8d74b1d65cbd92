"""The per-topic lists of ProductFacts, derived from the typed facts — pure.

SEO fields, style choice, grounding and LLM prompts read ``price``, ``materials``,
``cautions``…; they are views of the same statements, so nothing is parsed twice.
"""

from __future__ import annotations

import re

from schemas.facts import Fact, FactKind, ProductFacts, Spec

K = FactKind
_LIST_SPLIT = re.compile(r",\s*(?![^()]*\))")
_SPEC_LISTS = (
    (("소재", "재질", "원재료", "성분", "원단", "프레임", "좌판", "material", "fabric",
      "ingredient"), "materials"),
    (("사이즈", "크기", "치수", "size", "dimension"), "sizes"),
    (("색상", "컬러", "colour", "color"), "colors"),
)


def _split(value: str) -> list[str]:
    return [p.strip() for p in _LIST_SPLIT.split(value) if p.strip()]


def _labelled(fact: Fact) -> str:
    return f"{fact.label}: {fact.value}" if fact.label and fact.value else fact.text


def _spec(product: ProductFacts, fact: Fact) -> None:
    label = (fact.label or "").lower()
    if any(w in label for w in ("보증", "a/s", "warranty")) or fact.label is None:
        product.warranty = product.warranty or fact.value
    if fact.label is None:
        return
    product.specs.append(Spec(label=fact.label, value=fact.value or ""))
    if any(w in label for w in ("브랜드", "제조사", "brand", "maker")):
        product.brand = product.brand or fact.value
    for words, field in _SPEC_LISTS:
        if any(w in label for w in words):
            getattr(product, field).extend(_split(fact.value or ""))
            break


def fill_legacy(product: ProductFacts) -> ProductFacts:
    for fact in product.facts:
        kind = fact.kind
        if kind is K.price and product.price is None:
            product.price, product.price_note = fact.value, fact.unit
        elif kind is K.spec:
            _spec(product, fact)
        elif kind is K.contents:
            product.components.extend(_split(fact.value or fact.text))
        elif kind is K.usage:
            product.usage.append(fact.value or fact.text)
        elif kind in (K.care, K.sizing):
            product.care.append(_labelled(fact))
        elif kind in (K.caution, K.notice):
            product.cautions.append(_labelled(fact))
        elif kind is K.comparison:
            product.comparisons.append(fact.value or fact.text)
        elif kind is K.story:
            product.brand_story.append(fact.value or fact.text)
        elif kind in (K.claim, K.certification):
            product.highlights.append(fact.text)
    return product


def upgrade(product: ProductFacts) -> ProductFacts:
    """Typed facts for facts stored before they existed (a block of an older page being
    regenerated): rebuilt from the per-topic lists, without spans."""
    if product.facts:
        return product
    found: list[tuple[FactKind, str | None, str | None, str]] = []
    if product.price:
        found.append((K.price, None, product.price, product.price))
    found += [(K.spec, s.label, s.value, f"{s.label}: {s.value}") for s in product.specs]
    found += [(K.claim, None, None, h) for h in product.highlights]
    found += [(K.feature, f, None, f) for f in product.features]
    for kind, texts in ((K.usage, product.usage), (K.care, product.care),
                        (K.caution, product.cautions), (K.comparison, product.comparisons),
                        (K.story, product.brand_story)):
        found += [(kind, None, None, t) for t in texts]
    if product.target_customer:
        found.append((K.audience, None, None, product.target_customer))
    facts = [Fact(id=f"f{i}", kind=kind, label=label, value=value, text=text, source="legacy")
             for i, (kind, label, value, text) in enumerate(found)]
    return product.model_copy(update={"facts": facts})
