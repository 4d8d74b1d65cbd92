"""Per-call usage and estimated cost, collected without widening the provider interfaces.

A stage handler opens a meter around its provider calls (``with metering() as meter``);
providers record every call into the current meter; the handler stores the summary with
the block, image or plan. Every call also adds to the Prometheus counters.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from infra.observability import metrics
from schemas.quality import CallCost, CostSummary

_CURRENT: contextvars.ContextVar[list[CallCost] | None] = contextvars.ContextVar(
    "pdp_usage_meter", default=None)


def price(table: dict[str, dict[str, float]], model: str, *, tokens_in: int = 0,
          tokens_out: int = 0, images: int = 0) -> float:
    """Estimated USD from the configured price table (unknown models cost 0, not a crash)."""
    row = table.get(model, {})
    usd = (tokens_in * row.get("input_per_1m", 0.0) + tokens_out * row.get("output_per_1m", 0.0)
           ) / 1_000_000 + images * row.get("per_image", 0.0)
    return round(usd, 8)


def record(call: CallCost) -> None:
    metrics.provider_usage(call.provider, call.model, prompt_tokens=call.tokens_in,
                           completion_tokens=call.tokens_out, cost_usd=call.usd,
                           images=call.images)
    calls = _CURRENT.get()
    if calls is not None:
        calls.append(call)


def summarize(calls: list[CallCost]) -> CostSummary:
    return CostSummary(calls=len(calls), tokens_in=sum(c.tokens_in for c in calls),
                       tokens_out=sum(c.tokens_out for c in calls),
                       images=sum(c.images for c in calls),
                       usd=round(sum(c.usd for c in calls), 8))


@contextlib.contextmanager
def metering() -> Iterator[list[CallCost]]:
    calls: list[CallCost] = []
    token = _CURRENT.set(calls)
    try:
        yield calls
    finally:
        _CURRENT.reset(token)
