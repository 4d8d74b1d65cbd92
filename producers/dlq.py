"""Dead letters: list them, and replay their original bytes to the topic they came from.

Anyone who can write to the topic could put a record there, so nothing here trusts a record:
one that is not a dead letter, or not signed by the service, is listed as such (never a
crash), and replay refuses it — replaying it would feed a forger's bytes into the pipeline.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from pydantic import ValidationError

from infra.settings import Settings
from producers.kafka import KafkaPublisher
from producers.kafka_security import client_options
from producers.reader import follow
from producers.signing import header_value, signer_for
from schemas.events import DeadLetter


@dataclass(frozen=True)
class DlqEntry:
    offset: int
    letter: DeadLetter | None  # None: the record is not a readable dead letter
    problem: str | None = None  # why it cannot be trusted or read; None for a good letter
    preview: str = ""  # the first bytes of an unreadable record

    @property
    def replayable(self) -> bool:
        return self.letter is not None and self.problem is None


def read_dead_letters(bootstrap: str, settings: Settings, idle_timeout: float = 2.0
                      ) -> list[DlqEntry]:
    """Every record currently on the dead-letter topic, readable or not."""
    signer = signer_for(settings)
    return [_entry(record, signer)
            for record in follow(bootstrap, [settings.topic("pdp.dlq")], from_beginning=True,
                                 idle_timeout=idle_timeout, raw=True,
                                 options=client_options(settings))]


def _entry(record: dict, signer) -> DlqEntry:
    raw: bytes = record["value_bytes"]
    preview = raw[:80].decode("utf-8", "replace")
    try:
        letter = DeadLetter.model_validate_json(raw)
    except (ValidationError, ValueError) as exc:
        reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        return DlqEntry(record["offset"], None, f"not a dead letter: {reason}"[:200], preview)
    if not signer.verify(record["topic"], record["key_bytes"], raw,
                         header_value(record["headers"])):
        return DlqEntry(record["offset"], letter, "not signed by the service (forged?)", preview)
    return DlqEntry(record["offset"], letter)


async def replay(bootstrap: str, settings: Settings, letters: list[DeadLetter]) -> int:
    """Re-publish each letter's original key, value and headers to its source topic. The
    publisher has no signer on purpose: the original signature travels in the headers, and
    the consumer checks it again."""
    publisher = KafkaPublisher.from_settings(settings, "pdp-dlq-replay", signed=False,
                                             bootstrap=bootstrap)
    try:
        for letter in letters:
            headers = {**letter.headers, "x-pdp-replayed-from": "pdp.dlq"}
            await publisher.send(letter.source_topic, base64.b64decode(letter.value_b64),
                                 key=letter.key, headers=headers)
    finally:
        await publisher.stop()
    return len(letters)
