"""Create every declared topic with its partition count (the dev broker would otherwise
auto-create unknown topics with 4 partitions)."""

from __future__ import annotations

import asyncio
import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from infra.settings import Settings
from producers.kafka_security import client_options
from schemas.topics import ALL_TOPICS

log = logging.getLogger(__name__)


def planned_topics(settings: Settings) -> dict[str, int]:
    return {settings.topic(t.name): t.partitions or settings.topic_partitions for t in ALL_TOPICS}


async def ensure_topics(settings: Settings, bootstrap: str | None = None) -> dict[str, int]:
    """Create missing topics; returns name → partitions of what was asked for."""
    wanted = planned_topics(settings)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap or settings.kafka_bootstrap_servers,
                                request_timeout_ms=settings.kafka_request_timeout_ms,
                                **client_options(settings))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [NewTopic(name, num_partitions=n, replication_factor=1)
                   for name, n in wanted.items() if name not in existing]
        if missing:
            try:
                await admin.create_topics(missing)
            except TopicAlreadyExistsError:  # another process won the race
                pass
            log.info("created topics: %s", ", ".join(t.name for t in missing))
    finally:
        await admin.close()
    return wanted


def ensure_topics_sync(settings: Settings, bootstrap: str | None = None) -> dict[str, int]:
    return asyncio.run(ensure_topics(settings, bootstrap))
