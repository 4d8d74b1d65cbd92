"""The mining stage (pdp.mining-jobs): one admin's uploaded corpus mined into draft templates
(mining/job.py), on a thread so parsing and clustering never hold the worker's event loop.

Bounded: the agent takes one job at a time per worker (its concurrency is 1), and a job a
worker is already running is not started twice by a redelivery. The job's state is in
PostgreSQL and its corpus in storage, so a gateway restart changes nothing; a worker that
dies mid-job leaves the task untouched and the reconciler re-drives it."""

from __future__ import annotations

import asyncio
import logging

from mining.job import Job
from mining.job import run as run_job
from mining.upload import Limits
from processors.runtime import Runtime
from schemas.events import MiningRequested

log = logging.getLogger("pdp.worker")
_running: set[str] = set()  # task ids this worker is mining now


async def handle_mining(rt: Runtime, msg: MiningRequested) -> None:
    if msg.task_id in _running:
        return
    _running.add(msg.task_id)
    try:
        job = Job(msg.task_id, msg.corpus_url, msg.clusters)
        # A third of the re-drive delay: two beats can be missed before the reconciler acts.
        beat = max(0.5, rt.settings.redrive_after_s / 3)
        counts = await asyncio.to_thread(run_job, rt.sessions, rt.storage.read, job,
                                         Limits.from_settings(rt.settings), beat)
    finally:
        _running.discard(msg.task_id)
    if counts is None:
        log.info("mining job %s had already finished", msg.task_id)
        return
    log.info("mining job %s done: %s", msg.task_id, counts)
    try:
        rt.storage.delete(msg.corpus_url)  # the drafts keep the examples they show
    except Exception as exc:  # noqa: BLE001 - a leftover corpus file is only disk space
        log.warning("mining job %s: corpus not deleted: %r", msg.task_id, exc)
