"""The real services a run needs: PostgreSQL (the machine's when DATABASE_URL/PGHOST is set,
else embedded), a Tansu broker per stack (unless KAFKA_BOOTSTRAP_SERVERS is set), the
pipeline stack (worker + gateway as child processes) and the baseline server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg2
from sqlalchemy.engine import make_url

from devtools.embedded.broker import EmbeddedBroker, free_port
from devtools.embedded.postgres import EmbeddedPostgres
from devtools.embedded.stack import Stack, prepare_database
from infra.settings import Settings


def dsn(url: str) -> str:
    """A psycopg2 DSN from a SQLAlchemy-style URL."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class Databases:
    """Fresh databases on one PostgreSQL server; dropped again at close."""

    def __init__(self, home: Path):
        self.home = home
        self.embedded: EmbeddedPostgres | None = None
        self.admin_url = self._machine_url()
        self.kind = "machine" if self.admin_url else "embedded"
        self.created: list[str] = []

    @staticmethod
    def _machine_url() -> str | None:
        if os.environ.get("DATABASE_URL"):
            return os.environ["DATABASE_URL"]
        if os.environ.get("PGHOST"):
            env = os.environ
            return (f"postgresql://{env.get('PGUSER', 'postgres')}@{env['PGHOST']}:"
                    f"{env.get('PGPORT', '5432')}/{env.get('PGDATABASE', 'postgres')}")
        return None

    def create(self) -> str:
        if self.admin_url is None:
            self.embedded = EmbeddedPostgres(self.home)
            self.admin_url = self.embedded.start()
        name = f"pdp_bench_{uuid.uuid4().hex[:10]}"
        self._admin(f'CREATE DATABASE "{name}"')
        url = make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)
        self.created.append(url)
        return url

    def server_version(self) -> str:
        with psycopg2.connect(dsn(self.admin_url)) as conn, conn.cursor() as cur:
            cur.execute("SHOW server_version")
            return cur.fetchone()[0]

    def _admin(self, sql: str) -> None:
        conn = psycopg2.connect(dsn(self.admin_url))
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(sql)
        conn.close()

    def close(self) -> None:
        for url in self.created:
            self._admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
        self.created.clear()
        if self.embedded:
            self.embedded.stop()


@dataclass
class ColdStart:
    spawned_wall: float = 0.0
    gateway_ready_s: float = float("nan")
    worker_ready_s: float = float("nan")
    first_page_s: float = float("nan")


@dataclass
class PipelineStack:
    """Broker + fresh database + Stack(worker, gateway) with the given provider env."""

    home: Path
    database_url: str
    env: dict[str, str]
    workers: int = 1
    broker: EmbeddedBroker | None = None
    stack: Stack | None = None
    cold: ColdStart = field(default_factory=ColdStart)

    def start(self) -> "PipelineStack":
        bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
        prefix = ""
        if not bootstrap:
            self.broker = EmbeddedBroker(self.home / "logs").start()
            bootstrap = self.broker.bootstrap
        else:  # a shared broker: keep this run's topics and group apart
            prefix = f"bench-{uuid.uuid4().hex[:6]}."
        # One synthetic seller sends everything: keep the edge limits on (their cost is part
        # of the accept path) but far above the load, so they never refuse a bench request.
        env = {"PDP_TOPIC_PREFIX": prefix, "PDP_WORKER_GROUP": f"{prefix}pdp-worker",
               "PDP_LOG_LEVEL": "WARNING", "PDP_RATE_LIMIT": "100000000/minute",
               "PDP_MAX_INFLIGHT_PER_USER": "100000000", "PDP_BACKPRESSURE_PENDING": "100000000",
               **self.env}
        settings = Settings(database_url=self.database_url, kafka_bootstrap_servers=bootstrap,
                            home=self.home, media_dir=self.home / "media", topic_prefix=prefix)
        self.stack = Stack(settings, workers=self.workers, extra_env=env)

        def on_step(message: str) -> None:
            if message.startswith("starting worker"):
                self.cold.spawned_wall = time.time()

        self.stack.start(on_step)
        self.cold.gateway_ready_s = time.time() - self.cold.spawned_wall
        return self

    @property
    def url(self) -> str:
        assert self.stack is not None
        return self.stack.url

    def add_gateway(self, timeout: float = 60.0,
                    env: dict[str, str] | None = None) -> tuple[str, int]:
        """One more gateway process on the same broker and database (a second replica, or
        one with other settings: ``env``); stopped with the stack. (url, pid) once ready."""
        assert self.stack is not None
        port = free_port()
        proc = self.stack._spawn(["gateway", "--port", str(port)],  # noqa: SLF001
                                 f"gateway-{port}.log", env)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"extra gateway exited; see {self.stack.log_dir}")
            try:
                if httpx.get(url + "/api/generation/actuator/ready", timeout=2).is_success:
                    return url, proc.pid
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise TimeoutError("extra gateway not ready")

    def pids(self) -> dict[str, list[int]]:
        assert self.stack is not None
        pids = {"gateway": [self.stack.gateway_proc.pid],
                "worker": [w.pid for w in self.stack.worker_procs]}
        if self.broker and self.broker._process:  # noqa: SLF001 - only for sampling
            pids["broker"] = [self.broker._process.pid]  # noqa: SLF001
        return pids

    def stop(self) -> None:
        if self.stack:
            self.stack.stop()
        if self.broker:
            self.broker.stop()


class BaselineServer:
    """`python -m bench.baseline` (uvicorn, one process) on a free port."""

    def __init__(self, home: Path, database_url: str, env: dict[str, str]):
        self.port = free_port()
        self.home = home
        self.database_url = database_url
        self.env = env
        self.process: subprocess.Popen | None = None
        self.ready_s = float("nan")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> "BaselineServer":
        prepare_database(self.database_url)  # same templates as the pipeline
        env = {**os.environ, "DATABASE_URL": self.database_url, "PDP_HOME": str(self.home),
               "PDP_MEDIA_DIR": str(self.home / "media"), **self.env}
        (self.home / "logs").mkdir(parents=True, exist_ok=True)
        log = open(self.home / "logs" / f"baseline-{self.port}.log", "ab")  # noqa: SIM115
        started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.baseline", "--port", str(self.port)], env=env,
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        deadline = started + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"baseline server exited; see {self.home / 'logs'}")
            try:
                if httpx.get(f"{self.url}/ready", timeout=1).is_success:
                    self.ready_s = time.monotonic() - started
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise TimeoutError("baseline server not ready")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
