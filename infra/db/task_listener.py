"""Push source of task progress: one PostgreSQL LISTEN connection per process, fanned out.

Every transaction that records a task's state change (``infra/db/tasks.py``: the task row
and its ``task_events`` row) also runs ``pg_notify('pdp_task_events', task_id)``; PostgreSQL
delivers it at commit, so a woken reader always finds the new row. This module holds the
one connection that listens (psycopg2 in autocommit, its socket watched by the event loop
with ``add_reader``: no thread, no polling) and an in-process registry of subscribers per
task, each with a bounded queue of wake-ups.

A wake-up says only "read again": a subscriber reads every event after the last one it
sent, so wake-ups that arrive while one is pending coalesce (queue of one) and a slow
stream costs no memory. A notification can still be missed — the listener was
reconnecting, PostgreSQL restarted — so every subscriber is woken after each (re)connect
and readers re-check on a slow timer of their own (``sse_recheck_s``).

LISTEN holds a session: through a transaction-mode pooler (PgBouncer ``pool_mode =
transaction``) notifications do not arrive, so ``PDP_LISTEN_DATABASE_URL`` can point this
one connection at PostgreSQL directly or at a session-mode pool (docs/operations.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import threading
import weakref
from collections.abc import Callable
from typing import Self

import psycopg2
import psycopg2.extensions
from sqlalchemy.engine import make_url

from infra.db.session import normalize_url
from infra.db.tasks import NOTIFY_CHANNEL

log = logging.getLogger("pdp.listen")

CHANNEL = NOTIFY_CHANNEL  # written by infra/db/tasks.py
APPLICATION_NAME = "pdp-listen"  # how operators (and tests) find the connection
WAKE_QUEUE = 1  # wake-ups coalesce: the reader reads everything new anyway


class Subscription:
    """One reader's wake-ups for one task. Use as a context manager (or call ``close``);
    the registry holds it weakly, so a stream dropped without closing cannot leak."""

    __slots__ = ("__weakref__", "_release", "queue", "task_id")

    def __init__(self, task_id: str):
        self.task_id = task_id
        self.queue: asyncio.Queue[str] = asyncio.Queue(maxsize=WAKE_QUEUE)
        self._release: Callable[[], object] = lambda: None

    def wake(self, reason: str) -> None:
        with contextlib.suppress(asyncio.QueueFull):  # one pending wake-up is enough
            self.queue.put_nowait(reason)

    async def wait(self, timeout: float) -> str | None:
        """The reason of the next wake-up ("notify", "reconnect"), or None after ``timeout``."""
        try:
            return await asyncio.wait_for(self.queue.get(), timeout)
        except TimeoutError:
            return None

    def close(self) -> None:
        self._release()  # a weakref.finalize: runs once, here or when collected

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class TaskListener:
    """LISTEN on one connection, with reconnects (exponential backoff + jitter), and wake-ups
    fanned out to every subscription of the notified task."""

    def __init__(self, database_url: str, *, channel: str = CHANNEL,
                 backoff_s: float = 0.5, max_backoff_s: float = 30.0,
                 on_state: Callable[[bool], None] | None = None):
        url = make_url(normalize_url(database_url)).set(drivername="postgresql")
        self._dsn = url.render_as_string(hide_password=False)
        self._channel = channel
        self._backoff_s = backoff_s
        self._max_backoff_s = max_backoff_s
        self._on_state = on_state or (lambda connected: None)
        # Mutated on the event loop, but a garbage collection that releases a dropped
        # subscription may run on any thread (and /metrics reads the count on one): a lock,
        # re-entrant because a collection can start while the loop holds it.
        self._lock = threading.RLock()
        self._subs: dict[str, weakref.WeakSet[Subscription]] = {}
        self._open = 0
        self._conn: psycopg2.extensions.connection | None = None
        self._fd = -1  # kept: fileno() of a connection the server closed raises
        self._lost: asyncio.Event | None = None
        self._task: asyncio.Task | None = None
        self.connected = False
        self.connects = 0  # successful (re)connects, for tests and metrics

    # --- registry -----------------------------------------------------------------------
    def subscribe(self, task_id: str) -> Subscription:
        sub = Subscription(task_id)
        with self._lock:
            self._subs.setdefault(task_id, weakref.WeakSet()).add(sub)
            self._open += 1
        sub._release = weakref.finalize(sub, self._release, task_id, weakref.ref(sub))
        return sub

    def _release(self, task_id: str, ref: weakref.ref) -> None:
        with self._lock:
            self._open -= 1
            subs = self._subs.get(task_id)
            if subs is None:
                return
            sub = ref()
            if sub is not None:  # closed, not collected
                subs.discard(sub)
            # Iterate, not len(): during a weakref callback the dying member still counts.
            if next(iter(subs), None) is None:
                del self._subs[task_id]

    def subscriber_count(self) -> int:
        return self._open

    def task_count(self) -> int:
        return len(self._subs)

    def notify(self, task_id: str, reason: str = "notify") -> None:
        """Wake every subscriber of ``task_id`` (what a notification does)."""
        with self._lock:
            subs = list(self._subs.get(task_id, ()))
        for sub in subs:
            sub.wake(reason)

    def wake_all(self, reason: str) -> None:
        with self._lock:
            subs = [sub for task_subs in self._subs.values() for sub in task_subs]
        for sub in subs:
            sub.wake(reason)

    # --- connection ---------------------------------------------------------------------
    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="pdp-task-listener")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self._drop()

    async def _run(self) -> None:
        delay = self._backoff_s
        while True:
            try:
                await self._connect()
            except Exception as exc:  # noqa: BLE001 - any failure: wait and try again
                wait = delay * random.uniform(0.5, 1.0)  # jitter: gateways do not reconnect in step
                log.warning("task listener cannot connect (%s); retrying in %.1f s",
                            str(exc).strip().splitlines()[0] if str(exc).strip() else exc, wait)
                await asyncio.sleep(wait)
                delay = min(delay * 2, self._max_backoff_s)
                continue
            delay = self._backoff_s
            # Anything committed while nobody listened is found by re-reading now.
            self.wake_all("reconnect")
            assert self._lost is not None
            await self._lost.wait()
            self._drop()
            log.warning("task listener connection lost; reconnecting")

    async def _connect(self) -> None:
        def connect() -> psycopg2.extensions.connection:
            # Keepalives: a peer that vanished without closing (a dead node, a dropped NAT
            # entry) is noticed within about a minute instead of never.
            conn = psycopg2.connect(self._dsn, connect_timeout=5,
                                    application_name=APPLICATION_NAME, keepalives=1,
                                    keepalives_idle=30, keepalives_interval=10,
                                    keepalives_count=3)
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(f"LISTEN {self._channel}")
            return conn

        conn = await asyncio.to_thread(connect)
        loop = asyncio.get_running_loop()
        self._conn, self._fd, self._lost = conn, conn.fileno(), asyncio.Event()
        loop.add_reader(self._fd, self._readable)
        self.connected = True
        self.connects += 1
        self._on_state(True)
        log.info("task listener connected (LISTEN %s)", self._channel)

    def _readable(self) -> None:
        conn = self._conn
        if conn is None:
            return
        try:
            conn.poll()  # reads what arrived; raises when the server closed the session
        except (psycopg2.Error, OSError) as exc:
            log.warning("task listener: %s", str(exc).strip() or type(exc).__name__)
            self._lose()
            return
        while conn.notifies:
            note = conn.notifies.pop(0)
            self.notify(note.payload)
        if conn.closed:
            self._lose()

    def _unwatch(self) -> None:
        if self._fd >= 0:
            with contextlib.suppress(Exception):
                asyncio.get_running_loop().remove_reader(self._fd)
            self._fd = -1

    def _lose(self) -> None:
        self._unwatch()  # before anything else: a dead socket stays readable
        if self._lost is not None:
            self._lost.set()

    def _drop(self) -> None:
        self._unwatch()
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()
        if self.connected:
            self.connected = False
            self._on_state(False)
