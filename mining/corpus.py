"""A labelled corpus of detail pages for measuring the miner: pages built from several layout
families per block type, under random shop "skins" (class names meaningful, random or absent;
inline styles or classes; extra wrapper divs), flat pages (headings and content side by side,
no section elements; their pictures belong to the heading above), image-only sections, and hand-written pages. Each page's true section
labels are written to ``labels.json`` (never into the HTML the miner reads)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from mining.corpus_content import PRODUCTS
from mining.corpus_layouts import FAMILIES, Skin

ORDER = ["Introduction", "KeyFeatures", "Comparison", "UsageGuide", "Specifications",
         "BrandStory", "FAQ", "Notice"]
HAND_WRITTEN = Path(__file__).parent / "corpus_pages"


@dataclass
class Page:
    name: str
    html: str
    labels: list[str]


def _plan(rng: random.Random) -> list[str]:
    """Introduction first, a shop's choice of the others in a usual order, image-only
    sections in between."""
    body = [t for t in ORDER[1:] if rng.random() < 0.6] or ["KeyFeatures"]
    if rng.random() < 0.3:
        rng.shuffle(body)
    plan = ["Introduction", *body]
    for _ in range(rng.choice([0, 1, 1, 2])):
        plan.insert(rng.randint(1, len(plan)), "Image")
    return plan


def _section(kind: str, product: dict, skin: Skin, rng: random.Random, flat: bool) -> str:
    family = rng.choice(FAMILIES[kind])
    if flat and kind == "Introduction":
        family = FAMILIES[kind][1]  # flat pages start with the title, not a picture
    inner = family(product, skin, rng)
    if flat:
        return inner if kind != "Image" else f"<p>{inner}</p>"
    tag = rng.choice(["div", "div", "section"])
    return skin.wrap(f"<{tag}{skin.a('sec-' + kind.lower(), 'box')}>{inner}</{tag}>")


def generated_page(index: int, rng: random.Random) -> Page:
    skin, product = Skin(rng), rng.choice(PRODUCTS)
    flat = rng.random() < 0.15
    if flat:
        skin.heading_tag = rng.choice(["h2", "h3"])
        skin.wrappers = 0
    plan = [k for k in _plan(rng) if not (flat and k == "Image")]
    body = "".join(_section(kind, product, skin, rng, flat) for kind in plan)
    outer = rng.choice([0, 1, 2, 3])
    for _ in range(outer):
        body = f"<div{skin.a('detail-wrap', 'box')}>{body}</div>"
    html = (f"<!doctype html><html><head><meta charset='utf-8'><title>{product['name']}</title>"
            f"<style>.x{{color:red}}</style></head><body>{body}"
            "<script>window.dataLayer=[];</script></body></html>")
    return Page(f"page-{index:03d}.html", html, plan)


def hand_written() -> list[Page]:
    labels = json.loads((HAND_WRITTEN / "labels.json").read_text(encoding="utf-8"))
    return [Page(name, (HAND_WRITTEN / name).read_text(encoding="utf-8"), labels[name])
            for name in sorted(labels)]


def build(count: int = 220, seed: int = 7) -> list[Page]:
    rng = random.Random(seed)
    pages = hand_written()
    return pages + [generated_page(i, rng) for i in range(count - len(pages))]


def write(folder: Path, pages: list[Page]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for page in pages:
        (folder / page.name).write_text(page.html, encoding="utf-8")
    (folder / "labels.json").write_text(json.dumps({p.name: p.labels for p in pages},
                                                   ensure_ascii=False, indent=1), encoding="utf-8")


def library_pages(count: int = 60, seed: int = 1) -> list[Page]:
    """Pages drawn by this service's own starter templates with their sample values, every
    class and data-* attribute stripped (as if crawled from a shop that used them): a check
    on markup this corpus generator did not write."""
    import re

    from infra.db.seed import STARTER_DIR
    from pagelogic.library.folder import read_library
    from pagelogic.library.preview import render_preview_block

    by_type: dict[str, list] = {}
    for t in read_library(STARTER_DIR).templates:
        if t.block_type in ORDER:
            by_type.setdefault(t.block_type, []).append(t)
    rng, pages = random.Random(seed), []
    for i in range(count):
        kinds = ["Introduction"] + [k for k in ORDER[1:] if rng.random() < 0.6]
        blocks = []
        for kind in kinds:
            t = rng.choice(by_type[kind])
            slots = [s if isinstance(s, dict) else {"name": s} for s in t.slots]
            html = render_preview_block(t.html, kind, slots)
            blocks.append(re.sub(r' (?:data-[a-z-]+|class)="[^"]*"', "", html))
        pages.append(Page(f"library-{i:03d}.html", "<body><div>" + "".join(blocks)
                          + "</div></body>", kinds))
    return pages
