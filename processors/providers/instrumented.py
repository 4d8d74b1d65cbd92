"""Counts every provider call: calls, errors and latency per provider and operation.

Wraps whatever bootstrap built (offline, OpenAI, Together, fakes), so no provider has to
count its own calls; providers report only what they alone know (tokens, cost, internal
retries) through infra.observability.metrics.provider_usage / provider_retry.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from infra.observability import metrics
from processors.providers.base import Providers

T = TypeVar("T")


async def _timed(provider: str, operation: str, call: Callable[[], Awaitable[T]]) -> T:
    started = time.perf_counter()
    try:
        result = await call()
    except Exception as exc:
        metrics.provider_call(provider, operation, time.perf_counter() - started, exc)
        raise
    metrics.provider_call(provider, operation, time.perf_counter() - started)
    return result


class _Wrapped:
    """Times the stage call; anything else (other methods, attributes) goes to the provider."""

    def __init__(self, name: str, inner: Any):
        self.name, self.inner = name, inner

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.inner, attribute)


class _Planner(_Wrapped):

    async def plan(self, *args: Any, **kwargs: Any):
        return await _timed(self.name, "plan", lambda: self.inner.plan(*args, **kwargs))


class _Writer(_Wrapped):

    async def write(self, *args: Any, **kwargs: Any):
        return await _timed(self.name, "block", lambda: self.inner.write(*args, **kwargs))


class _Images(_Wrapped):

    async def make(self, *args: Any, **kwargs: Any):
        return await _timed(self.name, "image", lambda: self.inner.make(*args, **kwargs))


def instrumented(providers: Providers) -> Providers:
    name = providers.name
    return Providers(name=name, planner=_Planner(name, providers.planner),
                     writer=_Writer(name, providers.writer),
                     images=_Images(name, providers.images), rewriter=providers.rewriter)
