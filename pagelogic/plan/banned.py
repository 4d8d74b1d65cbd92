"""Banned words (``controls.banned_words``) — pure. Deleting only the word changes what a
sentence says ("BPA 프리 뚜껑" → "프리 뚜껑", "평생 보증" → "보증"), so the unit removed is
the sentence or the claim holding it: a sentence of running text, a list item, a table row
(its value is a claim), a feature or FAQ item, a heading. What was removed is returned so
the seller can be told (SellerWarning ``banned_words``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pagelogic import messages
from pagelogic.blocks import labels
from schemas.controls import SeoFields
from schemas.notice import NoticeFill, NoticeRow
from schemas.plan import PagePlan, StyleConcept

# The end of a sentence: . ! ? (and their full-width forms, …) followed by closing quotes or
# brackets, then a space or the end — so "8.5cm" and "v1.2" are not split. A line break
# always ends one (list items), and so does a spaced middle dot ("보온 · 보냉", SEO lists).
_BREAK = re.compile(r"[.!?。！？…]+[\"'”’)\]」』]*(?=\s|$)|\n+|\s+[·•|]\s+")
_JOINERS = ("\n", " · ", " ")

# Fields that are one claim each: a heading, a title, a table cell, a question, a badge.
WHOLE = frozenset({"heading", "headline", "subheadline", "title", "label", "value", "question",
                   "brand", "notes_heading", "label_heading", "value_heading", "alt",
                   "meta_title", "concept_name"})
# A claim whose text loses everything but one of these is no longer a claim: an FAQ answer
# without its answer, a table row without its value.
ESSENTIAL = frozenset({"answer", "value", "question", "label", "title"})
# Slot keys that are not text shown to a buyer.
NOT_TEXT = frozenset({"ref", "price", "price_note", "missing"})


def split_sentences(text: str) -> list[tuple[str, str]]:
    """``(sentence, separator that followed it)`` in order; sentences keep their end mark,
    list items their bullet. ``"".join(s + sep ...)`` gives the text back (spaces trimmed)."""
    out: list[tuple[str, str]] = []
    start = 0
    for match in _BREAK.finditer(text):
        mark = match.group(0)
        if mark.strip() and mark.strip()[0] not in "·•|":   # an end mark stays with its sentence
            piece, start = text[start:match.end()], match.end()
            separator = ""
        else:
            piece, start = text[start:match.start()], match.end()
            separator = "\n" if "\n" in mark else mark
        if piece.strip():
            out.append((piece.strip(), separator))
        elif out and separator:
            out[-1] = (out[-1][0], separator)
    if text[start:].strip():
        out.append((text[start:].strip(), ""))
    return [(s, sep or " ") for s, sep in out]


def sentences(text: str) -> list[str]:
    return [s for s, _ in split_sentences(text)]


@dataclass
class Banned:
    """The seller's banned words, matched case-insensitively anywhere in a text (Korean has
    no word boundaries: "보증" inside "평생보증" is still the claim)."""

    words: list[str]
    removed: list[str] = field(default_factory=list)
    alt: str = ""  # an image description holding a word becomes this (not listed as removed)

    def __post_init__(self) -> None:
        words = sorted({w.strip() for w in self.words if w and w.strip()}, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) \
            if words else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def found(self, text: str) -> bool:
        return bool(self._pattern and isinstance(text, str) and self._pattern.search(text))

    def in_tree(self, value: Any) -> bool:
        if isinstance(value, str):
            return self.found(value)
        if isinstance(value, list):
            return any(self.in_tree(v) for v in value)
        if isinstance(value, dict):
            return any(self.in_tree(v) for k, v in value.items() if k not in NOT_TEXT)
        return False

    def text(self, value: str) -> str:
        """``value`` without the sentences holding a banned word ("" when none is left)."""
        if not self.found(value):
            return value
        kept: list[tuple[str, str]] = []
        for sentence, separator in split_sentences(value):
            if self.found(sentence):
                self.removed.append(sentence)
            else:
                kept.append((sentence, separator))
        return "".join(s + sep for s, sep in kept).rstrip(" ·•|\n")

    def whole(self, value: str) -> str:
        """A claim that is one unit: kept as it is or removed entirely."""
        if self.found(value):
            self.removed.append(value.strip())
            return ""
        return value

    def field(self, key: str, value: str) -> str:
        if key == "alt":
            return self.alt if self.found(value) else value
        return self.whole(value) if key in WHOLE else self.text(value)

    def claim(self, item: dict) -> dict | None:
        """A list item with several fields (feature, table row, FAQ): removed as a whole when
        one of its one-unit fields holds a banned word or an essential field ends up empty."""
        if any(k in WHOLE and self.found(v) for k, v in item.items()):
            self.removed.append(" — ".join(v for k, v in item.items()
                                           if isinstance(v, str) and v and k not in NOT_TEXT))
            return None
        out = {k: self.text(v) if isinstance(v, str) and k not in NOT_TEXT else v
               for k, v in item.items()}
        if any(k in ESSENTIAL and item.get(k) and not out.get(k) for k in out):
            return None
        return out

    def items(self, values: list) -> list:
        kept = []
        for value in values:
            if isinstance(value, str):
                value = self.text(value)
            elif isinstance(value, dict):
                value = self.claim(value)
            if value:
                kept.append(value)
        return kept

    def slots(self, data: dict, skip: frozenset[str] = frozenset()) -> dict:
        """A block's slot values (a dict) without the banned sentences and claims."""
        out = {}
        for key, value in data.items():
            if key in skip or key in NOT_TEXT:
                out[key] = value
            elif isinstance(value, str):
                out[key] = self.field(key, value)
            elif isinstance(value, list):
                out[key] = self.items(value)
            elif isinstance(value, dict):
                out[key] = self.slots(value, skip)
            else:
                out[key] = value
        return out


