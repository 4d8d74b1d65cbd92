"""A mining job's durable state: a task row (request ``kind: "mining"``), its history in
``task_events`` (with the job's counters in ``detail``) and its report as a task part — the
same tables, history and SSE stream as a page generation, so nothing new to watch or re-drive.

Every step is conditional on the task still being active, so a redelivered or re-driven job
never writes after the job finished, and progress never goes backwards."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, literal, null, select, update
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.orm import Session

from infra.db import tasks as task_repo
from infra.db.models import Task, TaskEvent, TaskPart

KIND = "mining"
REPORT = "report"  # task_parts.kind of the finished job's report


def is_mining(request: dict[str, Any] | None) -> bool:
    return (request or {}).get("kind") == KIND


def create(session: Session, task_id: str, user_id: str, request: dict[str, Any]) -> Task:
    return task_repo.create(session, task_id, user_id, {**request, "kind": KIND})


def _event(session: Session, task_id: str, detail: dict[str, int] | None) -> None:
    session.flush()
    session.execute(insert(TaskEvent).from_select(
        ["task_id", "status", "stage", "progress", "blocks_done", "images_done", "error",
         "detail"],
        select(Task.id, Task.status, Task.stage, Task.progress, Task.blocks_done,
               Task.images_done, Task.error, literal(detail, JSONB) if detail is not None else null())
        .where(Task.id == task_id)))


def step(session: Session, task_id: str, stage: str, progress: int,
         detail: dict[str, int] | None = None) -> bool:
    """Record a step (processing, ``stage``, ``progress``) and its event; False when the
    task is gone or finished (the caller stops)."""
    moved = session.execute(
        update(Task).where(Task.id == task_id, Task.status.in_(task_repo.ACTIVE))
        .values(status="processing", stage=stage, progress=func.greatest(Task.progress, progress),
                updated_at=func.now())
        .returning(Task.id)).first()
    if moved:
        _event(session, task_id, detail)
    return moved is not None


def touch(session: Session, task_id: str) -> None:
    """Still working (one long step): keeps the reconciler from re-driving a live job."""
    session.execute(update(Task).where(Task.id == task_id, Task.status.in_(task_repo.ACTIVE))
                    .values(updated_at=func.now()))


def finish(session: Session, task_id: str, report: dict[str, Any],
           detail: dict[str, int]) -> bool:
    """Store the report and flip to completed with the final counters, once."""
    session.execute(insert(TaskPart).values(task_id=task_id, kind=REPORT, idx=0, payload=report)
                    .on_conflict_do_nothing(constraint="uq_task_parts_key"))
    flipped = session.execute(
        update(Task).where(Task.id == task_id, Task.status.in_(task_repo.ACTIVE))
        .values(status="completed", stage="done", progress=100, completed_at=func.now(),
                updated_at=func.now(), error=None)
        .returning(Task.id)).first()
    if flipped:
        _event(session, task_id, detail)
    return flipped is not None


def report(session: Session, task_id: str) -> dict[str, Any] | None:
    return session.execute(select(TaskPart.payload).where(
        TaskPart.task_id == task_id, TaskPart.kind == REPORT)).scalar_one_or_none()


def last_detail(session: Session, task_id: str) -> dict[str, int] | None:
    return session.execute(
        select(TaskEvent.detail).where(TaskEvent.task_id == task_id,
                                       TaskEvent.detail.is_not(None))
        .order_by(TaskEvent.id.desc()).limit(1)).scalar_one_or_none()
