"""Turn free product text into ProductFacts — pure, deterministic, no I/O.

Sellers write product text as loosely structured lines ("가격: 28,000원", "보온 7시간, 보냉
24시간", "평생 보증 (제조 결함에 한함)"). Each statement (pagelogic/facts/lines.py) becomes
one typed fact (pagelogic/facts/classify.py) with its span; values are copied verbatim,
nothing is paraphrased, so every number that reaches a page is one the seller wrote.
"""

from __future__ import annotations

import re

from pagelogic.facts.classify import (
    answer_of,
    is_section_heading,
    label_kind,
    question_of,
    sentence_kind,
)
from pagelogic.facts.language import detect_language
from pagelogic.facts.legacy import fill_legacy
from pagelogic.facts.lines import QUALIFIERS, Segment, segments, valid_label
from pagelogic.facts.support import attach_support
from schemas.api import GenerationRequest
from schemas.facts import Fact, FactKind, ProductFacts

K = FactKind
_LIST_SPLIT = re.compile(r",\s*(?![^()]*\))")  # commas outside parentheses
# Statements sharing a line without labels: "용량 500ml • 무게 120g", "보온 7시간, 보냉 24시간".
_STATEMENT_SPLIT = re.compile(r",\s*(?![^()]*\))|\s+[•·|/]\s+")
# "보온 7시간", "최대 하중 120kg", "Weight 380 g": a short label then a number.
_MEASURE = re.compile(r"^([^\d(),:]{1,18}?)\s+((?:약|최대|최소|총|about|up to|approx\.?)?\s*\d.*)$",
                      re.IGNORECASE)
_PRICE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)\s*원|[$€£]\s?\d[\d,.]*|\d[\d,.]*\s?(?:USD|KRW)")
_PRICE_WORDS = ("가격", "판매가", "정가", "할인가", "price")
_UNIT = re.compile(r"\d[\d,.]*\s*(ml|mL|L|l|g|kg|mg|cm|mm|m|W|V|mAh|Wh|Hz|dB|cc|oz|lb|in|ft|kcal|"
                   r"GB|TB|MB|%|°C|℃|㎖|㎜|㎝|㎏|개월|시간|인분|개|매|분|초|일|년|종|팩|봉|포|입|장|"
                   r"병|구|호|세트|켤레|벌)(?![A-Za-z])")
_NAME_LABELS = ("상품명", "제품명", "품명", "product name", "name")
_WARRANTY = ("보증", "a/s", "warranty", "guarantee")


def split_list(value: str) -> list[str]:
    return [part.strip() for part in _LIST_SPLIT.split(value) if part.strip()]


def parse_price(text: str) -> tuple[str | None, str | None]:
    match = _PRICE.search(text)
    if not match:
        return (text.strip() or None), None
    rest = (text[: match.start()] + text[match.end():]).strip()
    return match.group(0).strip(), rest.strip(" ()[]-,") or None


def unit_of(value: str) -> str | None:
    match = _UNIT.search(value)
    return match.group(1) if match else None


def _measure(text: str) -> tuple[str, str] | None:
    """(label, value) of "label number…", the qualifier ("약", "최대") kept in the value."""
    text = " ".join(text.split())
    match = _MEASURE.match(text)
    if not match:
        return None
    words = match.group(1).split()
    while words and words[-1].lower().rstrip(".") in QUALIFIERS:
        words.pop()
    label = " ".join(words)
    if not label or not valid_label(label) or not _noun_phrase(label, text[len(label):]):
        return None
    return label, text[len(label):].strip()


_FUNCTION_WORDS = {"a", "an", "the", "with", "to", "for", "of", "on", "in", "by", "and", "or",
                   "up", "is", "are", "your", "it", "its", "from", "at", "lasts", "keeps"}


_CLAUSE_ENDINGS = ("어", "서", "고", "며", "면", "는", "을", "를", "에", "로", "해", "여", "은", "고는")


def _noun_phrase(label: str, value: str) -> bool:
    """English sentences look like "label number" too ("Connects with a 2.4 GHz receiver"):
    a Latin label must hold no function word and the value stay short."""
    if not re.search(r"[A-Za-z]", label):  # Korean: a clause ("부품이 있어") is no label
        return not label.split()[-1].endswith(_CLAUSE_ENDINGS)
    words = label.lower().split()
    return not (set(words) & _FUNCTION_WORDS) and len(value.split()) <= 5


