"""Injected provider latency for the offline provider — pure, deterministic.

Real LLM and image APIs take a variable time per call. To model that without the network,
each call sleeps for a latency drawn from a lognormal distribution around a median
(``sigma`` = 0 keeps the constant mode). The draw is a pure function of (seed, call key), so
every process samples the same latency for the same call, and the benchmark can recompute
each page's critical path from the keys alone.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from statistics import NormalDist

_STANDARD = NormalDist()


@dataclass(frozen=True)
class LatencyModel:
    median_ms: float = 0.0
    sigma: float = 0.0
    seed: int = 0

    def sample_ms(self, key: str) -> float:
        """Latency of the call identified by ``key`` (same key, same seed → same value)."""
        if self.median_ms <= 0:
            return 0.0
        if self.sigma <= 0:
            return self.median_ms
        digest = hashlib.blake2b(f"{self.seed}:{key}".encode(), digest_size=8).digest()
        uniform = (int.from_bytes(digest, "big") + 0.5) / 2.0 ** 64
        return self.median_ms * math.exp(self.sigma * _STANDARD.inv_cdf(uniform))


# The call keys the offline provider uses; the benchmark recomputes latencies from them.
def plan_key(product_name: str) -> str:
    return f"plan:{product_name}"


def block_key(product_name: str, index: int) -> str:
    return f"block:{product_name}:{index}"


def image_key(product_name: str, index: int) -> str:
    return f"image:{product_name}:{index}"
