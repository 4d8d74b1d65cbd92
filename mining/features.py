"""Structural features of one page section — pure.

What a section *is* shows in its shape, not its class names: the tag paths it is built from
(with wrapper chains collapsed, so an extra <div> changes little), how much text versus
image it holds, its repeated items (list items, table rows, term/description pairs, sibling
cards) and what those items look like (label → value, question → answer, numbered step),
and the words of its heading.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from mining.dom import Node

_BOX = {"div", "section", "article", "span", "main", "header", "footer", "aside", "center",
        "font", "figure", "a"}
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_MARKER = re.compile(r"^(?:\d{1,2}[.)]?|0\d|step\s*\d+|q\.?|a\.?|[·•▶✓✔※-]|point\s*\d+)$", re.IGNORECASE)
_PRICE = re.compile(r"\d[\d,]*\s*원|₩\s*\d|\d+\s*%")
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}[.)]|0\d|step\s*\d+|\d+\s*단계)", re.IGNORECASE)


@dataclass
class Units:
    """The section's repeated items: where they sit and their text fields."""

    kind: str  # table | dl | ol | ul | details | cards | none
    fields: list[list[str]] = field(default_factory=list)


@dataclass
class Section:
    node: Node
    heading: str = ""
    heading_tag: str = ""
    images: int = 0
    image_first: bool = False
    units: Units = field(default_factory=lambda: Units("none"))
    paragraphs: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)  # inline style attributes, in order
    text: str = ""


def _label(tag: str) -> str:
    return "box" if tag in _BOX else tag


def _paths(node: Node, prefix: tuple[str, ...] = ()) -> list[str]:
    out = []
    for child in node.elements:
        label = _label(child.tag)
        path = prefix if prefix and prefix[-1] == label == "box" else prefix + (label,)
        out.append(">".join(path[-3:]))
        out.extend(_paths(child, path))
    return out


def _chunks(node: Node) -> list[str]:
    """Text pieces of an item, each text node on its own, markers (01, Q., •) dropped."""
    out: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            text = " ".join(child.split())
            if text and not _MARKER.match(text):
                out.append(text)
        elif child.tag != "br":
            out.extend(_chunks(child))
    return out


def _signature(node: Node) -> str:
    return node.tag + "(" + ",".join(_label(c.tag) for c in node.elements) + ")"


def _dl_units(dl: Node) -> list[list[str]]:
    items, current = [], None
    for n in dl.iter():
        if n.tag == "dt":
            current = [" ".join(_chunks(n))]
            items.append(current)
        elif n.tag == "dd" and current is not None:
            current.append(" ".join(_chunks(n)))
    return [i for i in items if any(i)]


def find_units(section: Node) -> Units:
    """The repeated items with the most text: table rows, dl pairs, list items, <details>
    or sibling elements of one shape."""
    candidates: list[Units] = []
    rows = section.find_all("tr")
    if len(rows) >= 2:
        cells = [[" ".join(_chunks(c)) for c in r.elements if c.tag in ("th", "td")] for r in rows]
        candidates.append(Units("table", [c for c in cells if any(c)]))
    for dl in section.find_all("dl"):
        candidates.append(Units("dl", _dl_units(dl)))
    details = section.find_all("details")
    if len(details) >= 2:
        candidates.append(Units("details", [_chunks(d) for d in details]))
    for lst in section.find_all("ul", "ol"):
        items = [_chunks(li) for li in lst.elements if li.tag == "li"]
        candidates.append(Units(lst.tag, [i for i in items if i]))
    for parent in section.iter():
        kids = [k for k in parent.elements if k.tag not in ("li", "tr", "dt", "dd") and k.text()]
        sigs = [_signature(k) for k in kids]
        common = max(set(sigs), key=sigs.count) if sigs else ""
        same = [k for k, s in zip(kids, sigs) if s == common]
        # Items with inner structure, not bare <p>s, outside the list/table shapes above.
        if (len(same) >= 2 and parent.tag not in ("ul", "ol", "dl", "tbody", "table", "tr")
                and any(k.elements for k in same)):
            candidates.append(Units("cards", [_chunks(k) for k in same]))
    candidates = [c for c in candidates if len(c.fields) >= 2]
    if not candidates:
        return Units("none")
    return max(candidates, key=lambda u: (sum(len(" ".join(f)) for f in u.fields), len(u.fields)))


