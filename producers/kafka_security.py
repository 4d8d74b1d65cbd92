"""How every Kafka client of the service connects: plaintext (dev broker), TLS, SASL over
plaintext or TLS (PLAIN / SCRAM-SHA-256 / SCRAM-SHA-512), as a real cluster (Strimzi) needs.

One function per client kind, both built from the same settings, so the producer, the
readers, the admin client, the lag reader and the Faust app cannot drift apart
(tests/unit/test_kafka_security.py checks that Faust ends up with the same options).
"""

from __future__ import annotations

import ssl
from typing import Any

PROTOCOLS = ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
MECHANISMS = ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")


class KafkaSecurityError(ValueError):
    """The Kafka security settings do not fit together."""


def _ssl_context(settings) -> ssl.SSLContext:
    # The system trust store plus the cluster's CA (Strimzi signs its listeners with its own).
    cafile = str(settings.kafka_ssl_cafile) if settings.kafka_ssl_cafile else None
    return ssl.create_default_context(cafile=cafile)


def client_options(settings) -> dict[str, Any]:
    """Keyword arguments for AIOKafkaProducer / AIOKafkaConsumer / AIOKafkaAdminClient."""
    protocol = settings.kafka_security_protocol.upper()
    if protocol not in PROTOCOLS:
        raise KafkaSecurityError(f"PDP_KAFKA_SECURITY_PROTOCOL must be one of {PROTOCOLS}")
    options: dict[str, Any] = {"security_protocol": protocol}
    if protocol in ("SSL", "SASL_SSL"):
        options["ssl_context"] = _ssl_context(settings)
    if protocol.startswith("SASL"):
        mechanism = settings.kafka_sasl_mechanism.upper()
        if mechanism not in MECHANISMS:
            raise KafkaSecurityError(f"PDP_KAFKA_SASL_MECHANISM must be one of {MECHANISMS}")
        if not settings.kafka_sasl_username or settings.kafka_sasl_password is None:
            raise KafkaSecurityError("SASL needs PDP_KAFKA_SASL_USERNAME and "
                                     "PDP_KAFKA_SASL_PASSWORD")
        options.update(sasl_mechanism=mechanism,
                       sasl_plain_username=settings.kafka_sasl_username,
                       sasl_plain_password=settings.kafka_sasl_password.get_secret_value())
    return options


def faust_credentials(settings):
    """The same connection for the Faust app (its ``broker_credentials``); None: plaintext."""
    import faust

    options = client_options(settings)
    protocol = options["security_protocol"]
    if protocol == "PLAINTEXT":
        return None
    if protocol == "SSL":
        return faust.SSLCredentials(options["ssl_context"])
    return faust.SASLCredentials(username=options["sasl_plain_username"],
                                 password=options["sasl_plain_password"],
                                 mechanism=options["sasl_mechanism"],
                                 ssl_context=options.get("ssl_context"))
