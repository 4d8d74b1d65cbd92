"""Edge protection: body size limit, security headers, per-user rate limits and in-flight
bounds, and backpressure. Everything a client can overload is bounded here, before any work.
"""

from __future__ import annotations

import math
import time

from fastapi import HTTPException
from limits import parse
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from infra.db.models import Task
from infra.settings import Settings

API_CSP = "default-src 'none'; frame-ancestors 'none'"
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class BodyLimitAndHeaders:
    """Pure ASGI middleware: 413 for bodies over the limit (declared or streamed), and
    security headers on every response. /docs keeps a looser CSP so Swagger UI can load."""

    def __init__(self, app: ASGIApp, max_body: int, large: dict[str, int] | None = None):
        self.app = app
        self.max_body = max_body
        self.large = large or {}  # path → its own limit (file uploads)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_body = self.large.get(scope["path"], self.max_body)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_body:
            await _too_large(send, max_body)
            return
        seen = 0
        refused = False  # once we answered 413, whatever the app sends is dropped

        async def limited_receive() -> Message:
            nonlocal seen, refused
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > max_body and not refused:
                refused = True
                await _too_large(send, max_body)
            # The app sees a disconnect and stops reading; nothing it answers is sent.
            return {"type": "http.disconnect"} if refused else message

        docs = scope["path"].startswith(("/docs", "/redoc", "/openapi"))

        async def send_with_headers(message: Message) -> None:
            if refused:
                return
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", [])) + SECURITY_HEADERS
                if not docs and not any(k == b"content-security-policy" for k, _ in headers):
                    headers.append((b"content-security-policy", API_CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, limited_receive, send_with_headers)


async def _too_large(send: Send, limit: int) -> None:
    body = f'{{"detail":"request body exceeds {limit} bytes"}}'.encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class RateLimiter:
    """Per-user request rate (moving window). Storage is per process by default; set
    PDP_RATE_LIMIT_STORAGE=redis://… so that all gateway replicas share the counters."""

    def __init__(self, settings: Settings):
        self.limit = parse(settings.rate_limit) if settings.rate_limit else None
        uri = settings.rate_limit_storage
        uri = uri if uri.startswith("async+") else f"async+{uri}"  # the limits aio backends
        if "redis" in uri.split("://")[0]:  # limits' async Redis backend talks through coredis
            from infra.extras import require

            require("coredis", "redis", "PDP_RATE_LIMIT_STORAGE=redis://")
        self.limiter = MovingWindowRateLimiter(storage_from_string(uri))

    async def check(self, user_id: str, scope: str) -> None:
        if self.limit is None:
            return
        if not await self.limiter.hit(self.limit, scope, user_id):
            stats = await self.limiter.get_window_stats(self.limit, scope, user_id)
            retry = max(1, math.ceil(stats.reset_time - time.time()))
            raise HTTPException(429, detail=f"rate limit {self.limit} exceeded; retry later",
                                headers={"Retry-After": str(retry)})


class Backlog:
    """How many tasks wait in the whole pipeline, counted at most once per second per
    gateway process (a per-request count would grow with the very backlog it guards)."""

    def __init__(self, ttl_s: float = 1.0):
        self.ttl_s, self.value, self.at = ttl_s, 0, float("-inf")

    def current(self, session: Session, cap: int) -> int:
        now = time.monotonic()
        if now - self.at > self.ttl_s:
            waiting = select(Task.id).where(Task.status == "pending").limit(cap).subquery()
            self.value = session.execute(select(func.count()).select_from(waiting)).scalar_one()
            self.at = now
        return self.value


BACKLOG = Backlog()
