"""Fill a product group's notice items from the seller's own words — pure.

Input: (label, value) pairs from the product text, the raw text, the product name, the
seller's settings and the seller's answers. Output: one row per item with its value and
where the value came from, or the item marked missing with a question in Korean. A value is
only ever copied (never composed from general knowledge): an item nobody gave stays missing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from pagelogic.blocks.content import object_particle
from pagelogic.notice.groups import Group, Item, Notice, Part, keyword_hit, load_notice
from pagelogic.notice.shipping import shipping_rows
from pagelogic.notice.text import PHONE, Pair, lines_with, locate, pairs_from_text
from schemas.notice import NoticeFill, NoticeRow, NoticeSource

DETAIL_REF = "상세페이지 참조"
LONG_VALUE = 160  # longer than this reads badly in a table cell: point to the page instead
_MODEL_TERMS = ("모델명", "모델", "품번", "model")
_NAME_TERMS = ("품명", "제품명", "상품명", "도서명", "품목", "product name")
_SPACES = re.compile(r"\s+")


@dataclass
class NoticeInput:
    text: str
    name: str | None = None
    price: str | None = None  # no item of the current notice is answered by the price alone
    pairs: list[Pair] | None = None  # None: read them from the text
    settings: Mapping[str, object] = field(default_factory=dict)
    answers: Mapping[str, str] = field(default_factory=dict)


def _norm(text: str) -> str:
    return _SPACES.sub("", text.lower())


@lru_cache(maxsize=8192)  # labels and terms repeat across items and pages: ~800 calls a page
def _score(label: str, term: str) -> int:
    label, compact = _norm(label), _norm(term)
    if label == compact:
        return 3
    if label.startswith(compact):
        return 2
    if term.isascii():
        return 1 if keyword_hit(term, label.replace("/", " / ")) or compact in label else 0
    return 1 if compact in label else 0


def _best(pairs: list[Pair], terms: tuple[str, ...], phone: bool) -> Pair | None:
    best: tuple[int, int, Pair] | None = None
    for order, pair in enumerate(pairs):
        if phone and not PHONE.search(pair.value):
            continue
        score = max((_score(pair.label, t) for t in terms), default=0)
        if score and (best is None or (score, -order) > (best[0], -best[1])):
            best = (score, order, pair)
    return best[2] if best else None


def _text_source(pair: Pair) -> NoticeSource:
    return NoticeSource(kind="text", label=pair.label, line=pair.line, start=pair.start,
                        end=pair.end, excerpt=pair.value[:400])


def _question(item: Item, missing: list[str] | None = None) -> str:
    if missing:
        joined = "·".join(missing)
        return f"{joined}{object_particle(joined)} 알려 주세요"
    base = item.ask or f"{item.label}{object_particle(item.label)} 알려 주세요"
    if item.when:
        return f"{base} ({item.when} — 해당하지 않으면 '해당 없음'이라고 답해 주세요)"
    return base


def _row(item: Item) -> NoticeRow:
    return NoticeRow(key=f"notice.{item.key}", label=item.label, when=item.when,
                     question=_question(item))


def _name_row(row: NoticeRow, item: Item, given: NoticeInput, pairs: list[Pair]) -> bool:
    """품명(및 모델명): an explicit name line first, else the product name, plus the model."""
    named = _best(pairs, _NAME_TERMS, False)
    model = _best(pairs, _MODEL_TERMS, False)
    if named is None and not given.name:
        return False
    sources = [_text_source(named)] if named else [
        NoticeSource(kind="name", label="상품명", excerpt=given.name[:400])]
    value = named.value if named else given.name
    if model is not None and model is not named and "모델" in item.label:
        value, sources = f"{value} / 모델명 {model.value}", [*sources, _text_source(model)]
    row.value, row.status, row.sources = value, "filled", sources
    return True


def _detail_ref(row: NoticeRow, item: Item, text: str) -> bool:
    """"상세페이지 참조" only for items the notice lets point to the page, and only when the
    product text (which the page shows) really talks about the item."""
    if not item.detail_ref:
        return False
    found = lines_with(text, [t for p in item.parts for t in p.terms if len(t) > 1])
    if not found:
        return False
    number, start, line = found[0]
    row.value, row.status = DETAIL_REF, "detail_ref"
    row.sources = [NoticeSource(kind="text", line=number, start=start, end=start + len(line),
                                excerpt=line[:400])]
    return True


def _phone_from_text(item: Item, text: str) -> NoticeSource | None:
    for number, start, line in lines_with(text, item.parts[0].terms):
        match = PHONE.search(line)
        if match:
            return NoticeSource(kind="text", line=number, start=start + match.start(),
                                end=start + match.end(), excerpt=match.group())
    return None


def _phone_row(row: NoticeRow, item: Item, given: NoticeInput) -> bool:
    source = _phone_from_text(item, given.text)
    if source is None and given.settings.get("as_phone"):
        source = NoticeSource(kind="settings", label="as_phone",
                              excerpt=str(given.settings["as_phone"]))
    if source is None:
        return False
    row.value, row.status, row.sources = source.excerpt, "filled", [source]
    return True


def _parts_row(row: NoticeRow, item: Item, pairs: list[Pair]) -> bool:
    found: list[tuple[Part, Pair]] = []
    for part in item.parts:
        pair = _best(pairs, part.terms, item.phone)
        if pair is not None and all(pair is not p for _, p in found):
            found.append((part, pair))
    if not found:
        return False
    many = len(item.parts) > 1
    # Several parts: each value under the seller's own label ("유통기한 …" stays 유통기한).
    row.value = " / ".join(f"{pair.label} {pair.value}" if many else pair.value
                           for _, pair in found)
    row.sources = [_text_source(pair) for _, pair in found]
    row.missing_parts = [p.label for p in item.parts if p not in {f[0] for f in found}]
    row.status = "filled"
    if row.missing_parts:
        row.question = _question(item, row.missing_parts)
    if len(row.value) > LONG_VALUE and item.detail_ref and not row.missing_parts:
        row.value, row.status = DETAIL_REF, "detail_ref"
    return True


def fill_item(item: Item, given: NoticeInput, pairs: list[Pair]) -> NoticeRow:
    row = _row(item)
    answer = given.answers.get(row.key)
    if answer:
        row.value, row.status = answer, "filled"
        row.sources = [NoticeSource(kind="answer", label=row.key, excerpt=answer[:400])]
        return row
    if item.name_fallback and _name_row(row, item, given, pairs):
        return row
    if _parts_row(row, item, pairs):
        return row
    if item.phone and _phone_row(row, item, given):
        return row
    _detail_ref(row, item, given.text)
    return row


def all_terms(notice: Notice) -> set[str]:
    return {t for g in notice.groups.values() for i in g.items for p in i.parts for t in p.terms}


def fill_notice(given: NoticeInput, group: Group, notice: Notice | None = None) -> NoticeFill:
    """The group's notice table and the shipping/returns section for one product."""
    notice = notice or load_notice()
    pairs = locate(given.pairs, given.text) if given.pairs is not None else \
        pairs_from_text(given.text, all_terms(notice))
    rows = [fill_item(item, given, pairs) for item in group.items]
    return NoticeFill(notice_version=notice.version, group_key=group.key,
                      group_title=group.title, naver_type=group.naver_type, rows=rows,
                      shipping=shipping_rows(given.settings, given.answers),
                      answers=dict(given.answers))
