"""What the gateway owns for its lifetime: database sessions, the Kafka publisher, storage."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from gateway.bounds import Bounds
from gateway.intake import Intake
from gateway.protection import RateLimiter
from infra.db.session import transaction
from infra.db.task_listener import TaskListener
from infra.settings import Settings
from infra.storage import Storage
from producers.kafka import KafkaPublisher

T = TypeVar("T")


@dataclass
class GatewayState:
    settings: Settings
    sessions: sessionmaker[Session]
    publisher: KafkaPublisher
    storage: Storage
    limiter: RateLimiter
    intake: Intake
    bounds: Bounds = field(default=None)  # type: ignore[assignment] - built from settings
    listener: TaskListener | None = None  # task progress notifications (PDP_SSE_SOURCE=push)

    def __post_init__(self) -> None:
        if self.bounds is None:
            self.bounds = Bounds.from_settings(self.settings)

    async def db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(session, ...)`` in one transaction on a worker thread."""
        def work() -> T:
            with transaction(self.sessions) as session:
                try:
                    return fn(session, *args, **kwargs)
                except StopIteration as exc:
                    # A future cannot carry StopIteration: the request would wait forever
                    # (seen: a bare next() in an edit). Make it an ordinary error (500).
                    raise RuntimeError("StopIteration escaped a database call") from exc
        return await asyncio.to_thread(work)

    async def db_ok(self) -> bool:
        try:
            await asyncio.wait_for(self.db(lambda s: s.execute(text("SELECT 1"))), 3)
            return True
        except Exception:  # noqa: BLE001 - readiness reports any failure as "not ready"
            return False
