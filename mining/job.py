"""One mining job from start to end: the uploaded corpus (storage) → pages parsed →
sections → clusters → templates → drafts in the ``mined`` category, with a progress event
at each step (infra/db/mining_jobs.py), so the admin follows it on the task's SSE stream.

Synchronous on purpose: the worker runs it on a thread, because parsing and clustering are
CPU work that must not hold the worker's event loop. While it runs, a heartbeat keeps the
task's ``updated_at`` fresh, so the reconciler re-drives a job only when its worker is gone."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from infra.db import mining_jobs as repo
from infra.db.session import transaction
from mining.upload import Limits, unpack_stored

T = TypeVar("T")
PARSE_EVENTS = 20  # progress events while parsing, at most (one per page for small corpora)


@dataclass(frozen=True)
class Job:
    task_id: str
    corpus_url: str
    clusters: int | None = None


class Stopped(Exception):
    """The task finished elsewhere (failed by the reconciler, or a duplicate run won)."""


@contextmanager
def heartbeat(touch: Callable[[], None], every_s: float) -> Iterator[None]:
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every_s):
            try:
                touch()
            except Exception:  # noqa: BLE001 - a missed beat only risks a re-drive
                pass
    thread = threading.Thread(target=beat, name="mining-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def run(sessions: sessionmaker[Session], read: Callable[[str], bytes], job: Job,
        limits: Limits, heartbeat_s: float) -> dict[str, Any] | None:
    """Run the job; the final counters, or None when the task had already finished."""
    from mining import review
    from mining import run as mine_run  # scikit-learn: loaded by the first job, not at start

    def db(fn: Callable[..., T], *args: Any) -> T:
        with transaction(sessions) as session:
            return fn(session, *args)

    def step(stage: str, progress: int, detail: dict[str, int] | None) -> None:
        if not db(repo.step, job.task_id, stage, progress, detail):
            raise Stopped(job.task_id)

    try:
        step("parsing", 1, None)
        with heartbeat(lambda: db(repo.touch, job.task_id), heartbeat_s):
            pages = unpack_stored(read(job.corpus_url), limits)
            total = len(pages)
            counts = {"pages": 0, "pages_total": total, "sections": 0}
            step("parsing", 2, counts)
            every = max(1, total // PARSE_EVENTS)
            parsed = 0

            def tick(found: list) -> None:
                nonlocal parsed
                parsed += 1
                if parsed % every == 0 or parsed == total:
                    counts.update(pages=parsed, sections=len(found))
                    step("parsing", 2 + 48 * parsed // total, dict(counts))

            located = mine_run.segment_texts(pages, tick)
            step("clustering", 55, dict(counts))
            outcome = mine_run.mine(located, job.clusters, tag=job.task_id[:8])
            counts.update(clusters=outcome.report.get("k") or 0,
                          templates=len(outcome.library.templates),
                          rejected=len(outcome.rejected))
            step("templating", 85, dict(counts))
            source = mine_run.example_source(located)

            def store(session: Session) -> bool:
                loaded = review.load_drafts(session, outcome.library, outcome.report, source)
                counts.update(drafts=loaded["drafts"], unchanged=loaded["unchanged"])
                return repo.finish(session, job.task_id, outcome.report, dict(counts))
            if not db(store):
                raise Stopped(job.task_id)
        return counts
    except Stopped:
        return None
