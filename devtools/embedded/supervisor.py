"""Keeps the children of `pdp up` running: a child that dies is restarted after a backoff,
and the stack as a whole stops only when its owner says so (Ctrl-C / SIGTERM).

What "restart" means is each child's business (the Stack wires it: a broker restart also
re-creates topics and re-drives unfinished tasks); this module only decides when, and logs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from devtools.embedded.backoff import RestartBackoff

log = logging.getLogger("pdp.supervisor")


@dataclass
class Child:
    name: str
    alive: Callable[[], bool]
    restart: Callable[[], str]  # starts it again; returns what to log (e.g. "pid 123")
    exit_status: Callable[[], str] = lambda: "exited"


@dataclass
class _Watch:
    child: Child
    started_at: float
    backoff: RestartBackoff = field(default_factory=RestartBackoff)
    restart_at: float | None = None  # set while a dead child waits for its restart


class Supervisor:
    def __init__(self, children: Iterable[Child], *, clock: Callable[[], float] = time.monotonic,
                 backoff: Callable[[], RestartBackoff] = RestartBackoff):
        self._clock = clock
        now = clock()
        # Order matters: the broker first, since restarting it also restarts the workers.
        self._watches = [_Watch(child, now, backoff()) for child in children]

    def tick(self) -> None:
        for watch in self._watches:
            self._check(watch, self._clock())

    def run(self, interval_s: float = 0.5) -> None:
        """Supervise until interrupted (KeyboardInterrupt: Ctrl-C, or SIGTERM turned into it)."""
        while True:
            self.tick()
            time.sleep(interval_s)

    def _check(self, watch: _Watch, now: float) -> None:
        child = watch.child
        if watch.restart_at is None:
            if child.alive():
                return
            uptime = now - watch.started_at
            self._schedule(watch, now, uptime, f"{child.exit_status()} after {uptime:.1f} s")
        if child.alive():  # restarted meanwhile by another child's restart (workers by the broker)
            watch.restart_at, watch.started_at = None, now
            return
        if now < watch.restart_at:
            return
        try:
            started = child.restart()
        except Exception as exc:  # noqa: BLE001 - any failure to start is one more crash
            self._schedule(watch, now, 0.0, f"restart failed: {exc!r}")
            return
        watch.restart_at, watch.started_at = None, now
        log.warning("%s restarted (%s)", child.name, started)

    def _schedule(self, watch: _Watch, now: float, uptime_s: float, why: str) -> None:
        delay = watch.backoff.next_delay(uptime_s)
        watch.restart_at = now + delay
        log.warning("%s down (%s); restarting in %.1f s (attempt %d)", watch.child.name, why,
                    delay, watch.backoff.attempts)
