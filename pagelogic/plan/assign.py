"""Each fact gets exactly one block — pure, the same for every provider.

A fact's homes are tried in order and the first block type the page has wins, so a notice
lands in the Notice block (or, when the seller's template set has none, in the usage guide),
never among the selling points; a spec row is in the specification table and nowhere else.
The first descriptive sentence no feature claimed is the introduction's hook.
"""

from __future__ import annotations

import re

from schemas.facts import Fact, FactKind, ProductFacts
from schemas.plan import BlockType

B, K = BlockType, FactKind
_IMPERATIVE = re.compile(r"(세요|십시오|마세요|주세요)\.?$")
BLOCK_ORDER = (B.Introduction, B.KeyFeatures, B.Specifications, B.UsageGuide, B.Comparison,
               B.BrandStory, B.FAQ, B.Notice)
# How many facts a block can show (its slot model's list limits, schemas/blocks.py).
CAPACITY: dict[BlockType, int] = {
    B.Introduction: 12, B.KeyFeatures: 8, B.Specifications: 30, B.UsageGuide: 12,
    B.Comparison: 12, B.BrandStory: 7, B.FAQ: 10, B.Notice: 12}
HOMES: dict[FactKind, tuple[BlockType, ...]] = {
    K.price: (B.Introduction, B.Specifications),
    K.audience: (B.Introduction, B.Comparison),
    K.certification: (B.Introduction, B.KeyFeatures, B.Specifications),
    K.spec: (B.Specifications, B.KeyFeatures, B.Introduction),
    K.contents: (B.Specifications, B.KeyFeatures, B.UsageGuide),
    K.feature: (B.KeyFeatures, B.Introduction),
    K.claim: (B.KeyFeatures, B.Introduction),
    K.usage: (B.UsageGuide, B.FAQ, B.Notice),
    K.care: (B.UsageGuide, B.Notice, B.FAQ),
    K.sizing: (B.UsageGuide, B.Notice, B.FAQ),
    K.notice: (B.Notice, B.UsageGuide, B.FAQ),
    K.caution: (B.Notice, B.UsageGuide, B.FAQ),
    K.comparison: (B.Comparison, B.KeyFeatures),
    K.story: (B.BrandStory, B.Introduction),
    K.faq: (B.FAQ, B.KeyFeatures),
}


def lead_claim(facts: ProductFacts) -> str | None:
    """The hook sentence: the first claim, when the page has other selling points too."""
    claims = [f for f in facts.facts if f.kind is K.claim]
    features = [f for f in facts.facts if f.kind is K.feature]
    hooks = [c for c in claims if not _IMPERATIVE.search(c.text)]  # advice is no hook
    return hooks[0].id if hooks and (len(claims) > 1 or features) else None


def is_brand(fact: Fact) -> bool:
    label = (fact.label or "").lower()
    return fact.kind is K.spec and any(w in label for w in ("브랜드", "brand"))


def homes_of(fact: Fact, lead: str | None) -> tuple[BlockType, ...]:
    homes = HOMES[fact.kind]
    return (B.Introduction, *homes) if fact.id == lead else homes


def natural_types(facts: ProductFacts) -> list[BlockType]:
    """Block types the facts call for (each fact's first home), in page order."""
    lead = lead_claim(facts)
    first_price = next((f.id for f in facts.facts if f.kind is K.price), None)
    wanted = {_homes(f, lead, first_price)[0] for f in facts.facts} | {B.Introduction}
    return [t for t in BLOCK_ORDER if t in wanted]


def _homes(fact: Fact, lead: str | None, first_price: str | None,
           story: bool = False) -> tuple[BlockType, ...]:
    """``story``: the page tells a brand story (the brand then signs it)."""
    homes = homes_of(fact, lead)
    if story and is_brand(fact):
        homes = (B.BrandStory, *homes)
    if fact.kind is K.price and fact.id != first_price:  # a second price is a table row
        homes = (B.Specifications, B.Introduction)
    return homes


def assign(facts: ProductFacts, types: list[BlockType]) -> list[list[str]]:
    """Fact ids per planned block (aligned with ``types``); a repeated type's facts go to its
    first block. A fact whose block is full, or whose homes are all missing from the page,
    is left out (``unplaced``; the seller is told), never pushed into an unrelated block."""
    first: dict[BlockType, int] = {}
    for i, block_type in enumerate(types):
        first.setdefault(block_type, i)
    owned: list[list[str]] = [[] for _ in types]
    lead = lead_claim(facts)
    first_price = next((f.id for f in facts.facts if f.kind is K.price), None)
    for fact in facts.facts:
        homes = _homes(fact, lead, first_price, B.BrandStory in first)
        home = next((h for h in homes if h in first), None)
        if home is not None and len(owned[first[home]]) < CAPACITY[home]:
            owned[first[home]].append(fact.id)
    return owned


def unplaced(facts: ProductFacts, owned: list[list[str]]) -> list[Fact]:
    placed = {i for ids in owned for i in ids}
    return [f for f in facts.facts if f.id not in placed]


def own_facts(facts: ProductFacts, block_type: BlockType, fact_ids: list[str]) -> list[Fact]:
    """The block's facts; a block planned before fact ids existed takes its natural share."""
    if not fact_ids:
        ids = set(assign(facts, list(BLOCK_ORDER))[BLOCK_ORDER.index(block_type)])
    else:
        ids = set(fact_ids)
    return [f for f in facts.facts if f.id in ids]
