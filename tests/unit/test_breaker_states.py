"""The circuit breaker as a state machine (closed → open → half-open → closed/open) and its
state as the Prometheus gauge pdp_provider_breaker_state{provider} (0/1/2)."""

from __future__ import annotations

import asyncio

import pytest
from prometheus_client import REGISTRY

from processors.providers.base import ProviderGaveUp
from processors.providers.resilience import CircuitBreaker, Resilience


class Unavailable(Exception):
    status_code = 503
    response = None


def _gauge(provider: str) -> float | None:
    return REGISTRY.get_sample_value("pdp_provider_breaker_state", {"provider": provider})


def _breaker(name: str, now: list[float]) -> CircuitBreaker:
    return CircuitBreaker(threshold=2, reset_s=10, clock=lambda: now[0], name=name)


def _resilience(breaker: CircuitBreaker, attempts: int = 3) -> Resilience:
    async def no_sleep(_: float) -> None:
        return None
    return Resilience("together", concurrency=4, max_attempts=attempts, backoff_s=0.01,
                      max_backoff_s=0.01, deadline_s=5, breaker=breaker, sleep=no_sleep)


def test_the_breaker_opens_half_opens_after_its_cool_down_and_closes_on_a_good_probe():
    now = [0.0]
    breaker = _breaker("unit-closes", now)
    assert breaker.state == "closed" and _gauge("unit-closes") == 0
    breaker.failure()
    assert breaker.state == "closed"  # one failure is below the threshold
    breaker.failure()
    assert breaker.state == "open" and _gauge("unit-closes") == 2
    assert not breaker.allow()
    now[0] = 9.9
    assert not breaker.allow() and _gauge("unit-closes") == 2
    now[0] = 10.0  # cool-down over: the gauge says half-open before any call arrives
    assert breaker.state == "half_open" and _gauge("unit-closes") == 1
    assert breaker.allow()  # the probe
    assert not breaker.allow() and not breaker.allow()  # everyone else waits for its answer
    breaker.success()
    assert breaker.state == "closed" and _gauge("unit-closes") == 0
    assert breaker.allow() and breaker.allow()


def test_a_failed_probe_opens_the_breaker_for_another_cool_down():
    now = [0.0]
    breaker = _breaker("unit-reopens", now)
    breaker.failure(), breaker.failure()
    now[0] = 10.0
    assert breaker.allow()
    breaker.failure()  # the probe failed: open again from now, not from the first opening
    assert breaker.state == "open" and _gauge("unit-reopens") == 2
    now[0] = 19.0
    assert not breaker.allow()
    now[0] = 20.0
    assert breaker.state == "half_open" and breaker.allow()


def test_a_cancelled_probe_lets_the_next_call_probe():
    now = [0.0]
    breaker = _breaker("unit-cancel", now)
    breaker.failure(), breaker.failure()
    now[0] = 10.0

    async def scenario() -> None:
        started = asyncio.Event()

        async def hang() -> str:
            started.set()
            await asyncio.sleep(60)
            return "never"
        probe = asyncio.create_task(_resilience(breaker).call(hang, "image"))
        await started.wait()
        probe.cancel()
        with pytest.raises(asyncio.CancelledError):
            await probe

        async def ok() -> str:
            return "ok"
        assert await _resilience(breaker).call(ok, "image") == "ok"
    asyncio.run(scenario())
    assert breaker.state == "closed"


def test_through_the_wrapper_an_open_breaker_refuses_then_one_probe_closes_it():
    now = [0.0]
    breaker = _breaker("unit-wrapper", now)
    calls: list[str] = []

    async def down() -> str:
        calls.append("down")
        raise Unavailable()
    with pytest.raises(ProviderGaveUp) as gave_up:
        asyncio.run(_resilience(breaker, attempts=5).call(down, "image"))
    assert len(calls) == 2 and gave_up.value.reason == "circuit_open"
    assert "잠시 후 다시 요청해 주세요" in str(gave_up.value) and "together" not in str(gave_up.value)
    now[0] = 5.0
    with pytest.raises(ProviderGaveUp):  # still cooling down: no call at all
        asyncio.run(_resilience(breaker).call(down, "image"))
    assert len(calls) == 2

    async def up() -> str:
        calls.append("up")
        return "image"
    now[0] = 10.0
    assert asyncio.run(_resilience(breaker).call(up, "image")) == "image"
    assert calls[-1] == "up" and breaker.state == "closed" and _gauge("unit-wrapper") == 0


def test_a_client_error_during_the_probe_closes_the_breaker():
    """A 400 proves the provider answers; the breaker must not stay half-open forever."""
    class BadRequest(Exception):
        status_code = 400
        response = None
    now = [0.0]
    breaker = _breaker("unit-400", now)
    breaker.failure(), breaker.failure()
    now[0] = 10.0

    async def bad() -> str:
        raise BadRequest()
    with pytest.raises(BadRequest):
        asyncio.run(_resilience(breaker).call(bad, "image"))
    assert breaker.state == "closed"


@pytest.mark.parametrize("probe_ok", [True, False])
def test_calls_arriving_during_the_probe_wait_for_its_answer_instead_of_failing(probe_ok):
    """A page's other images meet the half-open breaker while the first is the probe: they go
    out once it succeeds (one probe, then everyone), and are refused once it fails."""
    now = [0.0]
    breaker = _breaker(f"unit-waiters-{probe_ok}", now)
    breaker.failure(), breaker.failure()
    now[0] = 10.0
    resilience = _resilience(breaker, attempts=1)
    started: list[float] = []

    async def call() -> str:
        started.append(asyncio.get_running_loop().time())
        if len(started) == 1:
            await asyncio.sleep(0.05)  # the probe takes a while
            if not probe_ok:
                raise Unavailable()
        return "image"

    async def page() -> list:
        return await asyncio.gather(*(resilience.call(call, f"image {i}") for i in range(4)),
                                    return_exceptions=True)
    results = asyncio.run(page())
    if probe_ok:
        assert results == ["image"] * 4 and len(started) == 4
        assert min(started[1:]) - started[0] >= 0.04  # nobody went before the probe answered
        assert breaker.state == "closed"
    else:
        assert len(started) == 1 and all(isinstance(r, ProviderGaveUp) for r in results)
        assert breaker.state == "open"
