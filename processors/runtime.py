"""What every stage handler needs, built once per worker: settings, database, publisher,
providers and storage. Handlers get it as an argument, so tests can build one with fakes."""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from infra.db import tasks as task_repo
from infra.db.session import reading, transaction
from infra.observability import metrics
from infra.settings import Settings
from infra.storage import Storage
from processors.plan_cache import PlanCache
from processors.providers.base import Providers
from producers.kafka import KafkaPublisher
from producers.signing import MessageSigner
from schemas import topics
from schemas.api import TaskStatus
from schemas.events import DeadLetter, Event, TaskStatusChanged
from schemas.topics import TopicSpec

log = logging.getLogger("pdp.worker")
T = TypeVar("T")



def stage_finished(stage: str, task_id: str | None, elapsed: float) -> None:
    """What operators see of one stage run: its duration histogram and its log line."""
    metrics.STAGE_DURATION.labels(stage).observe(elapsed)
    log.info("%s finished for task %s in %.3f s", stage, task_id, elapsed,
             extra={"duration_s": round(elapsed, 4)})

@dataclass
class Runtime:
    settings: Settings
    sessions: sessionmaker[Session]
    publisher: KafkaPublisher
    providers: Providers
    storage: Storage
    template_cache: dict[tuple[int, int], str] = field(default_factory=dict)  # (id, version)
    plans: PlanCache = field(default_factory=PlanCache)  # fanned-out plans, by task
    # Verifies who wrote each consumed record (processors/consume.py); the worker always sets
    # it — None only in tests of handlers that never consume.
    signer: MessageSigner | None = None

    async def db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(session, *args)`` in one transaction on a thread (psycopg2 is blocking)."""
        return await self._on_thread(transaction, fn, *args, **kwargs)

    async def read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a one-statement read ``fn(session, *args)`` in autocommit on a thread."""
        return await self._on_thread(reading, fn, *args, **kwargs)

    async def _on_thread(self, scope, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        def work() -> T:
            started = time.perf_counter()
            try:
                with scope(self.sessions) as session:
                    return fn(session, *args, **kwargs)
            except StopIteration as exc:  # a future cannot carry it: the stage would hang
                raise RuntimeError("StopIteration escaped a database call") from exc
            finally:
                metrics.STAGE_DURATION.labels("persist").observe(time.perf_counter() - started)
        return await asyncio.to_thread(work)

    async def publish(self, spec: TopicSpec, key: str, event: Event,
                      headers: dict[str, str] | None = None) -> None:
        await self.publisher.send(self.settings.topic(spec.name), event.to_bytes(), key=key,
                                  headers=headers)

    async def status(self, task_id: str, user_id: str, status: TaskStatus, stage: str,
                     progress: int, error: str | None = None) -> None:
        event = TaskStatusChanged(task_id=task_id, user_id=user_id, status=status, stage=stage,
                                  progress=progress, error=error)
        if status.value in metrics.TERMINAL_STATUSES:  # callers announce each only once
            metrics.task_status(status.value)
        await self.publish(topics.STATUS, task_id, event)

    async def dead_letter(self, *, source_topic: str, value: bytes, error: str, stage: str,
                          key: bytes | None = None, partition: int | None = None,
                          offset: int | None = None, headers: dict[str, str] | None = None,
                          task_id: str | None = None) -> None:
        letter = DeadLetter(
            source_topic=source_topic, partition=partition, offset=offset,
            key=key.decode("utf-8", "replace") if key else None,
            value_b64=base64.b64encode(value).decode(), headers=headers or {},
            error=error[:4000], stage=stage, task_id=task_id)
        log.error("dead letter from %s (%s): %s", source_topic, stage, error)
        metrics.dead_letter(stage)
        await self.publish(topics.DLQ, source_topic, letter)

    async def fail_task(self, task_id: str, reason: str) -> None:
        task = await self.db(task_repo.fail, task_id, reason)
        if task is not None:
            log.error("task %s failed: %s", task_id, reason)
            await self.status(task_id, task.user_id, TaskStatus.failed, "failed",
                              task.progress, reason)
