"""Dead letters: list them, and replay their original bytes to the topic they came from."""

from __future__ import annotations

import base64

from pdp.settings import Settings
from producers.kafka import KafkaPublisher
from producers.reader import follow
from schemas.events import DeadLetter


def read_dead_letters(bootstrap: str, settings: Settings, idle_timeout: float = 2.0
                      ) -> list[tuple[int, DeadLetter]]:
    """(dlq offset, letter) for every dead letter currently on the topic."""
    return [(record["offset"], DeadLetter.model_validate(record["value"]))
            for record in follow(bootstrap, [settings.topic("pdp.dlq")], from_beginning=True,
                                 idle_timeout=idle_timeout)]


async def replay(bootstrap: str, settings: Settings, letters: list[DeadLetter]) -> int:
    """Re-publish each letter's original key, value and headers to its source topic."""
    publisher = KafkaPublisher(bootstrap, idempotence=settings.kafka_idempotence,
                               request_timeout_ms=settings.kafka_request_timeout_ms,
                               client_id="pdp-dlq-replay")
    try:
        for letter in letters:
            headers = {**letter.headers, "x-pdp-replayed-from": "pdp.dlq"}
            await publisher.send(letter.source_topic, base64.b64decode(letter.value_b64),
                                 key=letter.key, headers=headers)
    finally:
        await publisher.stop()
    return len(letters)
