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
from pydantic import ValidationError
from sqlalchemy.exc import InterfaceError, OperationalError

from infra.observability import metrics, tracing
from infra.observability.logs import STAGE, TASK_ID
from pagelogic import failures, messages
from pagelogic.blocks.render import TemplateRenderError
from processors.plan.handler import PlanningError
from processors.providers.base import MalformedOutput, ProviderGaveUp
from processors.runtime import Runtime, stage_finished
from producers import signing
from producers.kafka import BrokerUnavailable
from schemas.topics import TopicSpec, decoder

log = logging.getLogger("pdp.worker")
# The providers retry on their own (bounded); retrying the stage would multiply the calls.
PERMANENT = (PlanningError, TemplateRenderError, ValidationError, LookupError, ProviderGaveUp,
             MalformedOutput)
# PostgreSQL or Kafka unreachable: nothing is wrong with the message itself.
INFRASTRUCTURE = (OperationalError, InterfaceError, BrokerUnavailable)
# What failed, in the seller's words (pagelogic/messages: fail.<stage>).
READABLE = {stage: messages.t(f"fail.{stage}")
            for stage in ("plan", "fanout", "block", "image", "assemble", "product", "mining")}


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
            stage_finished(stage, TASK_ID.get(), elapsed)
            STAGE.reset(stage_token)
            TASK_ID.reset(task_token)


async def _process(rt: Runtime, event: Any, headers: dict[str, str], spec: TopicSpec,
                   stage: str, handler: Callable[[Runtime, Any], Awaitable[None]]) -> None:
    raw: bytes = event.value if isinstance(event.value, bytes) else bytes(event.value or b"")
    message = event.message
    where = dict(source_topic=message.topic, value=raw, key=message.key,
                 partition=message.partition, offset=message.offset, headers=headers)
    if rt.signer is not None and not rt.signer.verify(message.topic, message.key, raw,
                                                      headers.get(signing.HEADER)):
        # Forged or foreign: the body's user/task ids are not to be believed, so no task is
        # failed either (that would let a forger fail another seller's task).
        metrics.FORGED_RECORDS.labels(stage).inc()
        await rt.dead_letter(error=f"{spec.name}: record without a valid service signature "
                             "(not written by this service); ignored", stage=stage, **where)
        return
    try:
        msg = decoder(spec)(raw)
    except (ValidationError, ValueError) as exc:
        await rt.dead_letter(error=f"undecodable {spec.name} message: {exc}", stage=stage, **where)
        return
    task_id = getattr(msg, "task_id", None)
    TASK_ID.set(task_id)
    failure = await _run_with_retries(rt, handler, msg, stage, task_id)
    if failure is None:
        return
    try:
        # Operators get the technical detail; the seller a short sentence on what to change.
        await rt.dead_letter(error=failure.detail, stage=stage, task_id=task_id, **where)
        if task_id:
            await rt.fail_task(task_id, failure.seller)
    except INFRASTRUCTURE as exc:
        # Cannot even record the failure: leave it to the reconciler, which re-drives the
        # task (and fails it when its budget is spent) once the dependency is back.
        log.error("task %s: could not dead-letter or fail (%r); reconciler will re-drive",
                  task_id, exc)


async def _run_with_retries(rt: Runtime, handler, msg, stage: str,
                            task_id: str | None) -> failures.Failure | None:
    """None on success, else the failure to report. Handler errors get a few quick retries;
    an unavailable database or broker is waited out (capped backoff) for up to
    PDP_OUTAGE_BUDGET_S, since failing tasks for an outage would turn minutes of downtime
    into lost pages."""
    attempts, attempt = rt.settings.stage_max_attempts, 0
    outage_started: float | None = None
    loop = asyncio.get_running_loop()
    while True:
        try:
            await handler(rt, msg)
            return None
        except PERMANENT as exc:
            return failures.permanent(READABLE[stage], exc)
        except INFRASTRUCTURE as exc:
            outage_started = outage_started or loop.time()
            waited = loop.time() - outage_started
            if waited > rt.settings.outage_budget_s:
                return failures.outage(READABLE[stage], waited, exc)
            log.warning("task %s %s: dependency unavailable (%s), retrying", task_id, stage,
                        type(exc).__name__)
            await asyncio.sleep(min(5.0, rt.settings.retry_backoff_s * 2 ** min(attempt, 4)))
            attempt += 1
        except Exception as exc:  # noqa: BLE001 - any other error is retried, then reported
            attempt += 1
            log.warning("task %s %s attempt %d/%d failed: %r", task_id, stage, attempt,
                        attempts, exc)
            if attempt >= attempts:
                return failures.retried(READABLE[stage], attempt, exc)
            await asyncio.sleep(rt.settings.retry_backoff_s * 2 ** (attempt - 1))
