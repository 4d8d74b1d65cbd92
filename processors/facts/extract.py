"""Turn free product text into ProductFacts — pure, deterministic, no I/O.

Sellers write product text as loosely structured lines ("가격: 28,000원", "보온 7시간, 보냉
24시간", "평생 보증 (제조 결함에 한함)"). We classify each line by its label (the text before
a colon) or by keywords, and copy values verbatim: nothing is paraphrased, so every number
that reaches a page is one the seller wrote.
"""

from __future__ import annotations

import re

from schemas.api import GenerationRequest
from schemas.facts import ProductFacts, Spec

# Label keyword → ProductFacts field. Checked in order; the first match wins.
_LABEL_FIELDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("가격", "판매가", "정가", "price"), "price"),
    (("브랜드 스토리", "브랜드스토리", "브랜드 이야기", "철학", "brand story"), "brand_story"),
    (("브랜드", "제조사", "brand", "maker"), "brand"),
    (("사용법", "사용 방법", "사용방법", "이용 방법", "섭취 방법", "how to use", "usage"), "usage"),
    (("세탁", "보관", "관리", "care", "storage"), "care"),
    (("주의", "경고", "알레르기", "caution", "warning", "allergen"), "cautions"),
    (("보증", "a/s", "warranty"), "warranty"),
    (("구성품", "구성", "included", "in the box"), "components"),
    (("비교", "compare", "comparison"), "comparisons"),
    (("소재", "재질", "원재료", "성분", "프레임", "좌판", "원단", "material", "ingredient"),
     "materials"),
    (("사이즈", "크기", "치수", "size", "dimension"), "sizes"),
    (("색상", "컬러", "colour", "color"), "colors"),
)
# Fields whose labelled lines also belong in the specification table.
_SPEC_FIELDS = {"brand", "materials", "sizes", "colors", "components", "cautions"}
_LIST_SPLIT = re.compile(r",\s*(?![^()]*\))")  # commas outside parentheses
# "프레임: 원목, 좌판: 캔버스" holds two labelled facts: split before each further "label:".
_MULTI_LABEL = re.compile(r",\s*(?=[^,:：()]{1,15}[:：])")
_LABELLED = re.compile(r"^\s*([^:：]{1,30}?)\s*[:：]\s*(.+)$")
# "보온 7시간", "최대 하중 120kg", "펼친 크기 58 x 62 x 78cm": a short label then a number.
_MEASURE = re.compile(r"^([^\d(),:]{1,15}?)\s+(\d.*)$")
_PRICE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)\s*원")
_PRICE_LINE = re.compile(r"^\s*(?:가격|판매가|정가|price)\s*[:：]?\s*(.+)$", re.IGNORECASE)


def split_list(value: str) -> list[str]:
    return [part.strip() for part in _LIST_SPLIT.split(value) if part.strip()]


def _field_for_label(label: str) -> str | None:
    low = label.lower()
    for keywords, field in _LABEL_FIELDS:
        if any(k in low for k in keywords):
            return field
    return None


def _parse_price(text: str) -> tuple[str | None, str | None]:
    match = _PRICE.search(text)
    if not match:
        return (text.strip() or None), None
    price = f"{match.group(1)}원"
    rest = (text[: match.start()] + text[match.end():]).strip()
    note = rest.strip(" ()[]") or None
    return price, note


def _measures(line: str) -> list[Spec]:
    """Specs from a line made only of "label number…" segments, else []."""
    specs = []
    for segment in split_list(line):
        match = _MEASURE.match(segment)
        if not match:
            return []
        specs.append(Spec(label=match.group(1).strip(), value=match.group(2).strip()))
    return specs


class _Builder:
    def __init__(self, request: GenerationRequest):
        self.facts = ProductFacts(
            name="",
            category=request.category,
            target_customer=request.target_customer,
            tone=request.tone or None,
            features=list(request.features),
            image_url=str(request.product_image_url) if request.product_image_url else None,
        )

    def labelled(self, label: str, value: str) -> None:
        facts = self.facts
        field = _field_for_label(label)
        if field == "price":
            facts.price, facts.price_note = _parse_price(value)
        elif field in ("brand", "warranty"):
            setattr(facts, field, value)
        elif field in ("care", "cautions") and label not in ("주의", "경고"):
            getattr(facts, field).append(f"{label}: {value}")
        elif field in ("usage", "cautions", "comparisons", "brand_story"):
            getattr(facts, field).append(value)
        elif field is not None:
            getattr(facts, field).extend(split_list(value))
        if field is None or (field in _SPEC_FIELDS and label not in ("주의", "경고")):
            facts.specs.append(Spec(label=label, value=value))

    def plain(self, line: str) -> None:
        facts = self.facts
        price_match = _PRICE_LINE.match(line)
        low = line.lower()
        if price_match and facts.price is None:
            facts.price, facts.price_note = _parse_price(price_match.group(1))
        elif any(k in low for k in ("보증", "a/s", "warranty")) and facts.warranty is None:
            facts.warranty = line
        elif low.startswith(("주의", "경고", "caution")):
            facts.cautions.append(line)
        else:
            measures = _measures(line)
            facts.specs.extend(measures)
            facts.highlights.append(line)


def extract_facts(request: GenerationRequest) -> ProductFacts:
    lines = [ln.strip(" \t-•·*") for ln in request.product_data.splitlines()]
    lines = [ln for ln in lines if ln]
    builder = _Builder(request)
    for position, line in enumerate(lines):
        labelled = _LABELLED.match(line)
        if position == 0 and not labelled:
            builder.facts.name = line
        elif labelled:
            for part in _MULTI_LABEL.split(line):
                match = _LABELLED.match(part)
                if match:
                    builder.labelled(match.group(1).strip(), match.group(2).strip())
        else:
            builder.plain(line)
    if not builder.facts.name:
        builder.facts.name = (lines[0] if lines else "상품")[:120]
    return builder.facts
