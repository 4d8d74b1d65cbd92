"""Consumer lag per group, topic and partition: log-end offset minus committed offset, the
way kafka-lag-exporter and KEDA compute it.

Read from the broker only (never from the consumers), so a stopped or wedged worker group
still shows its lag. Two dev-broker quirks (BRIEF §5) shape the reads:
* ListOffsets(LATEST) under-reports there, so the log end is the high-water mark of a
  Fetch, sent at the ListOffsets answer (a valid offset on any broker);
* OffsetFetch without explicit partitions gets a malformed reply, so partitions are always
  passed.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.protocol.fetch import FetchRequest


@dataclass(frozen=True)
class PartitionLag:
    group: str
    topic: str
    partition: int
    log_end: int
    committed: int | None  # None: the group never committed on this partition
    lag: int


def lag_of(log_end: int, committed: int | None, log_start: int = 0) -> int:
    """Messages the group has still to process. A partition without a commit counts from
    its log start (the workers reset to earliest)."""
    position = committed if committed is not None and committed >= 0 else log_start
    return max(log_end - position, 0)


class LagReader:
    """Holds one admin client and one group-less consumer; ``read()`` may be called often."""

    def __init__(self, bootstrap: str, request_timeout_ms: int = 5000,
                 options: dict | None = None):
        self._bootstrap = bootstrap
        self._options = options or {}  # security (producers/kafka_security.py)
        self._timeout_ms = request_timeout_ms
        self._admin: AIOKafkaAdminClient | None = None
        self._consumer: AIOKafkaConsumer | None = None

    async def start(self) -> None:
        if self._consumer is None:
            consumer = AIOKafkaConsumer(bootstrap_servers=self._bootstrap, group_id=None,
                                        enable_auto_commit=False, client_id="pdp-lag",
                                        request_timeout_ms=self._timeout_ms, **self._options)
            await consumer.start()
            self._consumer = consumer
        if self._admin is None:
            admin = AIOKafkaAdminClient(bootstrap_servers=self._bootstrap, client_id="pdp-lag",
                                        request_timeout_ms=self._timeout_ms, **self._options)
            await admin.start()
            self._admin = admin

    async def stop(self) -> None:
        consumer, self._consumer = self._consumer, None
        admin, self._admin = self._admin, None
        if consumer is not None:
            await consumer.stop()
        if admin is not None:
            await admin.close()

    async def read(self, group: str, topics: list[str]) -> list[PartitionLag]:
        await self.start()
        assert self._consumer is not None and self._admin is not None
        tps = await self._partitions(topics)
        if not tps:
            return []
        committed = await self._admin.list_consumer_group_offsets(group, partitions=tps)
        starts = await self._consumer.beginning_offsets(tps)
        ends = await self._log_ends(tps)
        rows = []
        for tp in tps:
            meta = committed.get(tp)
            offset = meta.offset if meta is not None and meta.offset >= 0 else None
            rows.append(PartitionLag(group, tp.topic, tp.partition, ends[tp], offset,
                                     lag_of(ends[tp], offset, starts.get(tp, 0))))
        return rows

    async def _partitions(self, topics: list[str]) -> list[TopicPartition]:
        client = self._consumer._client  # aiokafka has no public metadata refresh
        await client.force_metadata_update()
        return [TopicPartition(t, p) for t in topics
                for p in sorted(client.cluster.partitions_for_topic(t) or ())]

    async def _log_ends(self, tps: list[TopicPartition]) -> dict[TopicPartition, int]:
        client = self._consumer._client
        listed = await self._consumer.end_offsets(tps)  # a lower bound on the dev broker
        by_leader: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for tp in tps:
            leader = client.cluster.leader_for_partition(tp)
            by_leader[leader][tp.topic].append((tp.partition, listed[tp], 1))
        ends = dict(listed)

        async def fetch(node: int, topics: dict[str, list]) -> None:
            # min_bytes 0: real Kafka answers at once. The dev broker answers a 0 ms wait with
            # no partitions at all and holds any other wait in full, hence a short 50 ms.
            request = FetchRequest(50, 0, 64 * 1024, 0, list(topics.items()))
            response = await client.send(node, request)
            for topic, partitions in response.topics:
                for partition, error_code, highwater, *_ in partitions:
                    if error_code == 0 and highwater >= 0:
                        tp = TopicPartition(topic, partition)
                        ends[tp] = max(ends[tp], highwater)

        await asyncio.gather(*(fetch(node, topics) for node, topics in by_leader.items()))
        return ends
