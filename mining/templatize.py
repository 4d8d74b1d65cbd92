"""A cluster's medoid section → a library template of its block type — pure.

The template keeps what the crawled layout chose (a table or a list, cards, numbered items,
a picture before or after the heading, a quote) and draws it with the library's markup and
classes; the medoid's heading → ``s.heading``, its repeated items → a loop over the block
type's list slot, its pictures → the image slot, its inline styles → a style family. The
medoid's own words become the declared slots' sample values where they fit the limits, so
the admin reviewing a mined template sees the section it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from mining import parts
from mining.features import Section
from mining.styles import family
from pagelogic.library.samples import SAMPLE_VALUES
from schemas.blocks import SLOT_MODELS
from schemas.plan import BlockType

_PREFIX = re.compile(r"^\s*(?:Q|A|질문|답변)\s*[.:)]?\s*", re.IGNORECASE)
_PRICE = re.compile(r"\d[\d,]*\s*원|₩\s*[\d,]+")


@dataclass
class Mined:
    block_type: str
    html: str
    slots: list[dict[str, Any]]
    style: str


def _pairs(sec: Section) -> list[tuple[str, str]]:
    return [(f[0], " ".join(f[1:])) for f in sec.units.fields if len(f) >= 2]


def _numbered(sec: Section) -> bool:
    return sec.units.kind == "ol" or bool(re.search(r"\b(?:0\d|STEP\s*\d)", sec.node.text(), re.IGNORECASE))


def _has(sec: Section, tag: str) -> bool:
    return any(n.tag == tag for n in sec.node.iter())


def _image(sec: Section, hero: bool = False) -> tuple[str, str]:
    """(before heading, after items) image markup as the medoid placed its picture."""
    if not sec.images:
        return "", ""
    return (parts.image(hero), "") if sec.image_first else ("", parts.image(hero))


def _features(sec: Section):
    before, after = _image(sec)
    body = [before, parts.HEADING, parts.titled_items(sec.units.kind, _numbered(sec)), after]
    samples = {"heading": sec.heading, "items": [
        {"title": f[0], "text": " ".join(f[1:])} for f in sec.units.fields][:8]}
    return body, ["heading", "items"] + (["image"] if sec.images else []), samples


def _specs(sec: Section):
    body = [parts.HEADING, parts.label_rows(sec.units.kind, "s.rows", "label", "value",
                                            "pdp-spec-table")]
    rows = [{"label": k, "value": v} for k, v in _pairs(sec)][:30]
    return body, ["heading", "rows"], {"heading": sec.heading, "rows": rows}


def _usage(sec: Section):
    cautions = len(sec.paragraphs) > 0 or _has(sec, "ul") and sec.units.kind == "ol"
    body = [parts.HEADING, parts.steps(_numbered(sec)), parts.CAUTIONS if cautions else ""]
    steps = [" ".join(f) for f in sec.units.fields][:12]
    names = ["heading", "steps"] + (["cautions", "notes_heading"] if cautions else [])
    return body, names, {"heading": sec.heading, "steps": steps}


def _comparison(sec: Section):
    table = sec.units.kind == "table"
    body = [parts.HEADING, parts.COMPARE_TABLE if table else parts.COMPARE_CARDS]
    rows = [{"label": k, "value": v} for k, v in _pairs(sec)]
    if table and _has(sec, "thead") and rows:
        head, rows = rows[0], rows[1:]
        samples = {"label_heading": head["label"], "value_heading": head["value"]}
    else:
        samples = {}
    names = ["heading", "rows"] + (["label_heading", "value_heading"] if table else [])
    return body, names, {"heading": sec.heading, "rows": rows[:12], **samples}


def _brand(sec: Section):
    quote = _has(sec, "blockquote")
    # BrandStory has no image slot: a brand picture is left to the page's image blocks.
    body = [parts.HEADING, parts.BRAND_NAME, parts.QUOTE if quote else parts.PARAGRAPHS]
    short = [p.strip("- ") for p in sec.paragraphs if len(p) <= 30]
    paragraphs = [p for p in sec.paragraphs if len(p) > 30][:6]
    samples = {"heading": sec.heading, "paragraphs": paragraphs}
    if short:
        samples["brand"] = short[0]
    return body, ["heading", "brand", "paragraphs"], samples


def _faq(sec: Section):
    body = [parts.HEADING, parts.FAQ_DETAILS if sec.units.kind == "details" else parts.FAQ_LIST]
    items = [{"question": _PREFIX.sub("", f[0]), "answer": _PREFIX.sub("", " ".join(f[1:]))}
             for f in sec.units.fields if len(f) >= 2]
    return body, ["heading", "items"], {"heading": sec.heading, "items": items[:10]}


def _notice(sec: Section):
    cards = sec.units.kind in ("ul", "ol", "cards")
    body = [parts.HEADING, parts.NOTICE_CARDS if cards else parts.NOTICE_ROWS]
    items = [{"title": k.strip("※ "), "text": v} for k, v in _pairs(sec)][:12]
    return body, ["heading", "items"], {"heading": sec.heading, "items": items}


def _intro(sec: Section):
    before, after = _image(sec, hero=True)
    text = (f'<header class="pdp-intro-text">{parts.INTRO_EYEBROW}{parts.INTRO_TITLE}'
            f'{parts.INTRO_PRICE}{parts.INTRO_SUMMARY}{parts.INTRO_BADGES}</header>')
    price = next((m.group() for p in sec.paragraphs if (m := _PRICE.search(p))), None)
    summary = max(sec.paragraphs, key=len, default="")
    badges = [" ".join(f).lstrip("#") for f in sec.units.fields if len(" ".join(f)) <= 30][:8]
    samples = {"headline": sec.heading, "summary": summary if len(summary) > 20 else None,
               "price": price, "badges": badges or None}
    names = ["headline", "subheadline", "price", "price_note", "summary", "badges", "image"]
    return [before, text, after], names, samples


def _banner(sec: Section):
    return [parts.BANNER], ["headline", "image"], {}


BUILDERS = {"KeyFeatures": _features, "Specifications": _specs, "UsageGuide": _usage,
            "Comparison": _comparison, "BrandStory": _brand, "FAQ": _faq, "Notice": _notice,
            "Introduction": _intro}


def fitting_samples(block_type: str, samples: dict[str, Any]) -> dict[str, Any]:
    """The medoid's values that fit the slot model; the others fall back to the defaults."""
    model, defaults = SLOT_MODELS[BlockType(block_type)], SAMPLE_VALUES[BlockType(block_type)]
    kept = {}
    for name, value in samples.items():
        if value in (None, "", []):
            continue
        try:
            model.model_validate({**defaults, name: value})
        except ValidationError:
            continue
        kept[name] = value
    return kept


def build(sec: Section, block_type: str, image_only: bool = False) -> Mined:
    body, names, samples = (_banner if image_only else BUILDERS[block_type])(sec)
    style = family(sec.styles)
    fitted = fitting_samples(block_type, samples)
    slots = [{"name": n, **({"sample": fitted[n]} if n in fitted else {})} for n in names]
    return Mined(block_type, parts.section(block_type, style, body), slots, style or "")
