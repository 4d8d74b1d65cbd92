"""Rough cost estimate shown before a bulk generation starts.

Assumptions (documented, not measured): per page one planning call and one call per block
(about 5), each ~1,500 input and ~500 output tokens on gpt-4o-mini, plus 2 FLUX images.
The offline provider costs nothing. Prices are USD and configurable via settings.
"""

from __future__ import annotations

from dataclasses import dataclass

CALLS_PER_PAGE = 6
TOKENS_IN_PER_CALL = 1_500
TOKENS_OUT_PER_CALL = 500
IMAGES_PER_PAGE = 2


@dataclass(frozen=True)
class Estimate:
    pages: int
    llm_calls: int
    images: int
    usd: float


def estimate(pages: int, *, offline: bool, usd_per_m_in: float, usd_per_m_out: float,
             usd_per_image: float) -> Estimate:
    calls, images = pages * CALLS_PER_PAGE, pages * IMAGES_PER_PAGE
    if offline:
        return Estimate(pages, calls, images, 0.0)
    usd = (calls * TOKENS_IN_PER_CALL * usd_per_m_in / 1e6
           + calls * TOKENS_OUT_PER_CALL * usd_per_m_out / 1e6 + images * usd_per_image)
    return Estimate(pages, calls, images, round(usd, 4))
