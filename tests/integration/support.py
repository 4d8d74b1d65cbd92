"""Helpers for integration tests: databases, the HTTP client, topic readers, waiting."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import psycopg2
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy.engine import make_url

SAMPLES = Path(__file__).resolve().parents[2] / "devtools" / "samples"


def sample(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def all_samples() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.json"))}


def machine_admin_url() -> str | None:
    """The machine's PostgreSQL when DATABASE_URL or PG* says where it is, else None."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    if os.environ.get("PGHOST"):
        user = os.environ.get("PGUSER", "postgres")
        port = os.environ.get("PGPORT", "5432")
        database = os.environ.get("PGDATABASE", "postgres")
        return f"postgresql://{user}@{os.environ['PGHOST']}:{port}/{database}"
    return None


def _psycopg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_database(admin_url: str) -> str:
    name = f"pdp_test_{uuid.uuid4().hex[:10]}"
    conn = psycopg2.connect(_psycopg_dsn(admin_url))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, url: str) -> None:
    name = make_url(url).database
    conn = psycopg2.connect(_psycopg_dsn(admin_url))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def query(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    conn = psycopg2.connect(_psycopg_dsn(url))
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()
    finally:
        conn.close()


def wait_until(predicate: Callable[[], object], timeout: float, interval: float = 0.2,
               what: str = "condition") -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def wait_done(client: httpx.Client, task_ids: list[str], timeout: float) -> dict[str, dict]:
    done: dict[str, dict] = {}

    def check() -> bool:
        for task_id in task_ids:
            if task_id not in done:
                status = client.get(f"/api/generation/generation/status/{task_id}").json()
                if status["status"] in ("completed", "failed"):
                    done[task_id] = status
        return len(done) == len(task_ids)

    try:
        wait_until(check, timeout, what=f"{len(task_ids)} tasks")
    except AssertionError as exc:
        raise AssertionError(f"{exc}; finished {len(done)}/{len(task_ids)}") from None
    return done


def read_topic(bootstrap: str, topic: str, timeout: float = 10.0) -> list[tuple[bytes | None, bytes, dict]]:
    """Every record on a topic from the beginning (no consumer group: explicit partitions)."""
    async def run() -> list:
        consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
        await consumer.start()
        try:
            parts = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or
                                                               await _partitions(consumer, topic))]
            consumer.assign(parts)
            await consumer.seek_to_beginning(*parts)
            records = []
            deadline = time.monotonic() + timeout
            idle = 0
            while time.monotonic() < deadline and idle < 3:
                batch = await consumer.getmany(timeout_ms=500)
                idle = 0 if batch else idle + 1
                for items in batch.values():
                    records += [(r.key, r.value, dict(r.headers or ())) for r in items]
            return records
        finally:
            await consumer.stop()

    return asyncio.run(run())


def send_raw(bootstrap: str, items: list[tuple[str, bytes | None, bytes, list]]) -> None:
    """Write records straight to the broker, as anyone with network access to it could:
    (topic, key, value, headers), no service signature unless the headers carry one."""
    from aiokafka import AIOKafkaProducer

    async def run() -> None:
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
        await producer.start()
        try:
            for topic, key, value, headers in items:
                await producer.send_and_wait(topic, value, key=key, headers=headers or None)
        finally:
            await producer.stop()
    asyncio.run(run())


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> set[int]:
    await consumer._client.force_metadata_update()
    return consumer.partitions_for_topic(topic) or set()


def dangerous_markup(html: str) -> list[str]:
    """Script elements, event-handler attributes and script URLs in parsed HTML (text that
    merely mentions them, escaped, is fine)."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("script", "iframe", "object", "embed", "style", "link", "meta", "base"):
                found.append(f"<{tag}>")
            for name, value in attrs:
                if name.startswith("on"):
                    found.append(f"{tag}[{name}]")
                if name in ("href", "src", "action", "formaction") and value and \
                        value.strip().lower().startswith(("javascript:", "data:text", "vbscript:")):
                    found.append(f"{tag}[{name}={value[:30]}]")

    Finder().feed(html)
    return found


def execute(url: str, sql: str, params: tuple = ()) -> None:
    """One statement, committed (for tests that plant rows the API would refuse)."""
    conn = psycopg2.connect(_psycopg_dsn(url))
    try:
        with conn, conn.cursor() as cur:
            cur.execute(sql, params)
    finally:
        conn.close()


# --- where the broker and PostgreSQL come from ---------------------------------------------
# Default: the embedded Tansu broker (one per stack) and the machine's or an embedded
# PostgreSQL. PDP_TEST_CONTAINERS=1: real Apache Kafka (one container per stack, as isolated
# as the embedded broker) and a PostgreSQL container (one per session) through testcontainers,
# where a Docker engine answers; without one the integration tests are skipped, saying why.
CONTAINERS = os.environ.get("PDP_TEST_CONTAINERS") == "1"
KAFKA_IMAGE = os.environ.get("PDP_TEST_KAFKA_IMAGE", "confluentinc/cp-kafka:7.6.1")
POSTGRES_IMAGE = os.environ.get("PDP_TEST_POSTGRES_IMAGE", "postgres:16-alpine")


def docker_unavailable() -> str | None:
    """None when a Docker engine answers, else why the container mode cannot run."""
    try:
        import docker

        docker.from_env(timeout=5).ping()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "no engine" here
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        return (f"PDP_TEST_CONTAINERS=1 needs a Docker engine for the Kafka and PostgreSQL "
                f"containers, and none answers ({type(exc).__name__}: {first})")


@contextlib.contextmanager
def kafka_broker(log_dir: Path) -> Iterator[object]:
    """A broker for one test stack: anything with ``.bootstrap``."""
    if CONTAINERS:
        from testcontainers.kafka import KafkaContainer

        with KafkaContainer(KAFKA_IMAGE) as kafka:
            yield SimpleNamespace(bootstrap=kafka.get_bootstrap_server())
        return
    from devtools.embedded.broker import EmbeddedBroker

    broker = EmbeddedBroker(log_dir).start()
    try:
        yield broker
    finally:
        broker.stop()


@contextlib.contextmanager
def postgres_container() -> Iterator[str]:
    """An admin URL of a PostgreSQL container for the whole session."""
    from testcontainers.postgres import PostgresContainer

    with PostgresContainer(POSTGRES_IMAGE, driver=None) as pg:
        yield pg.get_connection_url()
