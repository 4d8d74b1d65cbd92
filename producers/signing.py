"""Who wrote a Kafka record: an HMAC-SHA256 signature in the ``pdp-sig`` header.

Why: the pipeline topics carry a seller's identity in the message body (``user_id`` of a
request, a block, a page). A consumer that believed the body would let anyone who can write to
the topic act as any seller. Kafka ACLs stop that on a real cluster (docs/security.md); the
signature makes the service check it itself, on every broker (the dev broker has no ACLs), so
a forged or foreign record ends in the dead-letter topic instead of in a seller's data.

The MAC covers topic, key and value — not the headers, so trace context and the replay marker
may change — and a record therefore cannot be moved to another topic or re-keyed. Pipeline
topics use the service key (gateway and workers share it); the upstream product-event topic
uses its own optional key, shared with the commerce systems, and is otherwise trusted through
the broker's ACLs alone.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

HEADER = "pdp-sig"
_VERSION = "v1"


class MessageSigner:
    """Signs and verifies records per topic. A topic without a key is neither signed nor
    checked (the upstream topic when no upstream key is configured)."""

    def __init__(self, default_key: bytes | None, keys: dict[str, bytes | None] | None = None):
        self._default = default_key
        self._keys = dict(keys or {})

    def _key(self, topic: str) -> bytes | None:
        return self._keys[topic] if topic in self._keys else self._default

    def requires_signature(self, topic: str) -> bool:
        return self._key(topic) is not None

    def sign(self, topic: str, key: bytes | None, value: bytes) -> str | None:
        secret = self._key(topic)
        if secret is None:
            return None
        return f"{_VERSION}={_mac(secret, topic, key, value)}"

    def verify(self, topic: str, key: bytes | None, value: bytes, header: str | None) -> bool:
        """True when the topic needs no signature or the header is a valid one."""
        secret = self._key(topic)
        if secret is None:
            return True
        if not header or not header.startswith(f"{_VERSION}="):
            return False
        expected = _mac(secret, topic, key, value)
        return hmac.compare_digest(header[len(_VERSION) + 1:].encode(), expected.encode())


def _mac(secret: bytes, topic: str, key: bytes | None, value: bytes) -> str:
    mac = hmac.new(secret, digestmod=hashlib.sha256)
    for part in (topic.encode(), key or b"", value):
        mac.update(len(part).to_bytes(8, "big"))  # length-prefixed: no ambiguous joins
        mac.update(part)
    return mac.hexdigest()


def header_value(headers: dict | list | None) -> str | None:
    """The signature from a record's headers (dict or aiokafka's list of pairs)."""
    items = headers.items() if isinstance(headers, dict) else (headers or [])
    for name, value in items:
        if name == HEADER:
            return value.decode("ascii", "replace") if isinstance(value, bytes) else str(value)
    return None


def service_key(explicit: str, home: Path) -> bytes:
    """The service key: PDP_MESSAGE_KEY when set (a cluster shares it from a Secret), else a
    random key kept in PDP_HOME/message.key, so the processes of one machine (`pdp up`, the
    test stacks) agree without configuration. Created atomically: whichever process comes
    first writes it, the others read the same file."""
    if explicit:
        return explicit.encode()
    path = home / "message.key"
    try:
        return _shared_file_key(home, path)
    except OSError as exc:  # a read-only pod: the key must come from the environment
        raise SystemExit(f"PDP_MESSAGE_KEY is not set and {path} cannot be written ({exc}); "
                         "set PDP_MESSAGE_KEY to one secret shared by the gateway and the "
                         "workers") from None


def _shared_file_key(home: Path, path: Path) -> bytes:
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        tmp = home / f".message.key.{os.getpid()}.{secrets.token_hex(4)}"
        tmp.write_text(secrets.token_hex(32))
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)  # fails if another process linked its key first
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    return path.read_text().strip().encode()


def signer_for(settings) -> MessageSigner:
    """The signer every runtime (gateway, worker, CLI producers) builds from its settings."""
    upstream = settings.upstream_message_key.encode() if settings.upstream_message_key else None
    if not settings.message_key and not settings.message_key_from_home:
        raise SystemExit("PDP_MESSAGE_KEY is required (one secret shared by the gateway and "
                         "the workers; PDP_MESSAGE_KEY_FROM_HOME is off)")
    return MessageSigner(service_key(settings.message_key, settings.home),
                         {settings.topic("commerce.product-events"): upstream})
