"""The seller's photo at the edge: an image stored here must be this seller's, and is passed
on by its storage path (the worker reads it from storage, never over HTTP)."""

from __future__ import annotations

from fastapi.exceptions import RequestValidationError

from gateway.state import GatewayState
from infra.db import resources as repo
from pagelogic.images.photo import own_path
from schemas.api import GenerationRequest
from schemas.urls import check_public_url, own_media_path

FIELD = ("body", "product_image_url")


def _refuse(url: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"type": "value_error", "loc": FIELD, "msg": message,
                                    "input": url}])


async def own_photo(state: GatewayState, user_id: str, body: GenerationRequest,
                    request_origin: str) -> GenerationRequest:
    """``body`` with an own image's URL reduced to its path; 422 naming the field when it is
    not this seller's image, or names another host's private address."""
    url = body.product_image_url
    if not url or not own_media_path(url):
        return body  # a public URL, checked by the schema
    path = own_path(url, [state.settings.public_base_url, request_origin])
    if path is None:  # /media/… on another host: a remote URL like any other
        try:
            check_public_url(url)
        except ValueError as exc:
            raise _refuse(url, f"Value error, {exc}") from None
        return body
    if not await state.db(repo.owns_image, user_id, path):
        raise _refuse(url, "Value error, no uploaded image of yours has this URL; "
                           "upload it first (POST /api/generation/upload-image/file)")
    return body.model_copy(update={"product_image_url": path})
