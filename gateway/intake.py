"""Records accepted generation requests in batches.

Every accepted request needs a reuse lookup, the admission counts and two inserts (task and
its first history row). Done per request, that was one worker-thread hop, one pooled
connection and four or five statements each; at a few hundred requests a second the gateway
spent its time handing the GIL between database threads (bench/FINDINGS.md §8). Here the
requests that arrive while a batch is in the database wait for the next batch, and a batch
costs one thread hop, one transaction and four statements whatever its size. Nothing waits
on purpose: a lone request is recorded at once, so batching only appears under load.

``decide()`` holds the admission rules and is pure; ``record_batch()`` is the one
transaction; ``Intake`` runs the batches.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from gateway.protection import BACKLOG
from infra.db import tasks as task_repo
from infra.db.session import transaction
from infra.settings import Settings

log = logging.getLogger("pdp.gateway")

MAX_BATCH = 200  # requests per transaction: bounds the statement size and one batch's latency
PARALLEL = 2  # batches in the database at once: one fills while the other commits


@dataclass
class Admit:
    """One request to record: a new task unless an identical finished one can be reused."""

    task_id: str
    user_id: str
    request: dict[str, Any]
    input_hash: str | None = None  # stored, so later identical requests can reuse this task
    reuse: bool = True  # False (?force=true): record a new task even if one could be reused
    images_total: int = 0
    trace_id: str | None = None


@dataclass(frozen=True)
class Refusal:
    """Why a request is not recorded; the HTTP layer turns it into its response (service.py),
    so the admission rules stay plain data and testable without FastAPI."""

    status: int  # 429 (the user's limit) or 503 (the pipeline's backlog)
    detail: str
    retry_after_s: int


@dataclass(frozen=True)
class Verdict:
    reused: str | None = None  # an identical finished task's id
    refusal: Refusal | None = None  # nothing recorded

    @property
    def recorded(self) -> bool:
        return self.reused is None and self.refusal is None


RECORDED = Verdict()


def decide(items: list[Admit], reusable: dict[tuple[str, str], str], inflight: dict[str, int],
           backlog: int, settings: Settings) -> list[Verdict]:
    """One verdict per item, in order, as if the items had arrived one by one: a finished
    identical request is reused; otherwise a user at their in-flight limit gets 429 and an
    overloaded pipeline 503 (before anything is recorded); items recorded earlier in the
    batch count towards their user's limit."""
    limit, cap = settings.max_inflight_per_user, settings.backpressure_pending
    counts = dict(inflight)
    verdicts = []
    for item in items:
        hit = reusable.get((item.user_id, item.input_hash)) if item.reuse else None
        mine = counts.get(item.user_id, 0)
        if hit:
            verdicts.append(Verdict(reused=hit))
        elif mine >= limit:
            verdicts.append(Verdict(refusal=Refusal(
                429, f"{mine} pages are already in progress for this user "
                     f"(limit {limit}); wait for some to finish", 10)))
        elif backlog >= cap:
            verdicts.append(Verdict(refusal=Refusal(
                503, "the pipeline is overloaded; retry later", 30)))
        else:
            counts[item.user_id] = mine + 1
            verdicts.append(RECORDED)
    return verdicts


def record_batch(session: Session, items: list[Admit], settings: Settings) -> list[Verdict]:
    """Look up, decide and insert a batch in the caller's transaction."""
    reusable = task_repo.find_reusable(
        session, [(i.user_id, i.input_hash) for i in items if i.reuse and i.input_hash])
    inflight = task_repo.inflight_counts(session, sorted({i.user_id for i in items}),
                                         settings.max_inflight_per_user)
    backlog = BACKLOG.current(session, settings.backpressure_pending)
    verdicts = decide(items, reusable, inflight, backlog, settings)
    new = [task_repo.new_task(i.task_id, i.user_id, i.request, trace_id=i.trace_id,
                              input_hash=i.input_hash, images_total=i.images_total)
           for i, v in zip(items, verdicts) if v.recorded]
    if new:
        task_repo.create_many(session, new)
    return verdicts


@dataclass
class _Waiting:
    item: Admit
    future: asyncio.Future = field(repr=False)


class Intake:
    """Batches ``record()`` calls into shared transactions (see the module docstring)."""

    def __init__(self, sessions: sessionmaker[Session], settings: Settings,
                 max_batch: int = MAX_BATCH, parallel: int = PARALLEL):
        self.sessions, self.settings = sessions, settings
        self.max_batch, self.parallel = max_batch, parallel
        self.queue: asyncio.Queue[_Waiting] = asyncio.Queue()
        self.runners: list[asyncio.Task] = []

    async def record(self, item: Admit) -> Verdict:
        """The item's verdict once its batch committed; database errors are raised here."""
        if not self.runners:  # started on first use, on the serving event loop
            self.runners = [asyncio.create_task(self._run()) for _ in range(self.parallel)]
        waiting = _Waiting(item, asyncio.get_running_loop().create_future())
        self.queue.put_nowait(waiting)
        return await waiting.future

    async def _run(self) -> None:
        while True:
            batch = [await self.queue.get()]
            while len(batch) < self.max_batch and not self.queue.empty():
                batch.append(self.queue.get_nowait())
            try:
                verdicts = await asyncio.to_thread(self._commit, [w.item for w in batch])
            except Exception as exc:  # noqa: BLE001 - every waiter gets the error (503 upstream)
                log.warning("recording %d accepted requests failed: %r", len(batch), exc)
                for w in batch:
                    if not w.future.done():
                        w.future.set_exception(exc)
                continue
            for w, verdict in zip(batch, verdicts):
                if not w.future.done():  # a waiter whose client went away is cancelled
                    w.future.set_result(verdict)

    def _commit(self, items: list[Admit]) -> list[Verdict]:
        with transaction(self.sessions) as session:
            return record_batch(session, items, self.settings)

    async def close(self) -> None:
        for runner in self.runners:
            runner.cancel()
        for runner in self.runners:
            with contextlib.suppress(asyncio.CancelledError):
                await runner
        self.runners = []
        while not self.queue.empty():
            waiting = self.queue.get_nowait()
            if not waiting.future.done():
                waiting.future.set_exception(RuntimeError("the gateway is shutting down"))
