"""Kafka connection security: one set of settings reaches every client kind alike."""

from __future__ import annotations

import ssl

import pytest
from faust.transport.drivers.aiokafka import credentials_to_aiokafka_auth

from infra.settings import Settings
from producers.kafka import KafkaPublisher
from producers.kafka_security import KafkaSecurityError, client_options, faust_credentials


def _settings(**kw) -> Settings:
    return Settings(kafka_bootstrap_servers="kafka:9093", **kw)


def test_plaintext_by_default_for_the_dev_broker():
    assert client_options(_settings()) == {"security_protocol": "PLAINTEXT"}
    assert faust_credentials(_settings()) is None


@pytest.mark.parametrize("protocol,mechanism", [("SASL_SSL", "SCRAM-SHA-512"),
                                                ("SASL_PLAINTEXT", "PLAIN"),
                                                ("SASL_SSL", "SCRAM-SHA-256")])
def test_sasl_reaches_aiokafka_and_faust_alike(protocol, mechanism):
    settings = _settings(kafka_security_protocol=protocol, kafka_sasl_mechanism=mechanism,
                         kafka_sasl_username="pdp-worker", kafka_sasl_password="s3cret")
    options = client_options(settings)
    assert options["security_protocol"] == protocol
    assert options["sasl_mechanism"] == mechanism
    assert options["sasl_plain_username"] == "pdp-worker"
    assert options["sasl_plain_password"] == "s3cret"
    assert isinstance(options.get("ssl_context"), ssl.SSLContext) == protocol.endswith("SSL")
    faust_options = credentials_to_aiokafka_auth(faust_credentials(settings))
    for name in ("security_protocol", "sasl_mechanism", "sasl_plain_username",
                 "sasl_plain_password"):
        assert faust_options[name] == options[name], name


def test_tls_with_the_cluster_ca(tmp_path):
    import subprocess

    ca = tmp_path / "ca.crt"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=test-ca", "-keyout", str(tmp_path / "ca.key"), "-out", str(ca)],
                   check=True, capture_output=True)
    options = client_options(_settings(kafka_security_protocol="SSL", kafka_ssl_cafile=ca))
    assert options["security_protocol"] == "SSL"
    subjects = [dict(x[0] for x in c["subject"]) for c in options["ssl_context"].get_ca_certs()]
    assert {"commonName": "test-ca"} in subjects
    assert credentials_to_aiokafka_auth(faust_credentials(
        _settings(kafka_security_protocol="SSL", kafka_ssl_cafile=ca)))["security_protocol"] == "SSL"


def test_the_password_never_shows_in_settings_repr():
    settings = _settings(kafka_security_protocol="SASL_SSL", kafka_sasl_username="u",
                         kafka_sasl_password="very-secret")
    assert "very-secret" not in repr(settings)


@pytest.mark.parametrize("bad", [dict(kafka_security_protocol="TLS"),
                                 dict(kafka_security_protocol="SASL_SSL"),
                                 dict(kafka_security_protocol="SASL_SSL", kafka_sasl_username="u",
                                      kafka_sasl_password="p", kafka_sasl_mechanism="GSSAPI")])
def test_settings_that_do_not_fit_are_refused(bad):
    with pytest.raises(KafkaSecurityError):
        client_options(_settings(**bad))


def test_the_publisher_is_built_with_them(tmp_path):
    publisher = KafkaPublisher.from_settings(
        _settings(kafka_security_protocol="SASL_PLAINTEXT", kafka_sasl_mechanism="PLAIN",
                  kafka_sasl_username="gw", kafka_sasl_password="pw", home=tmp_path), "pdp-gateway")
    assert publisher._config["sasl_plain_username"] == "gw"  # noqa: SLF001
    assert publisher._config["security_protocol"] == "SASL_PLAINTEXT"  # noqa: SLF001
