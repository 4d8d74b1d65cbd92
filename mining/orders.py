"""Page-level mining — pure: the block orders crawled pages use most, per category, as
suggested template sets.

A page's order is the block types of its sections in document order (picture-only sections
left out: they decorate, they do not structure). Orders shared by at least ``min_support``
pages of a category become sets; each position takes the mined template of the cluster most
of those pages used there. A category is the sub-folder a page was found in (none: one
category for the whole corpus)."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from typing import Any

from pagelogic.messages.ko import BLOCK_TYPES

TOP = 3


def page_orders(report: dict[str, Any]) -> dict[str, list[tuple[str, int]]]:
    """page → [(block type, cluster)] in document order, picture banners left out."""
    clusters = {c["id"]: c for c in report["clusters"]}
    orders: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for s in report["sections"]:
        c = clusters[s["cluster"]]
        if not c.get("image_only"):
            orders[s["page"]].append((s["index"], c["block_type"], s["cluster"]))
    return {page: [(kind, cid) for _, kind, cid in sorted(items)] for page, items in
            orders.items()}


def category_of(page: str) -> str | None:
    return page.rsplit("/", 1)[0] if "/" in page else None


def suggested_sets(report: dict[str, Any], min_support: int = 2) -> list[dict[str, Any]]:
    templates = {c["id"]: c["template"] for c in report["clusters"]}
    by_category: dict[str | None, dict[tuple[str, ...], list[list[int]]]] = defaultdict(
        lambda: defaultdict(list))
    for page, order in page_orders(report).items():
        kinds = tuple(k for k, _ in order)
        by_category[category_of(page)][kinds].append([cid for _, cid in order])
    sets = []
    for category, orders in sorted(by_category.items(), key=lambda x: x[0] or ""):
        ranked = sorted(orders.items(), key=lambda x: (-len(x[1]), x[0]))
        for rank, (kinds, pages) in enumerate(ranked[:TOP]):
            if len(pages) < min_support:
                break
            picks = [Counter(p[i] for p in pages).most_common(1)[0][0] for i in range(len(kinds))]
            files = [templates[c] for c in picks]
            if not all(files):
                continue  # a position whose template was rejected: no usable set
            label = " → ".join(BLOCK_TYPES[k] for k in kinds)
            suffix = f"-{hashlib.sha1(category.encode()).hexdigest()[:8]}" if category else ""
            sets.append({"key": f"mined-set-{rank}{suffix}",
                         "name": f"수집 구성 {rank + 1}" + (f" · {category}" if category else ""),
                         "category": category, "description": f"{len(pages)}개 페이지의 순서: {label}",
                         "is_default": False, "templates": [f.removesuffix(".html") for f in files],
                         "support": len(pages), "order": list(kinds)})
    return sets