HEADING_KEYS = frozenset({"heading", "notes_heading", "label_heading", "value_heading",
                          "shipping_heading"})


def has_content(data: dict) -> bool:
    """Whether slot values still say something besides headings (a block reduced to its
    heading is left out, not shown empty)."""
    for key, value in data.items():
        if key in HEADING_KEYS or key in NOT_TEXT:
            continue
        if (isinstance(value, str) and value.strip()) or (isinstance(value, list) and value):
            return True
    return False


def removed_summary(removed: list[str], limit: int = 5, width: int = 40) -> str:
    """The removed sentences for the seller: at most ``limit``, each cut to ``width``."""
    unique = list(dict.fromkeys(r for r in removed if r))
    shown = [f"“{r if len(r) <= width else r[:width - 1] + '…'}”" for r in unique[:limit]]
    more = f" 외 {len(unique) - limit}개" if len(unique) > limit else ""
    return ", ".join(shown) + more


def scrub_plan(plan: PagePlan, words: list[str]) -> PagePlan:
    """The plan without banned sentences and claims: titles fall back to the page's neutral
    block headings, SEO keeps what is left; ``banned_removed`` lists what went."""
    banned = Banned(words)
    if not banned:
        return plan
    lang = labels.lang_of(plan.language)
    title = banned.whole(plan.title) or messages.t("page.untitled", lang)
    blocks = [b.model_copy(update={"title": banned.whole(b.title)
                                   or labels.TITLES[lang].get(b.block_type, "")})
              for b in plan.blocks]
    unseen = Banned(words)  # image prompts go to the image model, never onto the page
    images = [i.model_copy(update={"alt": messages.t("image.alt", lang) if banned.found(i.alt)
                                   else i.alt,
                                   "prompt": unseen.text(i.prompt) or title})
              for i in plan.images]
    seo = None
    if plan.seo is not None:
        seo = SeoFields(meta_title=(banned.whole(plan.seo.meta_title) or title)[:70],
                        meta_description=banned.text(plan.seo.meta_description),
                        keywords=banned.items(plan.seo.keywords))
    style = StyleConcept.model_validate(banned.slots(plan.style.model_dump(mode="json"),
                                                     skip=frozenset({"palette"})))
    return plan.model_copy(update={
        "title": title, "blocks": blocks, "images": images, "seo": seo, "style": style,
        "banned_removed": [*plan.banned_removed, *banned.removed]})


def scrub_notice(fill: NoticeFill, words: list[str]) -> tuple[NoticeFill, list[str]]:
    """상품정보제공고시 rows must state the value, not a cut one: a row whose value holds a
    banned word goes back to '입력 필요' with its question, so the seller words it anew."""
    banned = Banned(words)
    if not banned:
        return fill, []
    removed: list[str] = []

    def clean(rows: list[NoticeRow]) -> list[NoticeRow]:
        out = []
        for row in rows:
            if banned.found(row.value or ""):
                removed.append(f"{row.label} — {row.value}")
                row = row.model_copy(update={"value": None, "status": "missing", "sources": [],
                                             "missing_parts": []})
            out.append(row)
        return out

    return fill.model_copy(update={"rows": clean(fill.rows),
                                   "shipping": clean(fill.shipping)}), removed
