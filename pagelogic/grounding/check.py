"""Grounding check: does a block say only what the seller's input says? — pure.

The original service's check_html, made stricter and deterministic:
- every number in the block must occur in the product facts (``1,200`` = ``1200``);
- risky claims (rankings, certifications, medical or absolute claims) must occur there too;
- a spec row whose label matches a seller spec but whose numbers differ is a contradiction;
- the block must cover at least ``min_coverage`` of the facts assigned to it (a fact is
  covered when most of its characters' bigrams appear in the block).
"""

from __future__ import annotations

import json
import re
from typing import Any

from schemas.facts import Fact, FactKind, ProductFacts
from schemas.plan import BlockPlan, BlockType, PagePlan
from schemas.quality import GroundingVerdict

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Claims a seller must have made themselves: rankings, certifications, medical/absolute.
RISKY_CLAIMS = ("1위", "최고", "최초", "유일", "특허", "인증", "FDA", "임상", "의학", "치료",
                "완치", "보장", "무조건", "부작용 없", "100%", "세계 최초", "No.1")
COVERED = 0.6


def _numbers(text: str) -> set[str]:
    return {m.replace(",", "") for m in _NUMBER.findall(text)}


def _strings(value: Any, skip: frozenset[str] = frozenset({"ref"})) -> list[str]:
    """Every string in a JSON-like value, in order (dict keys in ``skip`` left out). A stack,
    not recursion: it runs on every block and every plan (~one list per nested value)."""
    out: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            stack.extend(reversed([v for k, v in item.items() if k not in skip]))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return out


def _bigrams(text: str) -> set[str]:
    compact = re.sub(r"\s+", "", text)
    return {compact[i:i + 2] for i in range(len(compact) - 1)}


def _fact_values(facts: ProductFacts, key: str) -> list[str]:
    value = getattr(facts, key, None)
    if value is None:
        return []
    if isinstance(value, list):
        return [json.dumps(v.model_dump(), ensure_ascii=False) if hasattr(v, "model_dump")
                else str(v) for v in value]
    return [str(value)]


def _fact_text(fact: Fact) -> str:
    """What the block must show of a fact: its value when it has a label (a row's label may
    be reworded), else its words."""
    return fact.value if fact.value and fact.kind is not FactKind.feature else fact.text


def _covered(fact: str, block_grams: set[str]) -> bool:
    grams = _bigrams(re.sub(r'[{}":,]|label|value', " ", fact))
    return not grams or len(grams & block_grams) / len(grams) >= COVERED


def check_block(slots: dict[str, Any], block: BlockPlan, facts: ProductFacts,
                min_coverage: float = 0.8) -> GroundingVerdict:
    block_text = " ".join(_strings(slots))
    source = " ".join(_strings(facts.model_dump(mode="json"), frozenset()))
    source_numbers = _numbers(source)
    invented = sorted(_numbers(block_text) - source_numbers)
    claims = sorted({c for c in RISKY_CLAIMS if c.lower() in block_text.lower()
                     and c.lower() not in source.lower()})
    contradictions = _contradictions(slots, facts)
    block_grams = _bigrams(block_text)
    if block.fact_ids:  # the block's own typed facts, each on its own
        owned = {f.id: f for f in facts.facts if f.id in set(block.fact_ids)}
        keys = list(owned)
        plain = _bigrams(re.sub(r"[\W_]+", "", block_text))  # "S, M, L" ≈ "S,M,L"
        missing = [owned[k].text[:60] for k in keys
                   if not _covered(re.sub(r"[\W_]+", "", _fact_text(owned[k])), plain)]
    else:
        keys = [k for k in block.fact_keys if _fact_values(facts, k)]
        missing = [k for k in keys
                   if not any(_covered(v, block_grams) for v in _fact_values(facts, k))]
    coverage = 1.0 if not keys else round((len(keys) - len(missing)) / len(keys), 3)
    ok = not invented and not claims and not contradictions and coverage >= min_coverage
    return GroundingVerdict(ok=ok, coverage=coverage, invented_numbers=invented,
                            invented_claims=claims, contradictions=contradictions,
                            missing_facts=missing)


def _contradictions(slots: dict[str, Any], facts: ProductFacts) -> list[str]:
    """A row whose label the seller used with other numbers (any of the seller's values for
    that label may be meant: a label can occur twice)."""
    seller: dict[str, list[str]] = {}
    for spec in facts.specs:
        seller.setdefault(spec.label.strip(), []).append(spec.value)
    found = []
    for row in slots.get("rows") or []:
        label, value = str(row.get("label", "")).strip(), str(row.get("value", ""))
        if label in seller and _numbers(value) and \
                not any(_numbers(value) <= _numbers(v) for v in seller[label]):
            found.append(f"{label}: {value} (입력: {' / '.join(seller[label])})")
    return found


def summary_ko(verdict: GroundingVerdict) -> str:
    parts = []
    if verdict.invented_numbers:
        parts.append("입력에 없는 숫자 " + ", ".join(verdict.invented_numbers))
    if verdict.invented_claims:
        parts.append("입력에 없는 주장 " + ", ".join(verdict.invented_claims))
    if verdict.contradictions:
        parts.append("입력과 다른 사실 " + "; ".join(verdict.contradictions))
    if verdict.coverage < 1 and verdict.missing_facts:
        parts.append(f"사실 반영률 {verdict.coverage:.0%} (누락: {', '.join(verdict.missing_facts)})")
    return " / ".join(parts) or "통과"


def ungrounded(text: str, facts: ProductFacts) -> list[str]:
    """Numbers and risky claims in ``text`` that the facts do not contain."""
    source = " ".join(_strings(facts.model_dump(mode="json"), frozenset()))
    numbers = sorted(_numbers(text) - _numbers(source))
    claims = sorted({c for c in RISKY_CLAIMS if c.lower() in text.lower()
                     and c.lower() not in source.lower()})
    return numbers + claims


def ground_plan(plan: PagePlan, facts: ProductFacts,
                default_titles: dict[BlockType, str]) -> tuple[PagePlan, list[str]]:
    """Page title, block titles and SEO fields are shown too: an invented number or claim
    there is replaced by the seller's own wording (product name, default titles)."""
    warnings = []
    update: dict = {}
    if bad := ungrounded(plan.title, facts):
        warnings.append(f"페이지 제목의 입력에 없는 내용({', '.join(bad)})을 제품명으로 바꿨습니다")
        update["title"] = facts.name
    blocks = []
    for block in plan.blocks:
        if bad := ungrounded(block.title, facts):
            warnings.append(f"블록 제목 '{block.title}'의 입력에 없는 내용({', '.join(bad)})을 "
                            "기본 제목으로 바꿨습니다")
            block = block.model_copy(update={"title": default_titles[block.block_type]})
        blocks.append(block)
    update["blocks"] = blocks
    seo = plan.seo
    if seo and (bad := ungrounded(" ".join([seo.meta_title, seo.meta_description, *seo.keywords]),
                                  facts)):
        warnings.append(f"SEO 문구의 입력에 없는 내용({', '.join(bad)})을 제거했습니다")
        update["seo"] = None
    return plan.model_copy(update=update), warnings
