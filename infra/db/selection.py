"""Template selection that learns: the library's ranking (category, style match, usage)
proposes the top candidates per block type and Thompson sampling over their feedback scores
picks one (pagelogic/library/scores.py). Without any feedback on the candidates the library's first
choice stands, exactly as before.

PDP_SELECTION_SEED fixes the draws (tests); PDP_SIGNAL_SYNC_S is how often (seconds, per
process) selection first reads new page versions into edit signals (0: every time)."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterable
from typing import Protocol

from sqlalchemy.orm import Session

from infra.db import feedback
from pagelogic.library import scores

CANDIDATES = 3
_last_sync = [float("-inf")]


class _Template(Protocol):
    id: int
    block_type: str


def _rng() -> random.Random:
    seed = os.environ.get("PDP_SELECTION_SEED")
    return random.Random(int(seed)) if seed else random.Random()


def _maybe_sync(session: Session) -> None:
    every = float(os.environ.get("PDP_SIGNAL_SYNC_S", "30"))
    if time.monotonic() - _last_sync[0] >= every:
        feedback.sync_signals(session)
        _last_sync[0] = time.monotonic()


def top_candidates(ranked: Iterable[_Template], limit: int = CANDIDATES
                   ) -> dict[str, list[_Template]]:
    out: dict[str, list[_Template]] = {}
    for template in ranked:
        group = out.setdefault(template.block_type, [])
        if len(group) < limit:
            group.append(template)
    return out


def rerank(session: Session, ranked: Iterable[_Template]) -> dict[str, _Template]:
    """One template per block type from templates in the library's order."""
    groups = top_candidates(ranked)
    if not groups:
        return {}
    _maybe_sync(session)
    ids = [t.id for group in groups.values() for t in group]
    evidence = feedback.evidence(session, ids)
    rng = _rng()
    chosen = {}
    for block_type, group in groups.items():
        pick = scores.thompson([t.id for t in group], evidence, rng)
        chosen[block_type] = next(t for t in group if t.id == pick)
    return chosen
