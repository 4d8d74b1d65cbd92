"""Resilience around one provider: concurrency limit, retries with exponential backoff and
jitter on 429/5xx/timeouts (honouring Retry-After), a circuit breaker and a hard deadline
per call. Pure asyncio: the SDK errors are classified by their status code, not imported.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from infra.observability import metrics
from pagelogic import messages
from processors.providers.base import ProviderGaveUp

log = logging.getLogger("pdp.providers")
T = TypeVar("T")
REASONS_KO = {r: messages.t(f"provider.{r}")
              for r in ("rate_limited", "server_error", "timeout", "connection")}


@dataclass(frozen=True)
class Failure:
    retryable: bool
    reason: str  # rate_limited | server_error | timeout | connection | client_error
    retry_after: float | None = None


def classify(exc: BaseException) -> Failure:
    if isinstance(exc, (TimeoutError, asyncio.TimeoutError)) or \
            type(exc).__name__ == "APITimeoutError":
        return Failure(True, "timeout")
    status = getattr(exc, "status_code", None)
    if status is None:
        if type(exc).__name__ == "APIConnectionError":
            return Failure(True, "connection")
        return Failure(False, "client_error")
    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    retry_after = _retry_after(headers.get("retry-after"))
    if status == 429:
        return Failure(True, "rate_limited", retry_after)
    if status >= 500 or status in (408, 409):
        return Failure(True, "server_error", retry_after)
    return Failure(False, "client_error")


def _retry_after(value: str | None) -> float | None:
    try:
        return max(float(value), 0.0) if value is not None else None
    except ValueError:
        return None  # HTTP-date form: fall back to our own backoff


class CircuitBreaker:
    """Closed → open after ``threshold`` consecutive failures; after ``reset_s`` of cool-down
    it is half-open: exactly one call (the probe) goes through while the others are still
    refused. The probe's success closes it, its failure opens it for another cool-down.

    Without the half-open state a breaker that opened during an outage would either refuse
    forever or let a whole burst through at once; with it one cheap call finds out whether
    the provider is back. ``state`` is live (it turns half-open when the cool-down ends, not
    at the next call), and ``name`` exports it as pdp_provider_breaker_state{provider}."""

    CLOSED, HALF_OPEN, OPEN = "closed", "half_open", "open"

    def __init__(self, threshold: int, reset_s: float, clock: Callable[[], float] = time.monotonic,
                 name: str | None = None):
        self.threshold, self.reset_s, self.clock = threshold, reset_s, clock
        self.failures = 0
        self.opened_at: float | None = None
        self.probing = False  # the half-open probe is in flight
        if name:
            metrics.breaker_state(name, lambda: metrics.BREAKER_STATES[self.state])

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return self.CLOSED
        if self.clock() - self.opened_at >= self.reset_s:
            return self.HALF_OPEN
        return self.OPEN

    def allow(self) -> bool:
        state = self.state
        if state == self.CLOSED:
            return True
        if state == self.HALF_OPEN and not self.probing:
            self.probing = True  # this call is the probe; the rest wait for its answer
            return True
        return False

    def success(self) -> None:
        if self.opened_at is not None:
            log.info("circuit breaker closed: the probe call succeeded")
        self.failures, self.opened_at, self.probing = 0, None, False

    def failure(self) -> None:
        self.failures += 1
        if self.probing or self.failures >= self.threshold:
            if self.opened_at is None or self.probing:
                log.warning("circuit breaker open for %.0f s after %d consecutive failures",
                            self.reset_s, self.failures)
            self.opened_at, self.probing = self.clock(), False

    def abandon(self) -> None:
        """The probe ended without an answer (cancelled): let the next call probe instead
        of leaving the breaker half-open with nobody probing."""
        self.probing = False


class RateLimiter:
    """At most ``per_s`` call starts per second (evenly spaced); 0 means unlimited."""

    def __init__(self, per_s: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep):
        self.interval = 1.0 / per_s if per_s > 0 else 0.0
        self.clock, self.sleep = clock, sleep
        self.next_at = 0.0

    async def wait(self) -> None:
        if not self.interval:
            return
        now = self.clock()
        start = max(now, self.next_at)
        self.next_at = start + self.interval  # reserve the slot before sleeping
        if start > now:
            await self.sleep(start - now)


class Resilience:
    def __init__(self, provider: str, *, concurrency: int, max_attempts: int, backoff_s: float,
                 max_backoff_s: float, deadline_s: float, breaker: CircuitBreaker,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 jitter: Callable[[], float] = random.random,
                 rate_limiter: RateLimiter | None = None):
        self.provider = provider
        self.max_attempts, self.backoff_s, self.max_backoff_s = max_attempts, backoff_s, max_backoff_s
        self.deadline_s, self.breaker = deadline_s, breaker
        self.semaphore = asyncio.Semaphore(concurrency)
        self.sleep, self.jitter = sleep, jitter
        self.rate_limiter = rate_limiter or RateLimiter(0)
        self.retries = 0  # observable in tests and logs
        self._probe_settled: asyncio.Event | None = None  # set when the probe has its answer

    async def _await_probe(self) -> None:
        """While the half-open probe is in flight, a call waits for its answer (bounded by
        the deadline) instead of being refused: the other images of the page that met the
        breaker then go out as soon as the probe shows the provider is back."""
        settled = self._probe_settled
        if settled is None or not self.breaker.probing:
            return
        try:
            await asyncio.wait_for(settled.wait(), self.deadline_s)
        except TimeoutError:
            pass  # the probe hangs: allow() refuses below, as an open breaker does

    def _settle(self, probe: bool) -> None:
        if probe and self._probe_settled is not None:
            self._probe_settled.set()

    def delay(self, attempt: int, failure: Failure) -> float:
        if failure.retry_after is not None:
            return min(failure.retry_after, self.max_backoff_s)
        base = min(self.backoff_s * 2 ** (attempt - 1), self.max_backoff_s)
        return base * (0.5 + self.jitter() / 2)  # "equal jitter": spread out the herd

    async def call(self, fn: Callable[[], Awaitable[T]], what: str) -> T:
        failure = Failure(False, "client_error")
        for attempt in range(1, self.max_attempts + 1):
            await self._await_probe()
            if not self.breaker.allow():
                metrics.provider_gave_up(self.provider, "circuit_open")
                log.warning("%s %s refused: circuit breaker %s", self.provider, what,
                            self.breaker.state)
                raise ProviderGaveUp(messages.t("provider.circuit_open"),
                                     detail=f"{self.provider} {what}: circuit breaker "
                                            f"{self.breaker.state}", reason="circuit_open")
            probe = self.breaker.probing  # no await since allow(): this call is the probe
            if probe:
                self._probe_settled = asyncio.Event()
            try:
                async with self.semaphore:
                    await self.rate_limiter.wait()
                    async with asyncio.timeout(self.deadline_s):
                        result = await fn()
                self.breaker.success()
                self._settle(probe)
                return result
            except Exception as exc:  # noqa: BLE001 - classified below, never swallowed
                failure = classify(exc)
                if not failure.retryable:
                    self.breaker.success()  # the provider answered: it is up, the call was bad
                    raise
                self.breaker.failure()
                self._settle(probe)  # before the backoff: the waiters need not sit it out
                if attempt == self.max_attempts:
                    break
                wait = self.delay(attempt, failure)
                self.retries += 1
                metrics.provider_retry(self.provider, failure.reason)
                log.warning("%s %s attempt %d/%d failed (%s: %s); retrying in %.2fs",
                            self.provider, what, attempt, self.max_attempts, failure.reason,
                            type(exc).__name__, wait)
                await self.sleep(wait)
            except BaseException:
                if probe:
                    self.breaker.abandon()  # cancelled mid-probe: the next call probes
                raise
            finally:
                self._settle(probe)
        metrics.provider_gave_up(self.provider, failure.reason)
        log.error("%s %s gave up after %d attempts (%s)", self.provider, what,
                  self.max_attempts, failure.reason)
        raise ProviderGaveUp(messages.t("provider.gave_up",
                                        reason=REASONS_KO.get(failure.reason, failure.reason),
                                        attempts=self.max_attempts),
                             detail=f"{self.provider} {what}: {failure.reason} after "
                                    f"{self.max_attempts} attempts", reason=failure.reason)
