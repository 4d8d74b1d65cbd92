"""Retries, Retry-After, deadlines and the circuit breaker around a provider call."""

from __future__ import annotations

import asyncio

import pytest

from processors.providers.base import ProviderGaveUp
from processors.providers.resilience import CircuitBreaker, Resilience, classify


class FakeStatusError(Exception):
    def __init__(self, status: int, retry_after: str | None = None):
        super().__init__(f"status {status}")
        self.status_code = status
        self.response = type("R", (), {"headers": {"retry-after": retry_after}
                                        if retry_after else {}})()


def _resilience(sleeps: list[float], attempts: int = 3, deadline: float = 1.0,
                breaker: CircuitBreaker | None = None) -> Resilience:
    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
    return Resilience("openai", concurrency=2, max_attempts=attempts, backoff_s=1.0,
                      max_backoff_s=8.0, deadline_s=deadline,
                      breaker=breaker or CircuitBreaker(100, 30), sleep=sleep, jitter=lambda: 1.0)


def _flaky(errors: list[Exception]):
    calls = []

    async def call():
        calls.append(1)
        if errors:
            raise errors.pop(0)
        return "ok"
    return call, calls


def test_retry_after_is_honoured_and_backoff_grows_otherwise():
    sleeps: list[float] = []
    call, calls = _flaky([FakeStatusError(429, "2.5"), FakeStatusError(500), FakeStatusError(502)])
    result = asyncio.run(_resilience(sleeps, attempts=4).call(call, "plan"))
    assert result == "ok" and len(calls) == 4
    assert sleeps == [2.5, 2.0, 4.0]  # Retry-After, then 1·2¹, 1·2² (jitter pinned at max)


def test_attempts_are_bounded_and_the_reason_is_readable():
    sleeps: list[float] = []
    call, calls = _flaky([FakeStatusError(429)] * 10)
    with pytest.raises(ProviderGaveUp, match="요청 한도 초과.*3회 시도"):
        asyncio.run(_resilience(sleeps).call(call, "plan"))
    assert len(calls) == 3


def test_client_errors_are_not_retried():
    call, calls = _flaky([FakeStatusError(400)])
    with pytest.raises(FakeStatusError):
        asyncio.run(_resilience([]).call(call, "plan"))
    assert len(calls) == 1


def test_a_hanging_call_is_cut_at_the_deadline_and_retried():
    calls = []

    async def hang_once():
        calls.append(1)
        if len(calls) == 1:
            await asyncio.sleep(30)
        return "ok"
    assert asyncio.run(_resilience([], deadline=0.05).call(hang_once, "block")) == "ok"
    assert classify(TimeoutError()).reason == "timeout"


def test_open_circuit_fails_fast_then_lets_a_trial_through():
    now = [0.0]
    breaker = CircuitBreaker(threshold=2, reset_s=10, clock=lambda: now[0])
    call, calls = _flaky([FakeStatusError(500)] * 2)
    with pytest.raises(ProviderGaveUp):
        asyncio.run(_resilience([], attempts=5, breaker=breaker).call(call, "plan"))
    assert len(calls) == 2  # opened after two failures: no third call
    now[0] = 11
    assert asyncio.run(_resilience([], breaker=breaker).call(call, "plan")) == "ok"
    assert breaker.opened_at is None


def test_retries_and_cost_are_counted_in_metrics():
    from prometheus_client import REGISTRY

    from processors.providers.usage import record
    from schemas.quality import CallCost

    def value(name, **labels):
        return REGISTRY.get_sample_value(name, labels) or 0.0
    before = value("pdp_provider_retries_total", provider="openai", reason="rate_limited")
    call, _ = _flaky([FakeStatusError(429)])
    asyncio.run(_resilience([]).call(call, "plan"))
    assert value("pdp_provider_retries_total", provider="openai",
                 reason="rate_limited") == before + 1
    usd = value("pdp_provider_cost_usd_total", provider="openai", model="m")
    record(CallCost(provider="openai", model="m", kind="chat", tokens_in=5, usd=0.25))
    assert value("pdp_provider_cost_usd_total", provider="openai", model="m") == usd + 0.25


def test_rate_limiter_spaces_call_starts():
    from processors.providers.resilience import RateLimiter

    now, sleeps = [100.0], []

    async def sleep(seconds: float) -> None:
        sleeps.append(round(seconds, 3))

    async def three() -> None:
        limiter = RateLimiter(4, clock=lambda: now[0], sleep=sleep)
        await asyncio.gather(*(limiter.wait() for _ in range(3)))
    asyncio.run(three())
    assert sleeps == [0.25, 0.5]  # 4 per second: the 2nd and 3rd wait their slot
