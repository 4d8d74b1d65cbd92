"""Pair each seller feature with the one sentence of the input that backs it — pure.

Pairs are chosen best-first over all (feature, sentence) scores, not feature by feature, so
a feature cannot take the sentence that fits a later one better (two English descriptions
were swapped that way). The sentence then lives inside its feature card only.
"""

from __future__ import annotations

import re

from pagelogic.facts.classify import sentence_kind
from schemas.facts import Fact, FactKind

K = FactKind
_WORD = re.compile(r"[a-z0-9]+")
_STOP = {"the", "and", "for", "with", "your", "you", "are", "this", "that", "from", "all"}
_MIN_SCORE = 0.3
_ADVICE = (K.notice, K.caution, K.sizing, K.care)


def tokens(text: str) -> set[str]:
    """Latin words (plural "s" dropped) and Hangul character bigrams."""
    low = text.lower()
    words = {w[:-1] if w.endswith("s") and len(w) > 3 else w
             for w in _WORD.findall(low) if len(w) > 2 and w not in _STOP}
    hangul = re.sub(r"[^\uac00-\ud7a3]", "", low)
    return words | {hangul[i:i + 2] for i in range(len(hangul) - 1)}


def score(feature: str, sentence: str) -> float:
    wanted = tokens(feature)
    return len(wanted & tokens(sentence)) / len(wanted) if wanted else 0.0


def _key(text: str) -> str:
    return re.sub(r"\W", "", text.lower())


def _same(a: str, b: str) -> bool:
    return _key(a) == _key(b)


def _pairs(features: list[str], claims: list[Fact]) -> dict[int, Fact]:
    scored = sorted(((score(f, c.text), -i, -j, i, c) for i, f in enumerate(features)
                     for j, c in enumerate(claims)), key=lambda x: x[:3], reverse=True)
    chosen: dict[int, Fact] = {}
    taken: set[str] = set()
    for value, _, _, i, claim in scored:
        if value >= _MIN_SCORE and i not in chosen and claim.id not in taken:
            chosen[i] = claim
            taken.add(claim.id)
    return chosen


def _sentence(value: str | None) -> bool:
    """A sentence, not a measure: "무드등: 7색" stays a spec row."""
    return bool(value) and len(value.split()) >= 3


def _labelled_by_feature(features: list[str], facts: list[Fact]) -> dict[int, Fact]:
    """"Touch dimming: slide a finger…" under a seller feature "Touch dimming" is that
    feature's sentence, not a spec row (as a row the page said the feature twice)."""
    found: dict[int, Fact] = {}
    for i, feature in enumerate(features):
        match = next((f for f in facts if f.kind is K.spec and f.label and _sentence(f.value)
                      and _same(f.label, feature) and f not in found.values()), None)
        if match:
            found[i] = match
    return found


def _support(features: list[str], facts: list[Fact]) -> dict[int, Fact]:
    direct = _labelled_by_feature(features, facts)
    rest = [i for i in range(len(features)) if i not in direct]
    claims = [f for f in facts if f.kind in (K.claim, K.certification)]
    paired = _pairs([features[i] for i in rest], claims)
    return {**{rest[k]: c for k, c in paired.items()}, **direct}


def attach_support(facts: list[Fact], features: list[str]) -> list[Fact]:
    """Facts plus one feature fact per seller feature; a claim that backs a feature becomes
    that feature's value and is not kept separately."""
    chosen = _support(features, facts)
    used = {c.id for c in chosen.values()}
    kept = [f for f in facts if f.id not in used]
    said = {_key(f.value) for f in kept if f.value} | {_key(f.text) for f in kept}
    for i, feature in enumerate(features):
        if _key(feature) in said:
            continue  # the feature repeats a statement the page shows anyway (a spec value)
        said.add(_key(feature))
        kind = sentence_kind(feature)
        claim = chosen.get(i)
        sentence = claim and (claim.value if claim.kind is K.spec else claim.text)
        value = sentence if sentence and not _same(sentence, feature) else None
        kept.append(Fact(id=f"f{len(facts) + i}",
                         kind=kind if kind in _ADVICE else K.feature,
                         text=feature, label=feature, value=value,
                         source=f"features[{i}]", start=0, end=len(feature)))
    return kept
