"""Edit signals read from two consecutive versions of a page — pure.

A block of the earlier version (rendered with template T) that the later version
- no longer has → ``deleted``,
- re-ran through the pipeline (an edit task that did not keep it) → ``regenerated``,
- shows as the seller's own HTML when it was not before → ``hand_edited``,
counts against T. Reordering, replacing a picture or changing the title judge no template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

HAND_EDITED = "hand_edited"


@dataclass(frozen=True)
class Signal:
    template_id: int
    template_version: int | None
    block_index: int
    kind: str


def _templates(plan: dict[str, Any]) -> dict[int, tuple[int, int | None]]:
    return {b["index"]: (b["template_id"], b.get("template_version"))
            for b in (plan or {}).get("blocks", []) if b.get("template_id")}


def _origin(parts: dict[str, Any], index: int) -> str | None:
    return ((parts or {}).get("blocks", {}).get(str(index)) or {}).get("origin")


def between(before_plan: dict, before_parts: dict, after_plan: dict, after_parts: dict,
            kept_blocks: list[int] | None) -> list[Signal]:
    """``kept_blocks``: the blocks an edit task kept (None: the version was not made by an
    edit task, e.g. a hand edit, a revert or a status change)."""
    before, after = _templates(before_plan), {b["index"] for b in (after_plan or {}).get(
        "blocks", [])}
    out = []
    for index, (tid, version) in sorted(before.items()):
        if index not in after:
            if kept_blocks is None:  # a revert to an older version removed it: no judgement
                continue
            kind = "deleted"
        elif kept_blocks is not None and index not in kept_blocks:
            kind = "regenerated"
        elif _origin(after_parts, index) == HAND_EDITED != _origin(before_parts, index):
            kind = HAND_EDITED
        else:
            continue
        out.append(Signal(tid, version, index, kind))
    return out
