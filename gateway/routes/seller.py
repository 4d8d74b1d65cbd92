"""What the seller UI reads besides the pipeline: its text (GET /api/messages, the same
tables the gateway and workers use, pagelogic/messages) and the seller's recent work from the
server (GET /api/generation/tasks), so 최근 작업 is the same in every browser."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from fastapi import APIRouter, Header, Query, Request
from pydantic import BaseModel

from gateway.deps import PUBLIC, State, UserId, is_admin
from infra.db import tasks as task_repo
from pagelogic import messages

router = APIRouter(tags=["seller ui"])
SAMPLES = Path(__file__).resolve().parents[2] / "devtools" / "samples"
FIRST_RUN_SAMPLE = "tumbler"  # 샘플로 시작하기: a product everyone knows, with real specs


class RecentTask(BaseModel):
    task_id: str
    title: str
    status: str
    stage: str
    progress: int
    page_id: int | None
    error: str | None
    created_at: datetime


def _title(request: dict) -> str:
    text = str((request or {}).get("product_data") or "").strip()
    return text.splitlines()[0][:80] if text else ""


@router.get("/api/messages", summary="Seller-facing text for the UI (Korean, or English)",
            openapi_extra=PUBLIC)
async def ui_messages(lang: str | None = Query(None, pattern="^(ko|en)$"),
                      accept_language: str | None = Header(None)) -> dict:
    return messages.bundle(lang or messages.language(accept_language))


class Me(BaseModel):
    user_id: str
    admin: bool


@router.get("/api/me", summary="Who the gateway takes the caller for, and whether an admin")
async def me(request: Request, state: State, user_id: UserId) -> Me:
    """The UI shows admin screens by this answer: the same rule as every admin route
    (PDP_ADMIN_USER_IDS, or the JWT admin role), so the UI cannot disagree with the API."""
    return Me(user_id=user_id, admin=is_admin(request, state.settings, user_id))


@router.get("/api/generation/tasks", summary="My recent page generations, newest first")
async def recent_tasks(state: State, user_id: UserId,
                       limit: int = Query(20, ge=1, le=100)) -> list[RecentTask]:
    rows = await state.db(task_repo.recent, user_id, limit)
    return [RecentTask(task_id=r.id, title=_title(r.request), status=r.status, stage=r.stage,
                       progress=r.progress, page_id=r.page_id, error=r.error,
                       created_at=r.created_at) for r in rows]


@router.get("/api/samples/first-run", summary="A sample product for 샘플로 시작하기",
            openapi_extra=PUBLIC)
async def first_run_sample() -> dict:
    return json.loads((SAMPLES / f"{FIRST_RUN_SAMPLE}.json").read_text(encoding="utf-8"))
