"""A page's quality report — pure: measured from the stored page, not guessed.

- repeated-fragment share: the page's text cut into fragments (sentences, list items, table
  cells); a fragment is repeated when another fragment says the same words (or contains
  them, for longer ones). Summary, cards and table restating one sentence show up here.
- facts given / used: a fact is used when the page text covers its words.
- facts per block: how many facts each block is the home of.
- invented numbers: numbers on the page that the input does not contain.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from schemas.facts import Fact, FactKind, ProductFacts
from schemas.plan import PagePlan
from schemas.quality import PageQuality

_SPLIT = re.compile(r"(?<=[.!?。])\s+|\s+/\s+|\s+·\s+|\n+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
MIN_CHARS = 4       # shorter fragments ("01", "Q", "STEP 1") are layout, not content
CONTAINED_MIN = 8   # a fragment this long inside another one counts as a repeat
_SKIP_TAGS = {"style", "script"}
_COUNTER = re.compile(r"^(?:step\s*)?\d{1,2}\.?$", re.IGNORECASE)  # "01", "STEP 2": layout


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in _SKIP_TAGS  # image alt texts are not shown: not counted

    def handle_endtag(self, tag):
        self._skip -= tag in _SKIP_TAGS and self._skip > 0

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def text_nodes(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.parts


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def fragments(html_list: list[str]) -> list[str]:
    return _fragments([text_nodes(html) for html in html_list])


def _fragments(nodes_per_html: list[list[str]]) -> list[str]:
    found = []
    for node in (n for nodes in nodes_per_html for n in nodes):
        found += [f for f in (_norm(p) for p in _SPLIT.split(node)) if len(f) >= MIN_CHARS]
    return found


def repeated(frags: list[str]) -> int:
    count = 0
    for i, frag in enumerate(frags):
        others = frags[:i] + frags[i + 1:]
        if frag in others or (len(frag) >= CONTAINED_MIN and any(frag in o for o in others)):
            count += 1
    return count


def _bigrams(text: str) -> set[str]:
    compact = re.sub(r"\s+", "", text.lower())
    return {compact[i:i + 2] for i in range(len(compact) - 1)}


def fact_used(fact: Fact, page_grams: set[str]) -> bool:
    wanted = _bigrams(fact.value if fact.value and fact.kind is not FactKind.feature
                      else fact.text)
    return not wanted or len(wanted & page_grams) / len(wanted) >= 0.6


def invented_numbers(page_text: str, facts: ProductFacts) -> list[str]:
    source = " ".join([facts.name, *facts.features, facts.target_customer or "",
                       *(f.text for f in facts.facts), *(f.value or "" for f in facts.facts)])
    known = {n.replace(",", "") for n in _NUMBER.findall(source)}
    return sorted({n for n in _NUMBER.findall(page_text) if n.replace(",", "") not in known})


# The 상품정보제공고시 restates name, capacity, origin… by law, in its own table: it is not
# counted as the page repeating itself (its numbers are still checked for invention).
LEGAL_BLOCKS = frozenset({"InfoNotice"})


def page_quality(plan: PagePlan, facts: ProductFacts, html_list: list[str],
                 warnings: int = 0, block_types: list[str] | None = None) -> PageQuality:
    """``block_types``: the block type of each ``html_list`` entry, when known."""
    types = block_types if block_types and len(block_types) == len(html_list) else []
    nodes = [text_nodes(html) for html in html_list]  # each block parsed once
    frags = _fragments([n for i, n in enumerate(nodes)
                        if not types or types[i] not in LEGAL_BLOCKS])
    twice = repeated(frags)
    text = " ".join(n for block in nodes for n in block if not _COUNTER.match(n))
    grams = _bigrams(text)
    per_block: dict[str, int] = {}
    for block in plan.blocks:
        key = block.block_type.value
        per_block[key] = per_block.get(key, 0) + len(block.fact_ids)
    return PageQuality(
        fragments=len(frags), repeated_fragments=twice,
        repeated_share=round(twice / len(frags), 3) if frags else 0.0,
        facts_given=len(facts.facts), facts_used=sum(fact_used(f, grams) for f in facts.facts),
        facts_per_block=per_block, invented_numbers=invented_numbers(text, facts),
        language=plan.language, warnings=warnings)
