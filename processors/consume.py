"""Decode → handle → retry → dead-letter: the loop every Faust agent runs.

Values arrive as raw bytes and are decoded here, so a poison message becomes a dead letter
with its original bytes instead of crashing the agent. Handler errors are retried with
backoff; when the attempts run out the message is dead-lettered and its task marked failed
with a reason a seller can read.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from opentelemetry.trace import SpanKind
from pydantic import TypeAdapter, ValidationError

from pdp import metrics, tracing
from pdp.logs import STAGE, TASK_ID
from processors.blocks.render import TemplateRenderError
from processors.plan.handler import PlanningError
from processors.runtime import Runtime
from schemas.topics import TopicSpec

log = logging.getLogger("pdp.worker")
PERMANENT = (PlanningError, TemplateRenderError, ValidationError, LookupError)
READABLE = {
    "plan": "페이지 구성을 만들지 못했습니다",
    "fanout": "블록 작업을 나누지 못했습니다",
    "block": "블록을 생성하지 못했습니다",
    "image": "이미지를 생성하지 못했습니다",
    "assemble": "페이지를 조립하지 못했습니다",
}


def decoder(spec: TopicSpec) -> Callable[[bytes], Any]:
    adapter = spec.value if isinstance(spec.value, TypeAdapter) else TypeAdapter(spec.value)
    return adapter.validate_json


async def process(rt: Runtime, event: Any, spec: TopicSpec, stage: str,
                  handler: Callable[[Runtime, Any], Awaitable[None]]) -> None:
    """One message in a stage: continues the producer's trace (Kafka headers), binds task and
    stage for the logs, and records duration and in-flight count."""
    headers = {k: (v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v))
               for k, v in (event.headers or {}).items()}
    stage_token, task_token = STAGE.set(stage), TASK_ID.set(None)
    metrics.STAGE_INFLIGHT.labels(stage).inc()
    started = time.perf_counter()
    with tracing.tracer().start_as_current_span(
            f"pdp.{stage}", context=tracing.extract(headers), kind=SpanKind.CONSUMER,
            attributes={"messaging.destination.name": event.message.topic,
                        "messaging.kafka.partition": event.message.partition}):
        try:
            await _process(rt, event, headers, spec, stage, handler)
        finally:
            elapsed = time.perf_counter() - started
            metrics.STAGE_INFLIGHT.labels(stage).dec()
            metrics.STAGE_DURATION.labels(stage).observe(elapsed)
            log.info("%s finished for task %s in %.3f s", stage, TASK_ID.get(), elapsed,
                     extra={"duration_s": round(elapsed, 4)})
            STAGE.reset(stage_token)
            TASK_ID.reset(task_token)


async def _process(rt: Runtime, event: Any, headers: dict[str, str], spec: TopicSpec,
                   stage: str, handler: Callable[[Runtime, Any], Awaitable[None]]) -> None:
    raw: bytes = event.value if isinstance(event.value, bytes) else bytes(event.value or b"")
    message = event.message
    where = dict(source_topic=message.topic, value=raw, key=message.key,
                 partition=message.partition, offset=message.offset, headers=headers)
    try:
        msg = decoder(spec)(raw)
    except (ValidationError, ValueError) as exc:
        await rt.dead_letter(error=f"undecodable {spec.name} message: {exc}", stage=stage, **where)
        return
    task_id = getattr(msg, "task_id", None)
    TASK_ID.set(task_id)
    attempts = rt.settings.stage_max_attempts
    for attempt in range(1, attempts + 1):
        try:
            await handler(rt, msg)
            return
        except PERMANENT as exc:
            reason = f"{READABLE[stage]}: {exc}"
            break
        except Exception as exc:  # noqa: BLE001 - any other error is retried, then dead-lettered
            reason = f"{READABLE[stage]} ({attempt}회 시도): {type(exc).__name__}: {exc}"
            log.warning("task %s %s attempt %d/%d failed: %r", task_id, stage, attempt,
                        attempts, exc)
            if attempt < attempts:
                await asyncio.sleep(rt.settings.retry_backoff_s * 2 ** (attempt - 1))
    await rt.dead_letter(error=reason, stage=stage, task_id=task_id, **where)
    if task_id:
        await rt.fail_task(task_id, reason)
