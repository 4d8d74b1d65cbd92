"""(label, value) pairs with their exact position in the product text — pure.

The notice filler works on pairs, so it does not depend on how the fact extractor models a
product. ``pairs_from_text`` is a small, self-contained reading of the usual seller layouts
("제조국: 대한민국", "무게 3.4kg", "프레임: 원목, 좌판: 캔버스"); callers may pass pairs of
their own instead, with or without positions (``locate`` finds them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_BULLETS = " \t-•·*▶■□◆◇○●※"
_LABELLED = re.compile(r"^([^:：]{1,30}?)\s*[:：]\s*(\S.*)$")
# "프레임: 원목, 좌판: 캔버스": a further "label:" after a comma starts another pair.
_NEXT_LABEL = re.compile(r",\s*(?=[^,:：()]{1,15}[:：])")
# "무게 3.4kg", "A/S 1년": a short label, then a value that starts with a number.
_MEASURE = re.compile(r"^([^\d(),:：]{1,15}?)\s+(\d.*)$")
# "보관 시 직사광선을 피하세요" is a sentence, not the label 보관 with a value.
_SENTENCE_WORDS = {"시", "후", "전", "중", "및", "때", "할", "하는", "하면", "이", "가", "은", "는", "을",
                   "를", "에", "의", "도"}
_PARTICLES = set("은는이가을를에의도로")
_SEGMENT = re.compile(r",\s*(?![^()]*\))")
PHONE = re.compile(r"(?<!\d)(?:0\d{1,2}[-. )]{0,2}\d{3,4}[-. ]?\d{4}|1[5-9]\d{2}[-. ]?\d{4})(?!\d)")


@dataclass(frozen=True)
class Pair:
    label: str
    value: str
    line: int | None = None  # 1-based line of the product text
    start: int | None = None  # offsets of ``value`` in the product text
    end: int | None = None


def _lines(text: str) -> Iterable[tuple[int, int, str]]:
    """(line number, offset of the line, line) for every line."""
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        yield number, offset, line.rstrip("\r\n")
        offset += len(line)


def _pair(label: str, value: str, number: int, base: int, line: str, at: int) -> Pair:
    start = line.index(value, at)
    return Pair(label.strip(), value, number, base + start, base + start + len(value))


def _line_pairs(number: int, base: int, line: str, terms: tuple[str, ...]) -> list[Pair]:
    body = line.strip(_BULLETS)
    if not body:
        return []
    at = line.index(body)
    if _LABELLED.match(body):
        pairs, cursor = [], at
        for segment in _NEXT_LABEL.split(body):
            match = _LABELLED.match(segment)
            if match:
                cursor = line.index(segment, cursor)
                value = match.group(2).strip()
                pairs.append(_pair(match.group(1), value, number, base, line, cursor))
                cursor += len(segment)
        return pairs
    lowered = body.lower()
    for term in terms:  # "제조국 대한민국", "KC 인증번호 XU071234-20001"
        if lowered.startswith(term) and len(body) > len(term) and body[len(term)] in " \t":
            value = body[len(term):].strip()
            first = value.split()[0]
            if first in _SENTENCE_WORDS or (len(first) > 1 and first[-1] in _PARTICLES):
                break  # "보증 기간은 …": a sentence about the term, not its value
            return [_pair(body[:len(term)], value, number, base, line, at + len(term))]
    pairs, cursor = [], at
    for segment in _SEGMENT.split(body):
        match = _MEASURE.match(segment.strip())
        if not match:
            return []
        cursor = line.index(segment, cursor)
        pairs.append(_pair(match.group(1), match.group(2).strip(), number, base, line, cursor))
        cursor += len(segment)
    return pairs


def pairs_from_text(text: str, terms: Iterable[str] = ()) -> list[Pair]:
    """Every labelled value of the text. ``terms``: labels that may stand without a colon."""
    ordered = tuple(sorted({t.lower() for t in terms}, key=len, reverse=True))
    out: list[Pair] = []
    for number, base, line in _lines(text):
        out.extend(_line_pairs(number, base, line, ordered))
    return out


def locate(pairs: Iterable[tuple[str, str] | Pair], text: str) -> list[Pair]:
    """Pairs given without positions (e.g. by a fact extractor) get the first place in the
    text where their value is written; a value the text does not contain is dropped, because
    the notice only shows what can be traced to the seller's input."""
    out = []
    for pair in pairs:
        if isinstance(pair, Pair) and pair.start is not None:
            out.append(pair)
            continue
        label, value = (pair.label, pair.value) if isinstance(pair, Pair) else pair
        start = text.find(value)
        if start < 0:
            continue
        line = text.count("\n", 0, start) + 1
        out.append(Pair(label, value, line, start, start + len(value)))
    return out


def _mentions(text: str, term: str) -> bool:
    """Latin terms only as whole words ("care" is not in "skincare")."""
    if term.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])", text) is not None
    return term in text


def lines_with(text: str, terms: Iterable[str]) -> list[tuple[int, int, str]]:
    """(line number, offset, stripped line) of lines that mention one of ``terms``."""
    terms = [t.lower() for t in terms]
    found = []
    for number, base, line in _lines(text):
        body = line.strip(_BULLETS)
        if body and any(_mentions(body.lower(), t) for t in terms):
            found.append((number, base + line.index(body), body))
    return found
