"""/api/product-details — a seller's stored pages: list, get, update, delete, versions and
revert. Edits that need the pipeline live in page_edits.py, exports in exports.py."""

from __future__ import annotations

from fastapi import APIRouter, Query, Response

from gateway.deletion import delete_with_files
from gateway.deps import State, UserId
from gateway.errors import NotFound, found
from gateway.listing import renderable
from infra.db import page_versions as versions
from infra.db import resources as repo
from pagelogic import messages
from schemas.resources import (
    ImageRecord,
    Paged,
    PagePatch,
    PageStatus,
    PageSummary,
    PageView,
    VersionView,
)

router = APIRouter(prefix="/api/product-details", tags=["product details"])


def page_view(session, page) -> PageView:
    view = PageView.model_validate(page)
    view.images = [ImageRecord.model_validate(i) for i in versions.image_rows(session, page.id)]
    return view


def owned(session, user_id: str, page_id: int):
    return found(repo.get_page(session, user_id, page_id), "page")


def _notes(values: dict) -> list[str]:
    """The version note of a seller's update, in Korean (shown in 버전 기록)."""
    statuses = messages.table("PAGE_STATUSES")
    kinds = {"html_list": lambda: messages.note("hand_edit"), "title": lambda: messages.note("title"),
             "status": lambda: messages.note("status", status=statuses.get(
                 getattr(values["status"], "value", values["status"]), values["status"]))}
    return [kinds[k]() if k in kinds else k for k in values]


@router.get("", summary="List my pages (status filter, pagination)")
async def list_pages(state: State, user_id: UserId, status: PageStatus | None = None,
                     product_id: int | None = Query(None, ge=1),
                     page: int = Query(1, ge=1, le=100_000),
                     size: int = Query(20, ge=1, le=100)) -> Paged[PageSummary]:
    def run(session):
        items, total = repo.list_pages(session, user_id, status=status, product_id=product_id,
                                       page=page, size=size)
        return Paged[PageSummary](items=renderable(items, PageSummary.model_validate, "page"),
                                  total=total, page=page, size=size)
    return await state.db(run)


@router.get("/{page_id}", summary="A page with its images")
async def get_page(page_id: int, state: State, user_id: UserId) -> PageView:
    return await state.db(lambda s: page_view(s, owned(s, user_id, page_id)))


@router.put("/{page_id}", summary="Update status, title or hand-edited blocks (new version)")
async def update_page(page_id: int, body: PagePatch, state: State, user_id: UserId) -> PageView:
    def run(session):
        owned(session, user_id, page_id)
        values = body.model_dump(exclude_unset=True, exclude_none=True)
        notes = _notes(values)
        if "product_id" in values and repo.get_product(session, user_id, values["product_id"]) is None:
            raise NotFound("product")
        updated = repo.update_page(session, user_id, page_id, values,
                                   ", ".join(notes) or messages.note("saved"))
        return page_view(session, updated)
    return await state.db(run)


@router.delete("/{page_id}", status_code=204, summary="Delete a page, its versions and images")
async def delete_page(page_id: int, state: State, user_id: UserId) -> Response:
    return await delete_with_files(state, repo.delete_page, user_id, page_id, "page")


@router.get("/{page_id}/versions", summary="Every saved version, oldest first")
async def list_versions(page_id: int, state: State, user_id: UserId) -> list[VersionView]:
    def run(session):
        owned(session, user_id, page_id)
        return renderable(versions.list_versions(session, page_id), VersionView.model_validate,
                          "page version")
    return await state.db(run)


@router.get("/{page_id}/versions/{version}", summary="One saved version")
async def get_version(page_id: int, version: int, state: State, user_id: UserId) -> dict:
    def run(session):
        owned(session, user_id, page_id)
        stored = found(versions.get_version(session, page_id, version), "version")
        return VersionView.model_validate(stored).model_dump(mode="json") | {
            "html": stored.html, "css": stored.css, "images": stored.images}
    return await state.db(run)


@router.post("/{page_id}/versions/{version}/revert",
             summary="Make an old version current again (as a new version)")
async def revert(page_id: int, version: int, state: State, user_id: UserId) -> PageView:
    def run(session):
        page = found(repo.revert_page(session, user_id, page_id, version), "page")
        if page is False:
            raise NotFound("version")
        return page_view(session, page)
    return await state.db(run)
