"""/api/mining-jobs — template mining as a queued job (#19): an admin uploads crawled pages
(HTML files and/or ZIPs of them), the gateway checks and packs them (mining/upload.py), keeps
the corpus in storage, records a task and publishes it on pdp.mining-jobs; a worker mines it
(processors/mining). Progress is the task's history: the same SSE stream as a page
(GET /api/generation/generation/events/{task_id}), each event with the job's counters in
``detail``. Nothing of the job lives in the gateway's memory, so a restart loses nothing."""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from gateway import service
from gateway.deps import AdminId, State
from gateway.errors import found
from infra.db import mining_jobs
from infra.db import tasks as task_repo
from mining.upload import CorpusRefused, Limits, pack, unpack
from pagelogic import messages
from producers.kafka import BrokerUnavailable
from schemas import topics
from schemas.events import MiningRequested

router = APIRouter(prefix="/api/mining-jobs", tags=["template mining"])
UPLOAD_PATH = "/api/mining-jobs"
log = logging.getLogger("pdp.gateway")


class MiningJobAccepted(BaseModel):
    task_id: str
    status: str
    pages: int = Field(description="pages accepted from the upload")
    job_url: str
    events_url: str = Field(description="progress as Server-Sent Events (task events)")


class MiningJobView(BaseModel):
    task_id: str
    status: str
    stage: str
    progress: int
    error: str | None
    pages: int
    detail: dict[str, int] | None = Field(None, description="latest counters: pages, "
                                          "pages_total, sections, clusters, templates, drafts")
    report: dict[str, Any] | None = Field(None, description="the mining report without its "
                                          "per-section list (k, silhouette, clusters, sets)")


def _urls(task_id: str) -> dict[str, str]:
    return {"job_url": f"{UPLOAD_PATH}/{task_id}",
            "events_url": service.task_urls(task_id)["events_url"]}


def _refused(request: Request, exc: CorpusRefused) -> JSONResponse:
    lang = messages.language(request.headers.get("accept-language"))
    loc = ["body", "files"] + ([exc.index] if exc.index is not None else [])
    return JSONResponse({"detail": [{"loc": loc, "type": "value_error",
                                     "msg": messages.t(exc.key, lang, **exc.fields)}]},
                        status_code=422)


@router.post("", status_code=202, summary="Mine templates from uploaded pages (admin)",
             responses={413: {"description": "request larger than PDP_MINING_MAX_TOTAL_BYTES"},
                        422: {"description": "a file refused: `loc` names it, `msg` says why"},
                        429: {"description": "too many uploads at once; see Retry-After"}})
async def submit(request: Request, state: State, admin: AdminId,
                 files: list[UploadFile] = File(..., description="*.html / *.htm pages and/or "
                                                "*.zip files of pages (folders = categories)"),
                 clusters: int | None = Form(None, ge=1, le=64,
                                             description="number of clusters; empty: by "
                                                         "silhouette")) -> MiningJobAccepted:
    limits = Limits.from_settings(state.settings)
    async with state.bounds.slot("upload"):  # the body itself is spooled to disk (Starlette)
        uploads = []
        for index, upload in enumerate(files[:limits.max_files + 1]):
            cap = limits.max_total_bytes if (upload.filename or "").lower().endswith(".zip") \
                else limits.max_page_bytes
            data = await upload.read(cap + 1)
            name = upload.filename or f"file-{index}"
            if len(data) > cap:
                key = "mining.total_too_large" if cap == limits.max_total_bytes \
                    else "mining.page_too_large"
                return _refused(request, CorpusRefused(index, key, name=name, limit=cap))
            uploads.append((name, data))
        try:
            pages = await state.bounds.offload(unpack, uploads, limits)
        except CorpusRefused as exc:
            return _refused(request, exc)
        corpus = await state.bounds.offload(pack, pages)
        url = await asyncio.to_thread(state.storage.put, corpus, "zip")
    task_id = uuid.uuid4().hex
    await state.db(mining_jobs.create, task_id, admin,
                   {"corpus_url": url, "pages": len(pages), "bytes": len(corpus),
                    "clusters": clusters})
    event = MiningRequested(task_id=task_id, user_id=admin, corpus_url=url, clusters=clusters)
    try:
        await state.publisher.send(state.settings.topic(topics.MINING_JOBS.name),
                                   event.to_bytes(), key=task_id)
    except BrokerUnavailable:
        await state.db(task_repo.fail, task_id, service.NOT_ACCEPTED)
        raise
    log.info("admin %s queued mining job %s over %d pages", admin, task_id, len(pages))
    return MiningJobAccepted(task_id=task_id, status="pending", pages=len(pages),
                             **_urls(task_id))


@router.get("/{task_id}", summary="A mining job: status, counters and its report (admin)")
async def job(task_id: str, state: State, admin: AdminId) -> MiningJobView:
    def run(session) -> MiningJobView:
        task = task_repo.get(session, task_id, admin)
        task = found(task if task and mining_jobs.is_mining(task.request) else None, "task")
        report = mining_jobs.report(session, task_id)
        return MiningJobView(
            task_id=task.id, status=task.status, stage=task.stage, progress=task.progress,
            error=task.error, pages=task.request.get("pages", 0),
            detail=mining_jobs.last_detail(session, task_id),
            report={k: v for k, v in report.items() if k != "sections"} if report else None)
    return await state.db(run)
