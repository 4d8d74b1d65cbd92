"""The one place that declares every Kafka topic: name, key, partitions and value model.

Processors, the gateway, topic creation (``pdp topics create``), docs and Kubernetes
KafkaTopic resources all read this registry, so a topic cannot exist in one place only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import TypeAdapter

from schemas import events, product_events


@dataclass(frozen=True)
class TopicSpec:
    name: str
    key: str
    value: Any  # pydantic model class, or a TypeAdapter for unions
    description: str
    partitions: int | None = None  # None: the configured default (PDP_TOPIC_PARTITIONS)
    compacted: bool = False


REQUESTS = TopicSpec(
    "pdp.requests", "task_id", events.GenerationRequested,
    "Generation requests accepted by the gateway (or re-driven by the reconciler).",
)
PLANS = TopicSpec(
    "pdp.plans", "task_id", events.PagePlanned,
    "Page plans; the fan-out agent turns each into block and image tasks.",
)
BLOCK_TASKS = TopicSpec(
    "pdp.block-tasks", "task_id:index", events.BlockRequested,
    "One message per planned block; keyed per block so blocks spread over partitions.",
)
IMAGE_TASKS = TopicSpec(
    "pdp.image-tasks", "task_id:index", events.ImageRequested,
    "One message per planned image.",
)
PART_RESULTS = TopicSpec(
    "pdp.part-results", "task_id", events.PART_RESULT,
    "BlockRendered / ImageGenerated; keyed by task so one assembler sees a task's parts.",
)
RESULTS = TopicSpec(
    "pdp.results", "task_id", events.PageGenerated,
    "Finished pages (output contract for downstream systems).",
)
STATUS = TopicSpec(
    "pdp.status", "task_id", events.TaskStatusChanged,
    "Every task status change (pending → processing → completed/failed) with progress.",
    compacted=True,  # keyed by task: the latest status per task is what must survive
)
DLQ = TopicSpec(
    "pdp.dlq", "source topic", events.DeadLetter,
    "Messages that could not be decoded or processed, with the error and original bytes.",
    partitions=1,
)
PRODUCT_EVENTS = TopicSpec(
    "commerce.product-events", "product_id", product_events.PRODUCT_EVENT,
    "Upstream product events (ProductCreated/Updated/Deleted) — input contract.",
)
MINING_JOBS = TopicSpec(
    "pdp.mining-jobs", "task_id", events.MiningRequested,
    "Template mining jobs over an uploaded corpus (admin); one message per job.",
    partitions=2,  # jobs are few and long: a partition per worker that may take one
)

ALL_TOPICS: tuple[TopicSpec, ...] = (
    REQUESTS, PLANS, BLOCK_TASKS, IMAGE_TASKS, PART_RESULTS, RESULTS, STATUS, DLQ, PRODUCT_EVENTS,
    MINING_JOBS,
)

# What an operator may publish through POST /api/generation/message: the upstream input only.
# Every other topic is written by the service alone (its records carry the service signature).
OPERATOR_TOPICS: tuple[TopicSpec, ...] = (PRODUCT_EVENTS,)

# What the worker group consumes (processors/app.py STAGES); consumer lag is read for these.
WORKER_INPUTS: tuple[TopicSpec, ...] = (REQUESTS, PLANS, BLOCK_TASKS, IMAGE_TASKS, PART_RESULTS,
                                         PRODUCT_EVENTS, MINING_JOBS)


@cache
def decoder(spec: TopicSpec) -> Callable[[bytes | str], Any]:
    """JSON bytes → the topic's value model (raises pydantic.ValidationError)."""
    adapter = spec.value if isinstance(spec.value, TypeAdapter) else TypeAdapter(spec.value)
    return adapter.validate_json
