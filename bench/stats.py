"""Pure numbers: percentiles, throughput, each page's critical-path lower bound."""

from __future__ import annotations

import math
from collections.abc import Sequence

from processors.providers.latency import LatencyModel, block_key, image_key, plan_key


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary(values: Sequence[float]) -> dict[str, float]:
    return {"n": len(values), "p50": percentile(values, 50), "p95": percentile(values, 95),
            "p99": percentile(values, 99), "max": max(values) if values else math.nan,
            "mean": sum(values) / len(values) if values else math.nan}


def critical_path_ms(llm: LatencyModel, image: LatencyModel, product_name: str,
                     blocks: int, images: int) -> float:
    """The fastest a page can finish given its sampled provider latencies: the plan call,
    then the slowest of its block and image calls (all in parallel). Assembly makes no
    provider call, so it adds nothing here (its CPU cost is measured separately)."""
    parts = [llm.sample_ms(block_key(product_name, i)) for i in range(blocks)]
    parts += [image.sample_ms(image_key(product_name, i)) for i in range(images)]
    return llm.sample_ms(plan_key(product_name)) + (max(parts) if parts else 0.0)


def sequential_ms(llm: LatencyModel, image: LatencyModel, product_name: str,
                  blocks: int, images: int) -> float:
    """Sum of all provider calls of a page: what the sequential design waits at least."""
    return (llm.sample_ms(plan_key(product_name))
            + sum(llm.sample_ms(block_key(product_name, i)) for i in range(blocks))
            + sum(image.sample_ms(image_key(product_name, i)) for i in range(images)))


def pages_per_minute(pages: int, seconds: float) -> float:
    return pages / seconds * 60 if seconds > 0 else math.nan
