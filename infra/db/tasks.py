"""Task repository: every read and write of a task's durable pipeline state.

All writes are idempotent or conditional, because Kafka delivers at least once and several
workers may touch the same task: parts are inserted with ON CONFLICT DO NOTHING, status
flips only from a non-terminal state, progress never goes backwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from psycopg2.extras import Json
from sqlalchemy import bindparam, func, select, text, update
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.exc import NoResultFound
from sqlalchemy.orm import Session

from infra.db.models import Task, TaskEvent, TaskPart
from infra.db.session import fetch_one

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

    @property
    def announce(self) -> bool:
        """Whether this part's progress goes out on pdp.status: only when it was stored now
        and crosses a quarter of the page's parts, and never for the last part, whose
        completion event follows. Every change is still written to task_events (and pushed
        to SSE streams); the topic carries progress in steps, which cut a page's status
        records from one per part to at most three (bench/FINDINGS.md §12)."""
        total = self.blocks_total + self.images_total
        done = self.blocks_done + self.images_done
        if not self.inserted or total <= 0 or done >= total:
            return False
        return 4 * done // total != 4 * (done - 1) // total


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


@dataclass(frozen=True)
class Planning:
    """The task as the plan stage needs it (not the ORM row with its JSONB request)."""

    id: str
    user_id: str
    progress: int
    plan: dict[str, Any] | None  # set when a plan was stored already (a redelivery)
    facts: dict[str, Any] | None


def begin_planning(session: Session, task_id: str, user_id: str | None = None,
                   request: dict[str, Any] | Callable[[], dict[str, Any]] | None = None
                   ) -> Planning | None:
    """The task as the plan stage needs it; None when it is already finished (nothing to
    do). A read, no write: the gateway's row is not written a second time. Given the request
    (or a function making it: converted only when needed), a task that is missing
    (published straight to Kafka) is created first."""
    row = session.execute(_PLANNING, {"task_id": task_id}).first()
    if row is None and request is not None and user_id is not None:
        ensure(session, task_id, user_id, request() if callable(request) else request)
        row = session.execute(_PLANNING, {"task_id": task_id}).first()
    if row is None or row.status in TERMINAL:
        return None
    plan = facts = None
    if row.planned:
        plan, facts = session.execute(select(Task.plan, Task.facts)
                                      .where(Task.id == task_id)).one()
    return Planning(row.id, row.user_id, row.progress, plan, facts)


_PLANNING = text("""SELECT id, user_id, status, progress, plan IS NOT NULL AS planned
                    FROM tasks WHERE id = :task_id""")


def mark_planning(session: Session, task_id: str) -> int | None:
    """Show the task as being planned (with its history row, one statement) while a slow
    planner works; the new progress, or None when it is finished or planned meanwhile."""
    return session.execute(_MARK_PLANNING, {"task_id": task_id}).scalar()


def _history_and_notify(changed: str) -> str:
    """The tail of every statement that changes a task's status or progress: the row the CTE
    ``changed`` returned gets its history row, and the progress streams are woken
    (infra/db/task_listener.py), in the same statement."""
    return f"""history AS (
        INSERT INTO task_events (task_id, status, stage, progress, blocks_done, images_done,
                                 error)
        SELECT id, status, stage, progress, blocks_done, images_done, error FROM {changed}
    ), notified AS (SELECT pg_notify('{NOTIFY_CHANNEL}', id) FROM {changed})"""


# Only while no plan is stored: a mark must never take a planned task back to 'planning'.
_MARK_PLANNING = text(f"""
    WITH marked AS (
        UPDATE tasks SET status = 'processing', stage = 'planning',
                         progress = GREATEST(progress, 5), updated_at = now()
        WHERE id = :task_id AND status IN ('pending', 'processing') AND plan IS NULL
        RETURNING id, status, stage, progress, blocks_done, images_done, error
    ), {_history_and_notify('marked')}
    SELECT m.progress FROM marked m, (SELECT count(*) FROM notified) AS n""")

# Store the plan once, with its history row; a redelivered request that lost the race
# reads the plan that won instead.
_SAVE_PLAN = text(f"""
    WITH saved AS (
        UPDATE tasks SET plan = :plan, facts = :facts, blocks_total = :blocks_total,
                         images_total = :images_total, status = 'processing',
                         stage = 'rendering', progress = GREATEST(progress, 10),
                         updated_at = now()
        WHERE id = :task_id AND plan IS NULL AND status IN ('pending', 'processing')
        RETURNING id, status, stage, progress, blocks_done, images_done, error
    ), {_history_and_notify('saved')}
    SELECT count(*) FROM notified""").bindparams(bindparam("plan", type_=JSONB),
                                              bindparam("facts", type_=JSONB))


def save_plan(session: Session, task_id: str, plan: dict[str, Any], facts: dict[str, Any],
              blocks_total: int, images_total: int) -> dict[str, Any] | None:
    """Store the plan once; a redelivered request gets the plan that won, not a new one
    (None: the task finished meanwhile, without a plan)."""
    session.flush()  # a text statement does not autoflush
    if session.execute(_SAVE_PLAN, {"task_id": task_id, "plan": plan, "facts": facts,
                                    "blocks_total": blocks_total,
                                    "images_total": images_total}).scalar():
        return plan
    return session.execute(select(Task.plan).where(Task.id == task_id)).scalar()


def done_parts(session: Session, task_id: str) -> set[tuple[str, int]]:
    rows = session.execute(select(TaskPart.kind, TaskPart.idx).where(TaskPart.task_id == task_id))
    return {(kind, idx) for kind, idx in rows}


# The task's status and its stored parts in one statement (the fan-out's one read).
_MISSING_PARTS = text("""
    SELECT t.status, p.kind, p.idx FROM tasks t
    LEFT JOIN task_parts p ON p.task_id = t.id WHERE t.id = :task_id""")


def missing_parts_state(session: Session, task_id: str) -> set[tuple[str, int]] | None:
    """The parts stored so far, or None when the task is gone or finished."""
    rows = session.execute(_MISSING_PARTS, {"task_id": task_id}).all()
    if not rows or rows[0][0] in TERMINAL:
        return None
    return {(kind, idx) for _, kind, idx in rows if kind is not None}


@dataclass(frozen=True)
class PartStart:
    """What a block/image stage needs before it spends a provider call."""

    user_id: str
    live: bool  # the task exists and has not finished
    done: bool  # this part is stored already (a redelivery)
    kind: str | None  # the request's "kind" ("image" for a POST /image task)
    # Block stage only (``content=True``): what the block is written from, read from the
    # stored plan instead of travelling in every block message (each fact stored once).
    block: dict[str, Any] | None = None
    style: dict[str, Any] | None = None
    controls: dict[str, Any] | None = None
    facts: dict[str, Any] | None = None
    template_html: str | None = None


# One round trip (Core text: no ORM statement building on the hot path). The block stage
# also reads its block, the style, controls and facts from the stored plan, and the exact
# template version's HTML when the worker has not cached it yet.
_PART_START = text("""
    SELECT t.user_id, t.status, t.request ->> 'kind',
           EXISTS (SELECT 1 FROM task_parts p
                   WHERE p.task_id = t.id AND p.kind = :kind AND p.idx = :idx)""")
_BLOCK_CONTENT = """,
           jsonb_path_query_first(t.plan, '$.blocks[*] ? (@.index == $i)',
                                  jsonb_build_object('i', :idx)),
           t.plan -> 'style', t.plan -> 'controls', t.facts"""
_TEMPLATE_HTML = """,
           (SELECT v.template_html FROM template_versions v
            WHERE v.template_id = :template_id AND v.version = :template_version)"""


def part_start(session: Session, task_id: str, kind: str, idx: int, *, content: bool = False,
               template: tuple[int, int] | None = None) -> PartStart | None:
    """One statement: the parts stages ran ``get`` (the whole row with its JSONB request,
    facts and plan) and ``done_parts`` as two transactions per part."""
    sql = _PART_START.text + (_BLOCK_CONTENT if content else "") + (
        _TEMPLATE_HTML if template else "") + "\n    FROM tasks t WHERE t.id = :task_id"
    params: dict[str, Any] = {"task_id": task_id, "kind": kind, "idx": idx}
    if template:
        params["template_id"], params["template_version"] = template
    row = fetch_one(session, _cached_text(sql), params)
    if row is None:
        return None
    if not content:
        return PartStart(row[0], row[1] not in TERMINAL, bool(row[3]), row[2])
    return PartStart(row[0], row[1] not in TERMINAL, bool(row[3]), row[2], *row[4:8],
                     template_html=row[8] if template else None)


_TEXTS: dict[str, Any] = {}


def _cached_text(sql: str) -> Any:
    """One TextClause per distinct statement, so its compiled form is cached once."""
    clause = _TEXTS.get(sql)
    if clause is None:
        clause = _TEXTS[sql] = text(sql)
    return clause


# Store a part and, when it is new, bump the task's counters, append the history row and
# notify its readers (as ``snapshot`` does): one statement, one round trip. The counters are incremented, not recounted: the UPDATE
# waits for a sibling part's UPDATE of the same row and then re-evaluates ``+ 1`` on the
# committed row, so exactly one part sees the last count (a recount in the same statement
# would read the old snapshot). A plain UPDATE takes FOR NO KEY UPDATE, which does not
# conflict with the key-share lock that inserting a part takes on the task row, so no lock
# has to be taken first to avoid deadlocks.
_RECORD_PART = text(f"""
    WITH ins AS (
        INSERT INTO task_parts (task_id, kind, idx, payload)
        VALUES (:task_id, :kind, :idx, :payload)
        ON CONFLICT ON CONSTRAINT uq_task_parts_key DO NOTHING
        RETURNING 1
    ), upd AS (
        UPDATE tasks t SET
            blocks_done = t.blocks_done + CASE WHEN :kind = 'block' THEN 1 ELSE 0 END,
            images_done = t.images_done + CASE WHEN :kind = 'image' THEN 1 ELSE 0 END,
            progress = GREATEST(t.progress, CASE WHEN t.blocks_total + t.images_total > 0
                THEN 10 + (85 * (t.blocks_done + t.images_done + 1))
                          / (t.blocks_total + t.images_total)
                ELSE 10 END)
        WHERE t.id = :task_id AND t.status NOT IN ('completed', 'failed')
          AND EXISTS (SELECT 1 FROM ins)
        RETURNING t.id, t.status, t.stage, t.progress, t.blocks_done, t.images_done, t.error
    ), {_history_and_notify('upd')}
    SELECT COALESCE(u.blocks_done, t.blocks_done), COALESCE(u.images_done, t.images_done),
           t.blocks_total, t.images_total, COALESCE(u.progress, t.progress),
           EXISTS (SELECT 1 FROM ins), (SELECT count(*) FROM notified)
    FROM tasks t LEFT JOIN upd u ON true WHERE t.id = :task_id""").bindparams(
    bindparam("payload", type_=JSONB))


def record_part(session: Session, task_id: str, kind: str, idx: int,
                payload: dict[str, Any]) -> PartCounts:
    """Store one part (once) and the task's counters and history row; the counts tell the
    caller whether this was the last part missing."""
    row = fetch_one(session, _RECORD_PART, {"task_id": task_id, "kind": kind, "idx": idx,
                                            "payload": Json(payload)})
    if row is None:  # as ``.one()`` did: the task row is gone
        raise NoResultFound(f"task {task_id} not found")
    return PartCounts(row[0], row[1], row[2], row[3], row[4], bool(row[5]))


def parts(session: Session, task_id: str) -> tuple[dict[int, dict], dict[int, dict]]:
    rows = session.execute(select(TaskPart.kind, TaskPart.idx, TaskPart.payload)
                           .where(TaskPart.task_id == task_id))  # rows, not ORM objects
    blocks, images = {}, {}
    for kind, idx, payload in rows:
        (blocks if kind == "block" else images)[idx] = payload
    return blocks, images


def lock_for_assembly(session: Session, task_id: str, *, force: bool) -> Task | None:
    """The task, locked, when it is ready to assemble and nobody has assembled it yet."""
    # FOR NO KEY UPDATE: the lock the part's UPDATE in this transaction already holds, so
    # taking it cannot wait on a key-share lock (a part or history insert) of another one.
    task = session.execute(select(Task).where(Task.id == task_id)
                           .with_for_update(key_share=True)).scalar_one_or_none()
    if task is None or task.status in TERMINAL or task.plan is None:
        return None
    if task.page_id is not None and not force:
        return None
    if task.blocks_done < task.blocks_total or task.images_done < task.images_total:
        return None
    return task


# The flip and its history row in one statement (one round trip).
_COMPLETE = text(f"""
    WITH flipped AS (
        UPDATE tasks SET status = 'completed', stage = 'done', progress = 100,
                         completed_at = now(), updated_at = now(), error = NULL
        WHERE id = :task_id AND status NOT IN ('completed', 'failed')
        RETURNING id, status, stage, progress, blocks_done, images_done, error
    ), {_history_and_notify('flipped')}
    SELECT count(*) FROM notified""")


def complete(session: Session, task_id: str) -> bool:
    """Flip to completed exactly once; True for the caller that flipped it."""
    session.flush()  # a text statement does not autoflush: ORM changes first (the baseline)
    return bool(session.execute(_COMPLETE, {"task_id": task_id}).scalar())


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
