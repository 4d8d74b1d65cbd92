"""The Faust app, built from settings in one place: topics, agents and the reconciler timer.

Values are raw bytes (decoded in processors.consume), so poison messages cannot crash an
agent. Group settings follow the dev broker measurements in the brief: it answers JoinGroup
after session_timeout/2, so a 6 s session gives a ready worker in ~5 s instead of ~30 s.
"""

from __future__ import annotations

import logging
import time

import faust

from infra.settings import Settings
from processors import faust_transport
from processors.assemble.handler import handle_part
from processors.blocks.handler import handle_block
from processors.consume import process
from processors.events.handler import handle_product_event, schedule_due
from processors.images.handler import handle_image
from processors.mining.handler import handle_mining
from processors.plan.fanout import handle_plan
from processors.plan.handler import handle_request
from processors.reconcile import reconcile_once, redrive_unfinished
from processors.runtime import Runtime
from producers.kafka_security import faust_credentials
from schemas import topics

log = logging.getLogger("pdp.worker")

# Stages whose messages wait on a provider call: they get PDP_PROVIDER_STAGE_CONCURRENCY.
PROVIDER_STAGES = ("plan", "block", "image")
# (topic, stage name, handler); one agent each.
STAGES = (
    (topics.REQUESTS, "plan", handle_request),
    (topics.PLANS, "fanout", handle_plan),
    (topics.BLOCK_TASKS, "block", handle_block),
    (topics.IMAGE_TASKS, "image", handle_image),
    (topics.PART_RESULTS, "assemble", handle_part),
    (topics.PRODUCT_EVENTS, "product", handle_product_event),
    (topics.MINING_JOBS, "mining", handle_mining),
)
# Stages that take one message at a time per worker: a mining job is minutes of CPU on a
# thread; two at once would only share the same cores.
SERIAL_STAGES = ("mining",)


def build_app(settings: Settings, rt: Runtime) -> faust.App:
    faust_transport.register()
    app = faust.App(
        settings.worker_group,
        broker=f"{faust_transport.SCHEME}://{settings.kafka_bootstrap_servers}",
        store="memory://",
        autodiscover=False,
        web_enabled=False,
        producer_acks=-1,
        topic_partitions=settings.topic_partitions,
        topic_allow_declare=True,
        consumer_auto_offset_reset="earliest",
        broker_session_timeout=settings.broker_session_timeout,
        broker_heartbeat_interval=settings.broker_heartbeat_interval,
        broker_commit_interval=settings.broker_commit_interval,
        stream_processing_timeout=600,
        broker_credentials=faust_credentials(settings),
        # No timer runs on_leader (the reconciler and the product scheduler run in every
        # worker and claim rows with SKIP LOCKED), so the leader topic would be one more topic
        # to create, secure and watch for nothing.
        topic_disable_leader=True,
    )
    for spec, stage, handler in STAGES:
        _register(app, rt, spec, stage, handler)

    @app.timer(interval=settings.reconcile_interval_s)
    async def reconcile() -> None:
        try:
            await reconcile_once(rt)
        except Exception as exc:  # noqa: BLE001 - next tick retries; never kill the timer
            log.warning("reconciler pass failed: %r", exc)

    if settings.redrive_on_start:
        started = time.time()

        @app.task
        async def redrive_on_start() -> None:
            await redrive_unfinished(rt, started)

    @app.timer(interval=settings.product_schedule_interval_s)
    async def start_due_generations() -> None:
        try:
            await schedule_due(rt)
        except Exception as exc:  # noqa: BLE001 - next tick retries
            log.warning("product scheduling pass failed: %r", exc)

    @app.on_before_shutdown.connect
    async def close_publisher(app, **kwargs) -> None:  # noqa: ARG001 - signal signature
        await rt.publisher.stop()

    return app


def _register(app: faust.App, rt: Runtime, spec, stage: str, handler) -> None:
    partitions = spec.partitions or rt.settings.topic_partitions
    topic = app.topic(rt.settings.topic(spec.name), key_serializer="raw",
                      value_serializer="raw", partitions=partitions)

    async def agent(stream):
        async for event in stream.events():
            await process(rt, event, spec, stage, handler)

    agent.__name__ = f"{stage}_agent"
    agent.__qualname__ = agent.__name__
    concurrency = (1 if stage in SERIAL_STAGES
                   else rt.settings.provider_stage_concurrency if stage in PROVIDER_STAGES
                   else rt.settings.stage_concurrency)
    app.agent(topic, name=f"pdp.{stage}", concurrency=concurrency)(agent)
