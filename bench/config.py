"""What a benchmark run does: latency model, concurrency levels, page counts, bounds."""

from __future__ import annotations

from dataclasses import dataclass, field

from processors.providers.latency import LatencyModel


@dataclass
class BenchConfig:
    llm_ms: float = 800.0       # median LLM call (plan, each block)
    llm_sigma: float = 0.4      # lognormal sigma of LLM calls (0: constant)
    image_ms: float = 3000.0    # median image call
    image_sigma: float = 0.3
    seed: int = 42
    levels: list[int] = field(default_factory=lambda: [1, 10, 50, 200])
    # pages per level (closed loop: `level` pages in flight until this many are done)
    pipeline_pages: dict[int, int] = field(
        default_factory=lambda: {1: 10, 10: 50, 50: 150, 200: 400})
    baseline_pages: dict[int, int] = field(
        default_factory=lambda: {1: 5, 10: 30, 50: 100, 200: 200})
    # The original's likely behaviour: provider calls block the event loop, so requests are
    # served one at a time (throughput does not depend on in-flight count; kept short).
    blocking_pages: dict[int, int] = field(default_factory=lambda: {1: 2, 3: 3})
    workers: int = 1
    accept_seconds: float = 10.0  # gateway accept-rate phase: this long per gateway count
    accept_requests: int = 10000  # ... or this many requests (the aiohttp fallback only)
    accept_concurrency: int = 64  # keep-alive connections, spread over the gateways
    # gateway processes: one, then as many as k8s/base/gateway.yaml runs (replicas: 2)
    accept_replicas: list[int] = field(default_factory=lambda: [1, 2])
    cpu_pages: int = 400          # zero-latency phase: pages per design (200 left a
    #                               run-to-run spread of ~±0.1 in the CPU ratio)
    cpu_concurrency: int = 50
    page_timeout_s: float = 300.0
    smoke: bool = False

    @property
    def llm(self) -> LatencyModel:
        return LatencyModel(self.llm_ms, self.llm_sigma, self.seed)

    @property
    def image(self) -> LatencyModel:
        return LatencyModel(self.image_ms, self.image_sigma, self.seed)

    def provider_env(self, zero: bool = False) -> dict[str, str]:
        """Environment for a worker or baseline process using this latency model."""
        return {
            "PDP_PROVIDER": "offline",
            "PDP_OFFLINE_LLM_LATENCY_MS": "0" if zero else str(self.llm_ms),
            "PDP_OFFLINE_LLM_LATENCY_SIGMA": str(self.llm_sigma),
            "PDP_OFFLINE_IMAGE_LATENCY_MS": "0" if zero else str(self.image_ms),
            "PDP_OFFLINE_IMAGE_LATENCY_SIGMA": str(self.image_sigma),
            "PDP_OFFLINE_LATENCY_SEED": str(self.seed),
        }


def smoke_config() -> BenchConfig:
    """A seconds-long run that exercises every phase (tests; figures are meaningless)."""
    return BenchConfig(llm_ms=20, llm_sigma=0.3, image_ms=50, image_sigma=0.3, levels=[1, 3],
                       pipeline_pages={1: 2, 3: 3}, baseline_pages={1: 2, 3: 3},
                       blocking_pages={1: 1, 3: 3},
                       accept_requests=60, accept_seconds=2, accept_concurrency=8,
                       cpu_pages=6, cpu_concurrency=3, page_timeout_s=60, smoke=True)


def parse_pages(text: str) -> dict[int, int]:
    """"1:5,10:30" → {1: 5, 10: 30}."""
    pairs = (item.split(":") for item in text.split(",") if item.strip())
    return {int(level): int(pages) for level, pages in pairs}
