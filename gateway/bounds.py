"""Per-process bounds on the gateway's heavy requests: image uploads (decode + re-encode),
slice exports (one headless Chromium each) and template renders (previews, library saves).

Each kind has a few slots. A request that finds them all taken is answered 429 with
Retry-After at once — waiting in a queue would hold its body and connection, which is the
memory the bound is there to protect. Heavy work runs on its own small thread pool, so it
never takes the database threads (the default executor) away from ordinary requests.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import TypeVar

from fastapi import HTTPException

from infra.settings import Settings

T = TypeVar("T")
KINDS = ("upload", "slice_export", "preview")
BUSY_TEXT = {"upload": "이미지 업로드", "slice_export": "이미지 내보내기",
             "preview": "템플릿 미리보기"}


class Bounds:
    def __init__(self, limits: dict[str, int], retry_after_s: int):
        self.limits = {kind: max(1, n) for kind, n in limits.items()}
        self.in_use = dict.fromkeys(self.limits, 0)
        self.retry_after_s = retry_after_s
        self.executor = ThreadPoolExecutor(max_workers=sum(self.limits.values()),
                                           thread_name_prefix="pdp-heavy")

    @classmethod
    def from_settings(cls, settings: Settings) -> "Bounds":
        return cls({"upload": settings.upload_concurrency,
                    "slice_export": settings.slice_export_concurrency,
                    "preview": settings.preview_concurrency}, settings.busy_retry_after_s)

    def busy(self, kind: str) -> HTTPException:
        return HTTPException(
            429, detail=f"{BUSY_TEXT[kind]} 요청이 많아 지금은 처리할 수 없습니다. "
                        f"{self.retry_after_s}초 후에 다시 시도해 주세요.",
            headers={"Retry-After": str(self.retry_after_s)})

    def _take(self, kind: str) -> None:
        # Runs on the event loop thread only, so check-and-increment cannot interleave.
        if self.in_use[kind] >= self.limits[kind]:
            raise self.busy(kind)
        self.in_use[kind] += 1

    def _give_back(self, kind: str) -> None:
        self.in_use[kind] -= 1

    @asynccontextmanager
    async def slot(self, kind: str) -> AsyncIterator[None]:
        """Hold one of ``kind``'s slots for the block, or raise 429 now."""
        self._take(kind)
        try:
            yield
        finally:
            self._give_back(kind)

    async def offload(self, fn: Callable[..., T], *args, timeout_s: float | None = None) -> T:
        """``fn(*args)`` on the heavy-work pool (never on a database thread)."""
        future = asyncio.get_running_loop().run_in_executor(self.executor, fn, *args)
        return await asyncio.wait_for(asyncio.shield(future), timeout_s)

    async def run(self, kind: str, fn: Callable[..., T], *args,
                  timeout_s: float | None = None) -> T:
        """``fn(*args)`` on the heavy-work pool inside one of ``kind``'s slots. On timeout
        the caller gets asyncio.TimeoutError, but the slot stays taken until the thread
        really ends: a runaway render keeps counting against the bound."""
        self._take(kind)
        future = asyncio.get_running_loop().run_in_executor(self.executor, fn, *args)

        def finished(done: asyncio.Future) -> None:  # runs on the event loop
            self._give_back(kind)
            if not done.cancelled():
                done.exception()  # retrieved: a timed-out render's error is not logged twice
        future.add_done_callback(finished)
        return await asyncio.wait_for(asyncio.shield(future), timeout_s)

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
