"""Prometheus counters of provider use (in-process; whoever exposes the worker's metrics
endpoint serves them from the default registry)."""

from __future__ import annotations

from prometheus_client import Counter

COST_USD = Counter("pdp_provider_cost_usd", "Estimated provider cost in USD",
                   ["provider", "model"])
TOKENS = Counter("pdp_provider_tokens", "LLM tokens", ["provider", "model", "direction"])
IMAGES = Counter("pdp_provider_images", "Images generated", ["provider", "model"])
RETRIES = Counter("pdp_provider_retries", "Provider call retries", ["provider", "reason"])
GAVE_UP = Counter("pdp_provider_gave_up", "Provider calls that exhausted retries or met an "
                  "open circuit", ["provider", "reason"])
