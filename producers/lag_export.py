"""Consumer lag as Prometheus metrics under two sets of names:

* Strimzi's Kafka Exporter names (``kafka_consumergroup_lag`` with labels consumergroup,
  topic, partition; ``kafka_consumergroup_lag_sum``, ``kafka_consumergroup_current_offset``,
  ``kafka_topic_partition_current_offset``). A Strimzi cluster already runs that exporter, so
  alerts and the dashboard (k8s/monitoring) use these names and work from either source.
* kafka-lag-exporter names (``kafka_consumergroup_group_lag`` …; archived in 2024), kept for
  dashboards written against it.

Both are the number KEDA's lag trigger computes (log end − committed offset).

The gateway runs ``LagMonitor`` (it never depends on the workers it watches: a stopped
worker group still shows growing lag); ``pdp lag`` reads the same ``LagReader`` directly.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict

from prometheus_client.core import REGISTRY, GaugeMetricFamily
from prometheus_client.registry import Collector

from infra.settings import Settings
from producers.lag import LagReader, PartitionLag
from schemas.topics import WORKER_INPUTS

log = logging.getLogger("pdp.lag")


class LagCollector(Collector):
    """Serves the latest snapshot; partitions that disappear drop out with it."""

    def __init__(self) -> None:
        self.cluster = "pdp"
        self.rows: list[PartitionLag] = []
        self.updated_at = 0.0

    def update(self, rows: list[PartitionLag], cluster: str) -> None:
        self.rows, self.cluster, self.updated_at = rows, cluster, time.time()

    def collect(self):
        c = self.cluster
        part = ["cluster_name", "group", "topic", "partition"]
        lag = GaugeMetricFamily("kafka_consumergroup_group_lag",
                                "Group offset lag of a partition", labels=part)
        offset = GaugeMetricFamily("kafka_consumergroup_group_offset",
                                   "Last group consumed offset of a partition", labels=part)
        latest = GaugeMetricFamily("kafka_partition_latest_offset",
                                   "Latest offset of a partition",
                                   labels=["cluster_name", "topic", "partition"])
        max_lag = GaugeMetricFamily("kafka_consumergroup_group_max_lag",
                                    "Max group offset lag", labels=["cluster_name", "group"])
        sum_lag = GaugeMetricFamily("kafka_consumergroup_group_sum_lag",
                                    "Sum of group offset lag", labels=["cluster_name", "group"])
        topic_sum = GaugeMetricFamily("kafka_consumergroup_group_topic_sum_lag",
                                      "Sum of group offset lag across topic partitions",
                                      labels=["cluster_name", "group", "topic"])
        by_group: dict[str, list[int]] = defaultdict(list)
        by_topic: dict[tuple[str, str], int] = defaultdict(int)
        for r in self.rows:
            labels = [c, r.group, r.topic, str(r.partition)]
            lag.add_metric(labels, r.lag)
            offset.add_metric(labels, r.committed if r.committed is not None else -1)
            latest.add_metric([c, r.topic, str(r.partition)], r.log_end)
            by_group[r.group].append(r.lag)
            by_topic[(r.group, r.topic)] += r.lag
        for group, lags in by_group.items():
            max_lag.add_metric([c, group], max(lags))
            sum_lag.add_metric([c, group], sum(lags))
        for (group, topic), total in by_topic.items():
            topic_sum.add_metric([c, group, topic], total)
        yield from self._strimzi_names()
        updated = GaugeMetricFamily("pdp_lag_last_update_timestamp_seconds",
                                    "When consumer lag was last read from the broker")
        updated.add_metric([], self.updated_at)
        yield from (lag, offset, latest, max_lag, sum_lag, topic_sum, updated)


    def _strimzi_names(self):
        """The same snapshot as Strimzi's Kafka Exporter names it (no cluster label: a
        Prometheus job per cluster tells clusters apart there)."""
        part = ["consumergroup", "topic", "partition"]
        lag = GaugeMetricFamily("kafka_consumergroup_lag",
                                "Current approximate lag of a consumer group at topic/partition",
                                labels=part)
        current = GaugeMetricFamily("kafka_consumergroup_current_offset",
                                    "Current offset of a consumer group at topic/partition",
                                    labels=part)
        lag_sum = GaugeMetricFamily("kafka_consumergroup_lag_sum",
                                    "Current approximate lag of a consumer group at topic for "
                                    "all partitions", labels=["consumergroup", "topic"])
        log_end = GaugeMetricFamily("kafka_topic_partition_current_offset",
                                    "Current offset of a broker at topic/partition",
                                    labels=["topic", "partition"])
        sums: dict[tuple[str, str], int] = defaultdict(int)
        seen: set[tuple[str, int]] = set()
        for r in self.rows:
            labels = [r.group, r.topic, str(r.partition)]
            lag.add_metric(labels, r.lag)
            current.add_metric(labels, r.committed if r.committed is not None else -1)
            sums[(r.group, r.topic)] += r.lag
            if (r.topic, r.partition) not in seen:  # one series per partition, not per group
                seen.add((r.topic, r.partition))
                log_end.add_metric([r.topic, str(r.partition)], r.log_end)
        for (group, topic), total in sums.items():
            lag_sum.add_metric([group, topic], total)
        yield from (lag, current, lag_sum, log_end)


LAG = LagCollector()
REGISTRY.register(LAG)


def worker_topics(settings: Settings) -> list[str]:
    return [settings.topic(t.name) for t in WORKER_INPUTS]


class LagMonitor:
    """Refreshes ``LAG`` every PDP_LAG_INTERVAL_S seconds from the broker."""

    def __init__(self, settings: Settings):
        self.settings = settings
        from producers.kafka_security import client_options

        self.reader = LagReader(settings.kafka_bootstrap_servers,
                                settings.kafka_request_timeout_ms, client_options(settings))

    async def run(self) -> None:
        interval = self.settings.lag_interval_s
        try:
            while True:
                try:
                    rows = await asyncio.wait_for(
                        self.reader.read(self.settings.worker_group,
                                         worker_topics(self.settings)), 30)
                    LAG.update(rows, self.settings.kafka_cluster_name)
                except Exception as exc:  # noqa: BLE001 - keep polling; staleness is visible
                    log.warning("reading consumer lag failed: %r", exc)
                    await self.reader.stop()  # reconnect next round
                await asyncio.sleep(interval)
        finally:
            await self.reader.stop()
