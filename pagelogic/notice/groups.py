"""The notice's product groups and their items (data/notice_groups.json) and the choice of a
group for a seller's category — pure.

The data file is the single place that changes when the Fair Trade Commission amends the
notice (docs/notice.md); this module only reads it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).parent / "data" / "notice_groups.json"


@dataclass(frozen=True)
class Part:
    label: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    parts: tuple[Part, ...]  # one part for most items; "크기, 무게" has two
    detail_ref: bool = False  # "상세페이지 참조" allowed when the page shows the content
    when: str | None = None  # the notice requires the item only in this case
    phone: bool = False  # the value must contain a telephone number
    name_fallback: bool = False  # the product name answers it when nothing else does
    ask: str | None = None


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    naver_type: str
    keywords: tuple[str, ...]
    category_names: tuple[str, ...]
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Notice:
    meta: dict[str, Any]
    groups: dict[str, Group]

    @property
    def version(self) -> str:
        return f"{self.meta['version']} (data {self.meta['data_version']})"

    @property
    def default(self) -> Group:
        return self.groups[self.meta["default_group"]]


def _terms(match: list[str], aliases: dict[str, list[str]]) -> tuple[str, ...]:
    out: list[str] = []
    for term in match:
        out.extend(aliases[term[1:]] if term.startswith("@") else [term])
    return tuple(dict.fromkeys(t.lower() for t in out))


def _item(raw: dict, aliases: dict[str, list[str]]) -> Item:
    if "parts" in raw:
        parts = tuple(Part(p["label"], _terms(p["match"], aliases)) for p in raw["parts"])
    else:
        parts = (Part(raw["label"], _terms(raw["match"], aliases)),)
    return Item(key=raw["key"], label=raw["label"], parts=parts,
                detail_ref=raw.get("detail_ref", False), when=raw.get("when"),
                phone=raw.get("phone", False), name_fallback=raw.get("name_fallback", False),
                ask=raw.get("ask"))


def _title_words(title: str) -> list[str]:
    """A seller may write the notice's own group name ("가정용 전기제품", "호텔/펜션 예약")."""
    head = title.split("(")[0].strip()
    pieces = [p.strip() for p in head.split("/")]
    return [p for p in pieces if len(p) >= 3 or (len(pieces) > 1 and len(p) >= 2)]


@lru_cache(maxsize=4)
def load_notice(path: Path = DATA_FILE) -> Notice:
    data = json.loads(path.read_text(encoding="utf-8"))
    aliases = data["aliases"]
    groups = {}
    for raw in data["groups"]:
        groups[raw["key"]] = Group(
            key=raw["key"], title=raw["title"], naver_type=raw["naver_type"],
            keywords=tuple(k.lower() for k in [*raw["keywords"], *_title_words(raw["title"])]),
            category_names=tuple(raw.get("category_names", ())),
            items=tuple(_item(i, aliases) for i in raw["items"]))
    return Notice(meta=data["notice"], groups=groups)


def keyword_hit(keyword: str, text: str) -> bool:
    """Korean keywords match inside words ("보온텀블러"); Latin ones only as whole words, so
    "car" does not match "card" or "scarf"."""
    if keyword.isascii():
        return _whole_word(keyword).search(text) is not None
    return keyword in text


@lru_cache(maxsize=None)  # the notice's keywords: a fixed set, more than re's own cache holds
def _whole_word(keyword: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9]){re.escape(keyword)}(?![a-z0-9])")


def _best_keyword(notice: Notice, text: str, preferred: Group | None = None) -> Group | None:
    """The group whose longest matching keyword is longest ("이어폰" beats "폰"); spaces are
    ignored for Korean ("캠핑 의자" is "캠핑의자"); ``preferred`` (the group of the seller's
    library category) wins a tie."""
    text = text.lower()
    compact = text.replace(" ", "")
    best: tuple[float, Group] | None = None
    for group in notice.groups.values():
        bonus = 0.5 if group is preferred else 0.0
        for keyword in group.keywords:
            hit = keyword_hit(keyword, text) or (not keyword.isascii() and keyword in compact)
            if hit and (best is None or len(keyword) + bonus > best[0]):
                best = (len(keyword) + bonus, group)
    return best[1] if best else None


def group_for(category: str | None, product_name: str | None = None,
              notice: Notice | None = None) -> Group:
    """The notice group for a seller's category (free text, Korean or English, or the name of
    a template-library category) — the product name decides when the category does not — and
    the notice's catch-all group (기타 재화) otherwise."""
    notice = notice or load_notice()
    category = (category or "").strip()
    by_name = {name: g for g in notice.groups.values() for name in g.category_names}
    if category and category not in by_name:
        found = _best_keyword(notice, category)
        if found:
            return found
    found = _best_keyword(notice, product_name or "", by_name.get(category))
    if found:
        return found
    return by_name.get(category) or notice.default
