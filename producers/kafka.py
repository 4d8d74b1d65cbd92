"""The one Kafka producer wrapper used by the gateway and the workers.

acks=all always (aiokafka defaults to acks=1, which can lose an acknowledged message on
leader failover). Idempotence is a setting: on for real Kafka, off for the dev broker, which
rejects InitProducerId; correctness never depends on it because consumers dedupe.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from opentelemetry import propagate

from producers.signing import HEADER, MessageSigner

log = logging.getLogger(__name__)


class BrokerUnavailable(Exception):
    """Kafka did not acknowledge the message (unreachable, timed out or refused)."""


@dataclass(frozen=True)
class Delivery:
    topic: str
    partition: int
    offset: int


class KafkaPublisher:
    def __init__(self, bootstrap: str, *, idempotence: bool = False,
                 request_timeout_ms: int = 5000, client_id: str = "pdp", linger_ms: int = 0,
                 signer: MessageSigner | None = None, options: dict | None = None):
        # signer: every record this publisher sends carries the service's signature
        # (producers/signing.py). None only for `pdp dlq replay`, which re-sends records
        # with the signature they already had — signing them anew would launder forgeries.
        self._signer = signer
        self._config = dict(bootstrap_servers=bootstrap, client_id=client_id, acks="all",
                            enable_idempotence=idempotence, linger_ms=linger_ms,
                            request_timeout_ms=request_timeout_ms, **(options or {}))
        self._timeout = request_timeout_ms / 1000 + 1
        self._producer: AIOKafkaProducer | None = None
        self._lock = asyncio.Lock()

    @classmethod
    def from_settings(cls, settings, client_id: str, *, signed: bool = True,
                      bootstrap: str | None = None) -> "KafkaPublisher":
        """The publisher every runtime uses: the settings' broker, security and timeouts;
        signed with the service key unless ``signed=False`` (DLQ replay only)."""
        from producers.kafka_security import client_options
        from producers.signing import signer_for

        return cls(bootstrap or settings.kafka_bootstrap_servers,
                   idempotence=settings.kafka_idempotence,
                   request_timeout_ms=settings.kafka_request_timeout_ms, client_id=client_id,
                   signer=signer_for(settings) if signed else None,
                   options=client_options(settings))

    @property
    def started(self) -> bool:
        return self._producer is not None

    async def start(self) -> None:
        """Connect now; safe to call again. Raises BrokerUnavailable."""
        async with self._lock:
            if self._producer is not None:
                return
            producer = AIOKafkaProducer(**self._config)
            try:
                await asyncio.wait_for(producer.start(), self._timeout)
            except (KafkaError, OSError, asyncio.TimeoutError) as exc:
                await _quiet_stop(producer)
                raise BrokerUnavailable(f"cannot connect to Kafka: {exc!r}") from exc
            self._producer = producer

    async def stop(self) -> None:
        async with self._lock:
            producer, self._producer = self._producer, None
        if producer is not None:
            await _quiet_stop(producer)

    async def send(self, topic: str, value: bytes, *, key: str | None = None,
                   headers: dict[str, str] | None = None) -> Delivery:
        """Send and wait for the broker's acknowledgement. The current trace context (if any)
        travels along as a W3C ``traceparent`` header, so the next stage continues the trace."""
        await self.start()
        assert self._producer is not None
        carrier = dict(headers or {})
        propagate.inject(carrier)
        key_bytes = key.encode() if key else None
        if self._signer is not None:
            carrier.pop(HEADER, None)
            signature = self._signer.sign(topic, key_bytes, value)
            if signature:
                carrier[HEADER] = signature
        encoded = [(k, v.encode()) for k, v in carrier.items()]
        try:
            async with asyncio.timeout(self._timeout):  # unlike wait_for, no extra task per send
                meta = await self._producer.send_and_wait(
                    topic, value, key=key_bytes, headers=encoded or None)
        except (KafkaError, OSError, asyncio.TimeoutError) as exc:
            raise BrokerUnavailable(f"Kafka did not acknowledge the message: {exc!r}") from exc
        return Delivery(meta.topic, meta.partition, meta.offset)

    async def ping(self) -> bool:
        """True when the broker answers a metadata request now."""
        try:
            await self.start()
            assert self._producer is not None
            await asyncio.wait_for(self._producer.client.fetch_all_metadata(), self._timeout)
            return True
        except Exception:  # noqa: BLE001 - readiness reports any failure as "not ready"
            return False


async def _quiet_stop(producer: AIOKafkaProducer) -> None:
    try:
        await asyncio.wait_for(producer.stop(), 5)
    except Exception as exc:  # noqa: BLE001 - best effort while tearing down
        log.debug("producer stop failed: %r", exc)
