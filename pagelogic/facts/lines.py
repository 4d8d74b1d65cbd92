"""Cut free product text into statements with their spans — pure.

Sellers paste text in every shape: bullets and emoji, "label: value", "label - value",
tables copied with tabs or pipes, several facts on one line ("소재: 면 / 색상: 블랙"). Each
statement keeps its offsets in the input, so every fact on a page points back to the exact
words the seller wrote.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Words that qualify a number, never name a property: "약 120g" has no label.
QUALIFIERS = ("약", "최대", "최소", "총", "평균", "대략", "무려", "단", "about", "approx",
              "approx.", "approximately", "up to", "max", "min", "over", "under", "around", "ca.")
_LINE = re.compile(r"[^\r\n]+")
_NUMBERED = re.compile(r"^(?:step\s*\d+[.:)]?|\d{1,2}\s*[.)]\s|\d{1,2}\s*[.)](?=\D)|[①-⑳])\s*",
                       re.IGNORECASE)
_LABEL_SEP = re.compile(r"\s*(?:[:：]|\t+|\s[-–—=]\s|\s→\s)\s*")
_BRACKET_LABEL = re.compile(r"^[\[【<〈]([^\]】>〉]{1,20})[\]】>〉]\s*(.+)$")
# A further "label:" inside a line starts another statement: "소재: 면 / 색상: 블랙".
# "/" and "|" need a space before them: "A/S: 1년" is one label.
_NEXT_LABEL = re.compile(r"(?:\s*,|\s+[/|·]|\s{2,})\s*(?=[^,/|·:：\d][^,/|·:：]{0,18}[:：]\s*\S)")
_HEADER_WORDS = {"항목", "구분", "내용", "사양", "값", "item", "spec", "specification", "value",
                 "detail", "details", "name"}
_TABLE_RULE = re.compile(r"^[\s|:+-]+$")


@dataclass
class Segment:
    text: str
    start: int
    end: int
    label: str | None = None
    value: str | None = None
    numbered: bool = False


def _is_decoration(char: str) -> bool:
    category = unicodedata.category(char)
    return category in ("So", "Sk", "Cf", "Mn") or char in "-•·*▶▷►✓✔☑■□◆◇○●◎※>→|~ \t"


def _trim(text: str, start: int) -> tuple[str, int]:
    """Drop bullets, emoji and spaces around a statement; return it and its new start."""
    left = 0
    while left < len(text) and _is_decoration(text[left]):
        left += 1
    right = len(text)
    while right > left and (_is_decoration(text[right - 1]) or text[right - 1] in "|"):
        right -= 1
    return text[left:right], start + left


def valid_label(label: str) -> bool:
    label = label.strip()
    if not 1 <= len(label) <= 20 or label[0].isdigit():
        return False
    if label.lower().rstrip(".") in QUALIFIERS or label.endswith(("다", ".", "요")):
        return False
    return len(label.split()) <= 4


def _labelled(text: str, start: int) -> Segment:
    bracket = _BRACKET_LABEL.match(text)
    if bracket and valid_label(bracket.group(1)):
        return Segment(text, start, start + len(text), bracket.group(1).strip(),
                       bracket.group(2).strip())
    match = _LABEL_SEP.search(text)
    if match and match.start() > 0 and valid_label(text[:match.start()]):
        value = text[match.end():].strip()
        if value and not value.startswith("//"):  # "https://…" is no label
            return Segment(text, start, start + len(text), text[:match.start()].strip(), value)
    return Segment(text, start, start + len(text))


def _cells(line: str, start: int) -> list[tuple[str, int]]:
    """A pasted table row: tab- or pipe-separated cells with their offsets."""
    sep = "\t" if "\t" in line.strip() else "|"
    cells, offset = [], start
    for cell in line.split(sep):
        if cell.strip():
            text, cell_start = _trim(cell, offset)
            cells.append((text, cell_start))
        offset += len(cell) + 1
    return cells


def _table_row(line: str, start: int) -> list[Segment] | None:
    if line.count("\t") < 2 and line.strip().strip("|").count("|") < 1:
        return None
    cells = _cells(line, start)
    if any(":" in c[0] or "：" in c[0] for c in cells):
        return None  # "색상: 블랙 | 화이트" is a labelled list, not a table row
    if len(cells) < 2 or len(cells) % 2 or not all(valid_label(c[0]) for c in cells[::2]):
        return None
    if all(c[0].lower() in _HEADER_WORDS for c in cells):
        return []  # the table's header row
    return [Segment(f"{label} {value}", ls, vs + len(value), label, value)
            for (label, ls), (value, vs) in zip(cells[::2], cells[1::2])]


def _split_statements(text: str, start: int) -> list[Segment]:
    parts, last = [], 0
    for match in _NEXT_LABEL.finditer(text):
        if match.start() > last:
            parts.append((text[last:match.start()], start + last))
        last = match.end()
    parts.append((text[last:], start + last))
    return [_labelled(*_trim(p, s)) for p, s in parts if p.strip()]


def segments(source: str) -> list[Segment]:
    """Statements of ``source`` in order, each with its span (``source[start:end]``)."""
    found: list[Segment] = []
    for match in _LINE.finditer(source):
        raw = match.group(0)
        if _TABLE_RULE.match(raw):
            continue
        text, start = _trim(raw, match.start())
        if not text:
            continue
        table = _table_row(raw, match.start())
        if table is not None:
            found.extend(table)
            continue
        numbered = _NUMBERED.match(text)
        if numbered:
            text, start = text[numbered.end():], start + numbered.end()
        for segment in _split_statements(text, start):
            segment.numbered = bool(numbered)
            found.append(segment)
    return found