def _heading(node: Node) -> tuple[str, str]:
    for n in node.iter():
        if n.tag in _HEADING_TAGS and n.text():
            return n.tag, n.text()
    for n in node.iter():  # crawled pages often use a bold line as the heading
        if n.tag in ("strong", "b", "p") and 0 < len(n.text()) <= 40:
            return n.tag, n.text()
    return "", ""


def describe(node: Node) -> Section:
    heading_tag, heading = _heading(node)
    imgs = node.find_all("img")
    first_text = next((i for i, n in enumerate(node.iter()) if n.own_text()), None)
    first_img = next((i for i, n in enumerate(node.iter()) if n.tag == "img"), None)
    units = find_units(node)
    unit_text = {t for f in units.fields for t in f}
    paragraphs = [p for p in _chunks(node) if p not in unit_text and p != heading]
    return Section(node, heading, heading_tag, len(imgs),
                   first_img is not None and (first_text is None or first_img < first_text),
                   units, paragraphs, [n.attrs["style"] for n in node.iter() if n.attrs.get("style")],
                   node.text())


def _share(items: list[list[str]], test) -> float:
    return sum(1 for i in items if test(i)) / len(items) if items else 0.0


def _is_label_value(item: list[str]) -> bool:
    return len(item) >= 2 and len(item[0]) <= 20


def _is_question(item: list[str]) -> bool:
    return bool(item) and ("?" in item[0] or item[0].endswith("나요") or item[0].endswith("까요"))


_SENTENCE = re.compile(r"(?:다|요|세요|니다)[.!]?$")
_COMPARE = re.compile(r"→|->|대비|기존|이전|일반|vs|VS|보다")


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _text_shape(items: list[list[str]]) -> dict[str, float]:
    """What the items' words look like: short values with numbers (specifications), whole
    sentences (notices, steps), before → after (comparisons)."""
    last = [i[-1] for i in items if i]
    joined = " ".join(" ".join(i) for i in items)
    return {
        "num:first_len": min(_mean([len(i[0]) for i in items if i]), 60) / 60,
        "num:last_len": min(_mean([len(t) for t in last]), 120) / 120,
        "num:sentence": _share([[t] for t in last], lambda i: bool(_SENTENCE.search(i[0]))),
        "num:digits": min(sum(c.isdigit() for c in joined) / (len(joined) + 1) * 5, 1.0),
        "num:compare": _share(items, lambda i: bool(_COMPARE.search(" ".join(i)))),
        "num:single_field": _share(items, lambda i: len(i) == 1),
    }


def _bigrams(text: str) -> list[str]:
    compact = re.sub(r"\s+", "", text.lower())
    return [compact[i:i + 2] for i in range(len(compact) - 1)]


def features(sec: Section) -> dict[str, float]:
    """Sparse named features: tag-path shingles, heading bigrams and scaled shape figures."""
    out: dict[str, float] = {}
    for path in _paths(sec.node):
        out["path:" + path] = out.get("path:" + path, 0) + 1
    for gram in _bigrams(sec.heading):
        out["head:" + gram] = 1.0
    items = sec.units.fields
    text_len = len(sec.text)
    out.update({
        "num:images": min(sec.images, 4) / 4,
        "num:text": math.log1p(text_len) / 8,
        "num:image_only": float(text_len == 0),
        "num:image_ratio": sec.images / (sec.images + text_len / 80 + 1e-9) if sec.images else 0,
        "num:items": math.log1p(len(items)) / 3,
        "num:fields": (sum(len(i) for i in items) / len(items) / 3) if items else 0,
        "num:label_value": _share(items, _is_label_value),
        "num:question": _share(items, _is_question),
        "num:numbered": float(sec.units.kind == "ol") or _share(items, lambda i: bool(
            i and _NUMBERED.match(i[0]))),
        "num:long_paragraphs": min(sum(len(p) > 60 for p in sec.paragraphs), 4) / 4,
        "num:price": float(bool(_PRICE.search(sec.text))),
        "num:has_heading": float(bool(sec.heading)),
        "num:no_items": float(not items),
        "num:paragraphs": min(len(sec.paragraphs), 5) / 5,
        **_text_shape(items),
        "num:item_len": min(sum(len(" ".join(i)) for i in items) / len(items), 200) / 200
        if items else 0,
    })
    return out
