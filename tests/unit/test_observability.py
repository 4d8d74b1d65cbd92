"""Pure pieces of observability: the lag formula and its kafka-lag-exporter metrics, JSON log
records with task and trace ids, trace context through Kafka headers, provider counting."""

from __future__ import annotations

import asyncio
import json
import logging
import logging.config

import pytest
from prometheus_client import CollectorRegistry, generate_latest

from infra.observability import metrics, tracing
from infra.observability.logs import TASK_ID, logging_config
from processors.providers.base import Providers
from processors.providers.instrumented import instrumented
from producers.lag import PartitionLag, lag_of
from producers.lag_export import LagCollector
from schemas.topics import WORKER_INPUTS


def test_lag_is_log_end_minus_committed_and_never_negative():
    assert lag_of(10, 7) == 3
    assert lag_of(10, 10) == 0
    assert lag_of(10, None) == 10            # never committed: from the log start
    assert lag_of(10, None, log_start=4) == 6
    assert lag_of(3, 5) == 0                 # a commit ahead of a stale end reads as 0


def test_lag_metrics_use_kafka_lag_exporter_names_and_sums():
    collector = LagCollector()
    collector.update([PartitionLag("g", "a", 0, 10, 7, 3), PartitionLag("g", "a", 1, 5, None, 5),
                      PartitionLag("g", "b", 0, 2, 2, 0)], "c1")
    registry = CollectorRegistry()
    registry.register(collector)
    text = generate_latest(registry).decode()
    assert 'kafka_consumergroup_group_lag{cluster_name="c1",group="g",partition="1",topic="a"} 5.0' in text
    assert 'kafka_consumergroup_group_sum_lag{cluster_name="c1",group="g"} 8.0' in text
    assert 'kafka_consumergroup_group_max_lag{cluster_name="c1",group="g"} 5.0' in text
    assert 'kafka_consumergroup_group_topic_sum_lag{cluster_name="c1",group="g",topic="b"} 0.0' in text
    assert 'kafka_consumergroup_group_offset{cluster_name="c1",group="g",partition="1",topic="a"} -1.0' in text


def test_lag_metrics_also_carry_strimzi_kafka_exporter_names():
    """Alerts and the dashboard query these names, so they work from Strimzi's Kafka Exporter
    and from the gateway alike."""
    collector = LagCollector()
    collector.update([PartitionLag("g", "a", 0, 10, 7, 3), PartitionLag("g", "a", 1, 5, None, 5),
                      PartitionLag("h", "a", 1, 5, 5, 0)], "c1")
    registry = CollectorRegistry()
    registry.register(collector)
    text = generate_latest(registry).decode()
    assert 'kafka_consumergroup_lag{consumergroup="g",partition="1",topic="a"} 5.0' in text
    assert 'kafka_consumergroup_lag{consumergroup="h",partition="1",topic="a"} 0.0' in text
    assert 'kafka_consumergroup_lag_sum{consumergroup="g",topic="a"} 8.0' in text
    assert 'kafka_consumergroup_current_offset{consumergroup="g",partition="0",topic="a"} 7.0' in text
    # the log end is a property of the partition: one series, however many groups read it
    assert text.count('kafka_topic_partition_current_offset{partition="1",topic="a"}') == 1
    assert "# TYPE kafka_consumergroup_lag gauge" in text


def test_worker_lag_is_read_for_exactly_the_topics_the_stages_consume():
    from processors.app import STAGES

    assert [spec for spec, _, _ in STAGES] == list(WORKER_INPUTS)


def test_json_log_line_carries_task_and_trace_ids(capsys):
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    logging.config.dictConfig(logging_config("INFO", "json"))
    tracing.setup_tracing("test")
    token = TASK_ID.set("task-1")
    try:
        with tracing.tracer().start_as_current_span("s"):
            trace_id = tracing.current_trace_id()
            logging.getLogger("pdp.test").info("hello %s", "한국어")
    finally:
        TASK_ID.reset(token)
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
    record = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert record["message"] == "hello 한국어" and record["level"] == "INFO"
    assert record["task_id"] == "task-1" and record["trace_id"] == trace_id and len(trace_id) == 32


def test_trace_context_survives_a_round_trip_through_headers():
    tracing.setup_tracing("test")
    with tracing.tracer().start_as_current_span("producer"):
        sent = tracing.current_trace_id()
        headers = tracing.inject({"x-user-id": "u"})
    assert headers["x-user-id"] == "u" and sent in headers["traceparent"]
    with tracing.tracer().start_as_current_span("consumer", context=tracing.extract(headers)):
        assert tracing.current_trace_id() == sent
    assert tracing.inject(None) == {}  # outside any span nothing is added


def test_unknown_trace_exporter_is_refused():
    with pytest.raises(SystemExit):
        tracing.setup_tracing("test", "jaeger")


class _Boom:
    async def plan(self, *args):
        raise TimeoutError("slow")


class _Ok:
    async def write(self, *args):
        return "slots"

    async def make(self, *args):
        return "image"


def test_provider_calls_and_errors_are_counted_by_the_wrapper():
    providers = instrumented(Providers(name="unit", planner=_Boom(), writer=_Ok(), images=_Ok()))
    calls = metrics.PROVIDER_CALLS.labels("unit", "plan")
    errors = metrics.PROVIDER_ERRORS.labels("unit", "plan", "TimeoutError")
    before_calls, before_errors = calls._value.get(), errors._value.get()
    with pytest.raises(TimeoutError):
        asyncio.run(providers.planner.plan(None, None))
    assert asyncio.run(providers.writer.write(None)) == "slots"
    assert calls._value.get() == before_calls + 1 and errors._value.get() == before_errors + 1
    assert metrics.PROVIDER_CALLS.labels("unit", "block")._value.get() >= 1


def test_worker_healthz_fails_when_the_event_loop_stops_beating():
    from processors.health import Heartbeat, health_app

    now = [100.0]
    heartbeat = Heartbeat(clock=lambda: now[0])
    app = health_app(heartbeat, stall_s=60, metrics_app=lambda env, start: [b"metrics"])

    def get(path: str) -> tuple[str, bytes]:
        seen = {}
        body = b"".join(app({"PATH_INFO": path}, lambda status, headers: seen.update(s=status)))
        return seen.get("s", "200 OK"), body

    assert get("/healthz")[0].startswith("200")
    now[0] += 61
    status, body = get("/healthz")
    assert status.startswith("503") and b"61.0 s" in body
    heartbeat.beat()
    assert get("/healthz")[0].startswith("200")
    assert get("/metrics") == ("200 OK", b"metrics")
