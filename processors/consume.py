"""Decode → handle → retry → dead-letter: the loop every Faust agent runs.

Values arrive as raw bytes and are decoded here, so a poison message becomes a dead letter
with its original bytes instead of crashing the agent. Handler errors are retried with
backoff; when the attempts run out the message is dead-lettered and its task marked failed
with a reason a seller can read.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import TypeAdapter, ValidationError

from processors.blocks.render import TemplateRenderError
from processors.plan.handler import PlanningError
from processors.providers.base import MalformedOutput, ProviderGaveUp
from processors.runtime import Runtime
from schemas.topics import TopicSpec

log = logging.getLogger("pdp.worker")
# The providers retry on their own (bounded); retrying the stage would multiply the calls.
PERMANENT = (PlanningError, TemplateRenderError, ValidationError, LookupError, ProviderGaveUp,
             MalformedOutput)
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
    raw: bytes = event.value if isinstance(event.value, bytes) else bytes(event.value or b"")
    message = event.message
    headers = {k: (v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v))
               for k, v in (event.headers or {}).items()}
    where = dict(source_topic=message.topic, value=raw, key=message.key,
                 partition=message.partition, offset=message.offset, headers=headers)
    try:
        msg = decoder(spec)(raw)
    except (ValidationError, ValueError) as exc:
        await rt.dead_letter(error=f"undecodable {spec.name} message: {exc}", stage=stage, **where)
        return
    task_id = getattr(msg, "task_id", None)
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
