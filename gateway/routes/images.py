"""Images: safe upload (from a URL through the SSRF-safe fetcher, or a multipart file), and a
seller's image records. Every upload is decoded and re-encoded (pagelogic/images/decode.py) before it is
stored under its content hash. A few uploads run at once per process (gateway/bounds.py); the
slot is taken before the body is fetched, so refused requests hold no image in memory."""

from __future__ import annotations

from fastapi import APIRouter, File, Query, Response, UploadFile

from gateway.deletion import delete_with_files
from gateway.deps import State, UserId
from gateway.errors import found
from gateway.listing import renderable
from infra import fetch
from infra.db import resources as repo
from infra.originals import store_original
from schemas.resources import ImageRecord, Paged, UploadedImage

router = APIRouter(tags=["images"])
UPLOAD_PATH = "/api/generation/upload-image"


async def _store(state, user_id: str, data: bytes, provider_url: str | None,
                 alt: str) -> UploadedImage:
    record, clean = await store_original(state, user_id, data, provider_url, alt)
    url = record.url
    public = state.settings.public_base_url + url if url.startswith("/") else url
    return UploadedImage(id=record.id, url=public, mime=clean.mime, width=clean.width,
                         height=clean.height, size_bytes=len(clean.data))


@router.post(UPLOAD_PATH, status_code=201, summary="Download an external image and store it",
             responses={400: {"description": "URL refused (scheme, private address, redirect)"},
                        413: {"description": "image too large (bytes, or decoded size)"},
                        415: {"description": "not an image"},
                        429: {"description": "too many uploads at once; see Retry-After"},
                        502: {"description": "the remote server failed"}})
async def upload_from_url(state: State, user_id: UserId,
                          url: str = Query(..., max_length=2000),
                          alt: str = Query("", max_length=300)) -> UploadedImage:
    settings = state.settings
    async with state.bounds.slot("upload"):
        fetched = await fetch.fetch(url, max_bytes=settings.upload_max_bytes,
                                    allow_private=fetch.parse_networks(settings.fetch_allow_private),
                                    timeout_s=settings.fetch_timeout_s)
        return await _store(state, user_id, fetched.content, url, alt)


@router.post(UPLOAD_PATH + "/file", status_code=201, summary="Upload an image file (multipart)",
             responses={413: {"description": "image too large (bytes, or decoded size)"},
                        415: {"description": "not an image"},
                        429: {"description": "too many uploads at once; see Retry-After"}})
async def upload_file(state: State, user_id: UserId, file: UploadFile = File(...),
                      alt: str = Query("", max_length=300)) -> UploadedImage:
    async with state.bounds.slot("upload"):  # the body itself is spooled to disk (Starlette)
        data = await file.read(state.settings.upload_max_bytes + 1)
        if len(data) > state.settings.upload_max_bytes:
            raise fetch.FetchTooLarge(
                f"the file is larger than {state.settings.upload_max_bytes} bytes")
        return await _store(state, user_id, data, None, alt or (file.filename or "")[:300])


@router.get("/api/images", summary="My images (uploaded and page images)")
async def list_images(state: State, user_id: UserId, page_id: int | None = Query(None, ge=1),
                      page: int = Query(1, ge=1), size: int = Query(20, ge=1, le=100)
                      ) -> Paged[ImageRecord]:
    def run(session):
        items, total = repo.list_images(session, user_id, page_id, page, size)
        return Paged[ImageRecord](items=renderable(items, ImageRecord.model_validate, "image"),
                                  total=total, page=page, size=size)
    return await state.db(run)


@router.get("/api/images/{image_id}", summary="One image record")
async def get_image(image_id: int, state: State, user_id: UserId) -> ImageRecord:
    def run(session):
        image = found(repo.get_image(session, user_id, image_id), "image")
        return ImageRecord.model_validate(image)
    return await state.db(run)


@router.delete("/api/images/{image_id}", status_code=204, summary="Delete an uploaded image")
async def delete_image(image_id: int, state: State, user_id: UserId) -> Response:
    return await delete_with_files(state, repo.delete_image, user_id, image_id, "image")
