"""Task repository: every read and write of a task's durable pipeline state.

All writes are idempotent or conditional, because Kafka delivers at least once and several
workers may touch the same task: parts are inserted with ON CONFLICT DO NOTHING, status
flips only from a non-terminal state, progress never goes backwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from infra.db.models import Task, TaskEvent, TaskPart

TERMINAL = ("completed", "failed")
ACTIVE = ("pending", "processing")


def parts_progress(done: int, total: int) -> int:
    """10 % once planned, up to 95 % as blocks and images finish; 100 % when stored."""
    if total <= 0:
        return 10
    return 10 + int(85 * done / total)


@dataclass
class PartCounts:
    blocks_done: int
    images_done: int
    blocks_total: int
    images_total: int
    progress: int
    inserted: bool

    @property
    def all_done(self) -> bool:
        return (self.blocks_done >= self.blocks_total
                and self.images_done >= self.images_total and self.blocks_total > 0)


# Readers of a task's history (SSE streams, infra/db/task_listener.py) LISTEN on this
# channel. PostgreSQL delivers a notification at commit, never for a rolled-back
# transaction, so a woken reader finds the row; the payload is the task id alone, because
# the reader reads every event after its last one anyway.
NOTIFY_CHANNEL = "pdp_task_events"
_NOTIFY = text(f"SELECT pg_notify('{NOTIFY_CHANNEL}', :task_id)")


def notify(session: Session, task_id: str) -> None:
    """Tell listeners that ``task_id`` changed (sent when the caller's transaction commits)."""
    session.execute(_NOTIFY, {"task_id": task_id})


def snapshot(session: Session, task_id: str) -> None:
    """Append the task's current state to its history and notify its readers (in the
    caller's transaction)."""
    session.flush()
    columns = (Task.id, Task.status, Task.stage, Task.progress, Task.blocks_done,
               Task.images_done, Task.error)
    session.execute(insert(TaskEvent).from_select(
        ["task_id", "status", "stage", "progress", "blocks_done", "images_done", "error"],
        select(*columns).where(Task.id == task_id)))
    notify(session, task_id)


def events_after(session: Session, task_id: str, after_id: int) -> list[TaskEvent]:
    return list(session.execute(
        select(TaskEvent).where(TaskEvent.task_id == task_id, TaskEvent.id > after_id)
        .order_by(TaskEvent.id)).scalars())


def new_task(task_id: str, user_id: str, request: dict[str, Any], *,
             trace_id: str | None = None, input_hash: str | None = None,
             images_total: int = 0) -> dict[str, Any]:
    """The row of a just-accepted task (pending, nothing done yet)."""
    return {"id": task_id, "user_id": user_id, "status": "pending", "stage": "accepted",
            "progress": 0, "request": request, "blocks_total": 0, "images_total": images_total,
            "blocks_done": 0, "images_done": 0, "redrives": 0, "trace_id": trace_id,
            "input_hash": input_hash}


def create(session: Session, task_id: str, user_id: str, request: dict[str, Any],
           trace_id: str | None = None, input_hash: str | None = None,
           images_total: int = 0) -> Task:
    task = Task(**new_task(task_id, user_id, request, trace_id=trace_id,
                           input_hash=input_hash, images_total=images_total))
    session.add(task)
    snapshot(session, task_id)
    return task


def create_many(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert ``new_task`` rows and their first history rows: two statements however many
    (Core, not ORM objects: no unit-of-work bookkeeping on the gateway's accept path)."""
    session.execute(insert(Task.__table__), rows)
    session.execute(insert(TaskEvent.__table__), [
        {"task_id": row["id"], "status": row["status"], "stage": row["stage"],
         "progress": row["progress"], "blocks_done": 0, "images_done": 0, "error": None}
        for row in rows])
    # No notification: nobody can be reading a task before its id is answered (a stream
    # opened later reads this first row itself), and the accept path stays two statements.


def ensure(session: Session, task_id: str, user_id: str, request: dict[str, Any]) -> None:
    """Create the task if a request arrived without one (published straight to Kafka)."""
    stmt = insert(Task).values(**new_task(task_id, user_id, request))
    session.execute(stmt.on_conflict_do_nothing(index_elements=["id"]))


def delete(session: Session, task_id: str) -> None:
    task = session.get(Task, task_id)
    if task is not None:
        session.delete(task)
        notify(session, task_id)  # its open streams end now, not at their next re-check


def get(session: Session, task_id: str, user_id: str | None = None) -> Task | None:
    task = session.get(Task, task_id)
    if task is None or (user_id is not None and task.user_id != user_id):
        return None
    return task


def start_planning(session: Session, task_id: str, user_id: str | None = None,
                   request: dict[str, Any] | None = None) -> Task | None:
    """Mark the task processing; None when it is already finished (nothing to do). Given the
    request, a task that is missing (published straight to Kafka) is created first — only
    then: the gateway's row is not written a second time."""
    row = _mark_planning(session, task_id)
    if not row and request is not None and user_id is not None:
        ensure(session, task_id, user_id, request)
        row = _mark_planning(session, task_id)
    if not row:
        return None
    snapshot(session, task_id)
    return session.get(Task, task_id, populate_existing=True)


def _mark_planning(session: Session, task_id: str) -> Any:
    return session.execute(
        update(Task).where(Task.id == task_id, Task.status.in_(ACTIVE))
        .values(status="processing", stage="planning",
                progress=func.greatest(Task.progress, 5), updated_at=func.now())
        .returning(Task.id)
    ).first()


def save_plan(session: Session, task_id: str, plan: dict[str, Any], facts: dict[str, Any],
              blocks_total: int, images_total: int) -> dict[str, Any]:
    """Store the plan once; a redelivered request gets the plan that won, not a new one."""
    session.execute(
        update(Task).where(Task.id == task_id, Task.plan.is_(None))
        .values(plan=plan, facts=facts, blocks_total=blocks_total, images_total=images_total,
                stage="rendering", progress=func.greatest(Task.progress, 10),
                updated_at=func.now())
    )
    snapshot(session, task_id)
    return session.execute(select(Task.plan).where(Task.id == task_id)).scalar_one()


def done_parts(session: Session, task_id: str) -> set[tuple[str, int]]:
    rows = session.execute(select(TaskPart.kind, TaskPart.idx).where(TaskPart.task_id == task_id))
    return {(kind, idx) for kind, idx in rows}


def missing_parts_state(session: Session, task_id: str) -> set[tuple[str, int]] | None:
    """The parts stored so far, or None when the task is gone or finished (one transaction,
    the status column only)."""
    status = session.execute(select(Task.status).where(Task.id == task_id)).scalar_one_or_none()
    if status is None or status in TERMINAL:
        return None
    return done_parts(session, task_id)


@dataclass(frozen=True)
class PartStart:
    """What a block/image stage needs before it spends a provider call."""

    user_id: str
    live: bool  # the task exists and has not finished
    done: bool  # this part is stored already (a redelivery)
    kind: str | None  # the request's "kind" ("image" for a POST /image task)


def part_start(session: Session, task_id: str, kind: str, idx: int) -> PartStart | None:
    """One transaction and narrow columns: the parts stages ran ``get`` (the whole row with
    its JSONB request, facts and plan) and ``done_parts`` as two transactions per part."""
    row = session.execute(select(Task.user_id, Task.status, Task.request["kind"].astext)
                          .where(Task.id == task_id)).first()
    if row is None:
        return None
    done = session.execute(select(TaskPart.id).where(
        TaskPart.task_id == task_id, TaskPart.kind == kind, TaskPart.idx == idx)).first()
    return PartStart(row[0], row[1] not in TERMINAL, done is not None, row[2])


def record_part(session: Session, task_id: str, kind: str, idx: int,
                payload: dict[str, Any]) -> PartCounts:
    # Lock the task row first: inserting the part takes a key-share lock on it (foreign
    # key), and taking FOR UPDATE afterwards deadlocks with a sibling part's transaction.
    # Only the columns needed (not the JSONB request/facts/plan), updated with Core.
    task = session.execute(
        select(Task.status, Task.progress, Task.blocks_total, Task.images_total)
        .where(Task.id == task_id).with_for_update()).one()
    inserted = session.execute(
        insert(TaskPart).values(task_id=task_id, kind=kind, idx=idx, payload=payload)
        .on_conflict_do_nothing(constraint="uq_task_parts_key").returning(TaskPart.id)
    ).first() is not None
    counts = dict(session.execute(
        select(TaskPart.kind, func.count()).where(TaskPart.task_id == task_id)
        .group_by(TaskPart.kind)).all())
    blocks, images = counts.get("block", 0), counts.get("image", 0)
    progress = max(task.progress,
                   parts_progress(blocks + images, task.blocks_total + task.images_total))
    if inserted and task.status not in TERMINAL:
        session.execute(update(Task).where(Task.id == task_id).values(
            blocks_done=blocks, images_done=images, progress=progress))
        snapshot(session, task_id)
    else:
        progress = task.progress
    return PartCounts(blocks, images, task.blocks_total, task.images_total, progress, inserted)


def parts(session: Session, task_id: str) -> tuple[dict[int, dict], dict[int, dict]]:
    rows = session.execute(select(TaskPart).where(TaskPart.task_id == task_id)).scalars()
    blocks, images = {}, {}
    for part in rows:
        (blocks if part.kind == "block" else images)[part.idx] = part.payload
    return blocks, images


def lock_for_assembly(session: Session, task_id: str, *, force: bool) -> Task | None:
    """The task, locked, when it is ready to assemble and nobody has assembled it yet."""
    task = session.execute(select(Task).where(Task.id == task_id).with_for_update()).scalar_one_or_none()
    if task is None or task.status in TERMINAL or task.plan is None:
        return None
    if task.page_id is not None and not force:
        return None
    if task.blocks_done < task.blocks_total or task.images_done < task.images_total:
        return None
    return task


def complete(session: Session, task_id: str) -> bool:
    """Flip to completed exactly once; True for the caller that flipped it."""
    flipped = session.execute(
        update(Task).where(Task.id == task_id, Task.status.notin_(TERMINAL))
        .values(status="completed", stage="done", progress=100, completed_at=func.now(),
                updated_at=func.now(), error=None)
        .returning(Task.id)
    ).first() is not None
    if flipped:
        snapshot(session, task_id)
    return flipped


def fail(session: Session, task_id: str, reason: str) -> Task | None:
    row = session.execute(
        update(Task).where(Task.id == task_id, Task.status.notin_(TERMINAL))
        .values(status="failed", stage="failed", error=reason[:2000], updated_at=func.now())
        .returning(Task.id)
    ).first()
    if not row:
        return None
    snapshot(session, task_id)
    return session.get(Task, task_id, populate_existing=True)


def claim_stalled(session: Session, older_than_s: float, limit: int = 100) -> list[Task]:
    """Active tasks untouched for ``older_than_s``, claimed (SKIP LOCKED) so that only one
    reconciler re-drives each; claiming bumps ``redrives`` and ``updated_at``."""
    cutoff = datetime.now(timezone.utc) - timedelta(seconds=older_than_s)
    tasks = list(session.execute(
        select(Task).where(Task.status.in_(ACTIVE), Task.updated_at < cutoff)
        .order_by(Task.updated_at).limit(limit).with_for_update(skip_locked=True)
    ).scalars())
    for task in tasks:
        task.redrives += 1
        task.updated_at = datetime.now(timezone.utc)
    return tasks


# The newest finished task per (user, input hash) among the given pairs.
_REUSABLE = text("""
    SELECT DISTINCT ON (t.user_id, t.input_hash) t.user_id, t.input_hash, t.id
    FROM tasks t JOIN unnest(:users, :hashes) AS k(user_id, input_hash)
      ON t.user_id = k.user_id AND t.input_hash = k.input_hash
    WHERE t.status = 'completed' AND t.page_id IS NOT NULL
    ORDER BY t.user_id, t.input_hash, t.completed_at DESC NULLS LAST""")

# Each user's pending/processing tasks, counted only up to ``limit`` (ix_tasks_user_status),
# so the count costs the same however large a user's backlog is.
_INFLIGHT = text("""
    SELECT u.user_id, (SELECT count(*) FROM (
        SELECT 1 FROM tasks t WHERE t.user_id = u.user_id
          AND t.status IN ('pending', 'processing') LIMIT :limit) AS mine)
    FROM unnest(:users) AS u(user_id)""")


def find_reusable(session: Session, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(user, input hash) → the newest completed task with a page (request dedupe)."""
    if not pairs:
        return {}
    rows = session.execute(_REUSABLE, {"users": [u for u, _ in pairs],
                                       "hashes": [h for _, h in pairs]})
    return {(user, digest): task_id for user, digest, task_id in rows}


# One transaction-scoped advisory lock per user, taken in a fixed order (no deadlocks).
_LOCK_USERS = text("""
    SELECT pg_advisory_xact_lock(k) FROM (
        SELECT DISTINCT hashtext(u) AS k FROM unnest(:users) AS u ORDER BY 1) AS keys""")


def inflight_counts(session: Session, users: list[str], limit: int) -> dict[str, int]:
    """user → pending/processing tasks, capped at ``limit``. The users stay locked until the
    caller's transaction ends: two admissions for one seller (another batch, another gateway)
    run one after the other, so neither counts without the tasks the other just recorded."""
    session.execute(_LOCK_USERS, {"users": users})
    return dict(session.execute(_INFLIGHT, {"users": users, "limit": limit}).all())


def recent(session: Session, user_id: str, limit: int) -> list[Task]:
    """The seller's latest page generations, newest first (edits of a stored page are
    versions of that page, not new work; an admin's mining jobs are not pages)."""
    return list(session.execute(
        select(Task).where(Task.user_id == user_id, Task.edit_page_id.is_(None),
                           Task.request["kind"].astext.is_distinct_from("mining"))
        .order_by(Task.created_at.desc()).limit(limit)).scalars())
