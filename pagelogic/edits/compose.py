"""How edits of one page compose — pure.

Every version stores its raw parts (block HTML with ``pdp-image://N`` references, image
payloads). Each block part carries its ``origin``: ``generated`` (written by the block
stage) or ``hand_edited`` (the seller's HTML from ``PUT html_list``). Two rules make edits
compose:

1. A hand edit is stored *as a raw part*, so every later edit — which starts from the latest
   version's parts — keeps it, and a later assembly shows it byte-identical.
2. A pipeline edit takes the content of every part it did not re-run from the page's latest
   version when its result is stored (``rebase``), so a hand edit or another edit stored
   while it ran is not overwritten by the older copy the task started from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pagelogic.assemble.logic import show_block
from pagelogic.edits.plan_ops import EditRefused
from pagelogic.sanitize import IMAGE_SCHEME, sanitize_html
from schemas.resources import GENERATED, HAND_EDITED

# The grounding verdict and warning judged the generated text: stale once the seller
# rewrote the block, so a hand-edited block carries none.
_NOT_JUDGED = {"grounding": None, "warning": None, "origin": HAND_EDITED}


def origin(part: dict[str, Any]) -> str:
    return part.get("origin", GENERATED)


def shown_indexes(blocks_meta: list[dict[str, Any]]) -> list[int]:
    """Block index of each ``html_list`` entry (dropped blocks are listed, not shown)."""
    return [m["index"] for m in blocks_meta if not m.get("dropped")]


def unswap_images(html: str, image_urls: dict[int, str]) -> str:
    """The page's own image URLs in attribute values back to ``pdp-image://N``, so a
    hand-edited block keeps following its image when that image is replaced later."""
    by_url = {url: index for index, url in image_urls.items() if url}
    if not by_url:
        return html
    pattern = re.compile('="(' + "|".join(map(re.escape, sorted(by_url, key=len, reverse=True)))
                         + ')"')
    return pattern.sub(lambda m: f'="{IMAGE_SCHEME}://{by_url[m.group(1)]}"', html)


@dataclass
class HandEdit:
    html_list: list[str]
    blocks_meta: list[dict[str, Any]]
    parts: dict[str, Any]  # the version's raw parts (JSON keys are strings)
    edited: list[int]  # block indexes the seller changed


def hand_edit(html_list: list[str], blocks_meta: list[dict[str, Any]], parts: dict[str, Any],
              submitted: list[str], image_urls: dict[int, str]) -> HandEdit:
    """Apply a submitted ``html_list``: an entry equal to what the page shows is no change
    (its part, origin and HTML stay exactly as they are); any other entry is sanitized and
    becomes that block's hand-edited part."""
    if len(submitted) != len(html_list):
        raise EditRefused("block_count")
    indexes = shown_indexes(blocks_meta)
    if len(indexes) != len(html_list):  # never by construction; refuse rather than guess
        raise EditRefused("version_mismatch")
    new_list, blocks = list(html_list), dict(parts.get("blocks", {}))
    edited = []
    for position, (shown, wanted) in enumerate(zip(html_list, submitted)):
        if wanted.strip() == shown.strip():  # PagePatch strips whitespace around entries
            continue
        raw = unswap_images(sanitize_html(wanted), image_urls)
        result = show_block(raw, image_urls)
        if result == shown:  # differs only in markup the sanitizer normalises
            continue
        index = indexes[position]
        blocks[str(index)] = blocks.get(str(index), {}) | _NOT_JUDGED | {"html": raw}
        new_list[position] = result
        edited.append(index)
    meta = [m | _NOT_JUDGED if m["index"] in edited else m for m in blocks_meta]
    return HandEdit(new_list, meta, {**parts, "blocks": blocks}, edited)


@dataclass
class Rebased:
    plan: dict[str, Any]
    blocks: dict[int, dict]
    images: dict[int, dict]


def _entries_from(latest: list[dict], ours: list[dict], kept: set[int]) -> list[dict]:
    theirs = {e["index"]: e for e in latest}
    return [theirs[e["index"]] if e["index"] in kept and e["index"] in theirs else e
            for e in ours]


def _parts_from(latest: dict[str, dict], ours: dict[int, dict],
                kept: set[int]) -> dict[int, dict]:
    return {i: latest[str(i)] if i in kept and str(i) in latest else p for i, p in ours.items()}


def rebase(plan: dict[str, Any], blocks: dict[int, dict], images: dict[int, dict],
           latest_plan: dict[str, Any], latest_parts: dict[str, Any],
           kept_blocks: set[int], kept_images: set[int]) -> Rebased:
    """An edit task's result on top of the page's latest version: the parts the edit
    re-ran, and the page structure it set (order, added or deleted blocks), are its own;
    every part it kept — content and plan entry — is the latest version's."""
    plan = dict(plan)
    plan["blocks"] = _entries_from(latest_plan.get("blocks", []), plan.get("blocks", []),
                                   kept_blocks)
    plan["images"] = _entries_from(latest_plan.get("images", []), plan.get("images", []),
                                   kept_images)
    return Rebased(plan, _parts_from(latest_parts.get("blocks", {}), blocks, kept_blocks),
                   _parts_from(latest_parts.get("images", {}), images, kept_images))