class _Builder:
    def __init__(self, source: str):
        self.source = source
        self.facts: list[Fact] = []
        self._seen: set[str] = set()

    def add(self, kind: FactKind, text: str, start: int, end: int, **fields) -> None:
        key = re.sub(r"\W", "", text.lower())
        if key in self._seen:
            return  # the seller wrote it twice: the page says it once
        self._seen.add(key)
        self.facts.append(Fact(id=f"f{len(self.facts)}", kind=kind, text=text, start=start,
                               end=end, **fields))

    def labelled(self, seg: Segment) -> None:
        kind = label_kind(seg.label)
        if kind is K.price:
            price, note = parse_price(seg.value)
            self.add(K.price, seg.text, seg.start, seg.end, label=seg.label, value=price,
                     unit=note)
        elif kind is K.feature:
            for part in split_list(seg.value):
                self.add(K.claim, part, *self._span(part, seg))
        else:
            unit = unit_of(seg.value) if kind is K.spec else None
            self.add(kind, seg.text, seg.start, seg.end, label=seg.label, value=seg.value,
                     unit=unit)

    def _span(self, part: str, seg: Segment) -> tuple[int, int]:
        at = self.source.find(part, seg.start, seg.end)
        return (at, at + len(part)) if at >= 0 else (seg.start, seg.end)

    def plain(self, seg: Segment) -> None:
        text = seg.text
        if is_section_heading(text):
            return
        if text.lower().startswith(_PRICE_WORDS) and _PRICE.search(text):
            price, note = parse_price(re.sub(r"^\S+\s*", "", text))
            self.add(K.price, text, seg.start, seg.end, value=price, unit=note)
            return
        kind = sentence_kind(text, seg.numbered)
        if kind is K.claim and self._measures(seg):
            return
        if kind is K.claim and any(w in text.lower() for w in _WARRANTY):
            self.add(K.spec, text, seg.start, seg.end, label=None, value=text)
            return
        self.add(kind, text, seg.start, seg.end)

    def _measures(self, seg: Segment) -> bool:
        """"보온 7시간, 보냉 24시간" → two spec facts; a line mixing measures with short
        phrases splits too; a sentence with commas stays one claim."""
        parts = [p.strip() for p in _STATEMENT_SPLIT.split(seg.text) if p.strip()]
        measured = [(_measure(p), p) for p in parts]
        if not any(m for m, _ in measured) or any(not m and len(p) > 30 for m, p in measured):
            return False
        for found, part in measured:
            start, end = self._span(part, seg)
            if found:
                self.add(K.spec, part, start, end, label=found[0], value=found[1],
                         unit=unit_of(found[1]))
            else:
                self.add(sentence_kind(part), part, start, end)
        return True

    def question(self, seg: Segment, answer: Segment) -> None:
        self.add(K.faq, f"{seg.text} {answer.text}", seg.start, answer.end,
                 label=question_of(seg.text), value=answer_of(answer.text))


def _name(segs: list[Segment]) -> tuple[str, list[Segment]]:
    for i, seg in enumerate(segs):
        if seg.label and seg.label.lower() in _NAME_LABELS:
            return seg.value, segs[:i] + segs[i + 1:]
    if segs and not segs[0].label:
        return segs[0].text, segs[1:]
    return "", segs


def _walk(builder: _Builder, segs: list[Segment]) -> None:
    i = 0
    while i < len(segs):
        seg = segs[i]
        nxt = segs[i + 1] if i + 1 < len(segs) else None
        if nxt and question_of(seg.text) and answer_of(nxt.text):
            builder.question(seg, nxt)
            i += 2
            continue
        if seg.label and not answer_of(seg.text):
            builder.labelled(seg)
        else:
            builder.plain(seg)
        i += 1


def extract_facts(request: GenerationRequest) -> ProductFacts:
    source = request.product_data
    segs = segments(source)
    name, rest = _name(segs)
    builder = _Builder(source)
    _walk(builder, rest)
    if request.target_customer:
        builder.add(K.audience, request.target_customer, 0, len(request.target_customer),
                    source="target_customer")
    facts = attach_support(builder.facts, request.features)
    tone = getattr(request.tone, "value", request.tone)
    language = detect_language(" ".join([source, *request.features]))
    product = ProductFacts(
        name=(name or (source.strip().splitlines() or ["상품"])[0])[:120],
        category=request.category, target_customer=request.target_customer, tone=tone,
        features=list(request.features), facts=facts, input_language=language,
        language=language,
        image_url=str(request.product_image_url) if request.product_image_url else None)
    return fill_legacy(product)
