"""A score per template from sellers' ratings and edit signals, and Thompson sampling over
them — pure.

Each template's quality is a Beta posterior: α = 1 + good evidence, β = 1 + bad evidence
(uniform prior). A 👍 on a block adds 1 to α, a 👎 1 to β; a rating of the whole page counts
half for every template on it. Edits are quieter votes against the template: a deleted or
regenerated block adds 1 to β, a hand edit 0.5 (the seller kept the layout but not the
words). Selection draws one θ ~ Beta(α, β) per candidate and takes the largest, so a
well-rated template wins most of the time while a new one still gets tried (Thompson
sampling); a template nobody has judged yet is Beta(1, 1).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

BLOCK_WEIGHT, PAGE_WEIGHT = 1.0, 0.5
SIGNAL_WEIGHTS = {"deleted": 1.0, "regenerated": 1.0, "hand_edited": 0.5}


@dataclass
class Evidence:
    good: float = 0.0
    bad: float = 0.0

    @property
    def alpha(self) -> float:
        return 1.0 + self.good

    @property
    def beta(self) -> float:
        return 1.0 + self.bad

    @property
    def mean(self) -> float:
        return self.alpha / (self.alpha + self.beta)

    @property
    def judged(self) -> bool:
        return self.good > 0 or self.bad > 0


def rating_weight(block_index: int) -> float:
    return PAGE_WEIGHT if block_index < 0 else BLOCK_WEIGHT


def add_rating(evidence: Evidence, rating: int, block_index: int) -> None:
    weight = rating_weight(block_index)
    if rating > 0:
        evidence.good += weight
    else:
        evidence.bad += weight


def thompson(candidates: Sequence[int], evidence: dict[int, Evidence],
             rng: random.Random) -> int:
    """The candidate with the largest draw from its posterior; ties keep the given order.
    When no candidate has been judged, the first (the library's own ranking) is kept."""
    if not any(evidence.get(c, Evidence()).judged for c in candidates):
        return candidates[0]
    draws = [(rng.betavariate(evidence.get(c, Evidence()).alpha,
                              evidence.get(c, Evidence()).beta), -i, c)
             for i, c in enumerate(candidates)]
    return max(draws)[2]
