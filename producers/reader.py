"""Read topics without a consumer group (explicit partitions: the dev broker mishandles
group offset requests without them), for `pdp consume results` and diagnostics."""

from __future__ import annotations

import asyncio
import json
import queue
import threading
import time
from collections.abc import Iterator

from aiokafka import AIOKafkaConsumer, TopicPartition


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    parts = consumer.partitions_for_topic(topic)
    if not parts:
        await consumer._client.force_metadata_update()  # noqa: SLF001 - no public refresh
        parts = consumer.partitions_for_topic(topic) or set()
    return [TopicPartition(topic, p) for p in sorted(parts)]


def follow(bootstrap: str, topics: list[str], *, from_beginning: bool = False,
           max_records: int = 0, idle_timeout: float = 0.0, raw: bool = False,
           options: dict | None = None) -> Iterator[dict]:
    """Yield ``{"topic", "partition", "offset", "key", "value"}`` records as they arrive.

    A value that is not JSON gives ``"value": None`` and ``"error"`` (anyone may have written
    the record; a reader must not die on it). ``raw=True`` adds the undecoded ``key_bytes``,
    ``value_bytes`` and ``headers``, e.g. to check who signed the record."""
    out: queue.Queue = queue.Queue(maxsize=1000)
    done = object()

    async def run() -> None:
        consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                                    fetch_max_wait_ms=200, **(options or {}))
        try:
            await consumer.start()
            parts = [tp for t in topics for tp in await _partitions(consumer, t)]
            consumer.assign(parts)
            if from_beginning:
                await consumer.seek_to_beginning(*parts)
            else:
                await consumer.seek_to_end(*parts)
            count, last = 0, time.monotonic()
            while not (max_records and count >= max_records):
                batch = await consumer.getmany(timeout_ms=250)
                if not batch and idle_timeout and time.monotonic() - last > idle_timeout:
                    break
                for records in batch.values():
                    for r in records:
                        last = time.monotonic()
                        out.put(_record(r, raw))
                        count += 1
        finally:
            await consumer.stop()

    def main() -> None:
        try:
            asyncio.run(run())
        except BaseException as exc:  # noqa: BLE001 - handed to the reading thread
            out.put(exc)  # e.g. the broker is unreachable: the caller sees it, never a hang
        finally:
            out.put(done)

    thread = threading.Thread(target=main, daemon=True)
    thread.start()
    count = 0
    while True:
        item = out.get()
        if item is done:
            return
        if isinstance(item, BaseException):
            raise item
        yield item
        count += 1
        if max_records and count >= max_records:
            return


def _record(r, raw: bool) -> dict:
    record = {"topic": r.topic, "partition": r.partition, "offset": r.offset,
              "key": r.key.decode("utf-8", "replace") if r.key else None, "value": None}
    try:
        record["value"] = json.loads(r.value) if r.value else None
    except ValueError as exc:  # not UTF-8 / not JSON
        record["error"] = f"not JSON: {exc}"
    if raw:
        record.update(key_bytes=r.key, value_bytes=r.value or b"",
                      headers=list(r.headers or []))
    return record
