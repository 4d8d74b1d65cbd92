"""Plan stage: the seller's photo, stored once and attached to the plan's image slots.

A photo uploaded here (/media/…) is read from storage, never over HTTP, and only if it is
this seller's; a remote photo is fetched once through the SSRF-safe fetcher, re-encoded and
stored as the seller's ORIGINAL image (the same URL given again reuses that copy). A photo
that cannot be used leaves the page without it, with a warning that says why.
"""

from __future__ import annotations

import logging

from infra import fetch
from infra.db import resources as repo
from infra.originals import store_original
from pagelogic.images.decode import NotAnImage
from pagelogic.images.photo import Photo, own_path, provider_url
from processors.runtime import Runtime

log = logging.getLogger("pdp.worker")
NOT_YOURS = "상품 사진으로 지정한 이미지를 찾을 수 없어 사진 없이 만들었습니다. 이미지를 다시 올려 주세요."
UNUSABLE = "상품 사진을 가져오지 못해 사진 없이 만들었습니다({reason}). 사진 주소를 확인해 주세요."
REASONS = {fetch.FetchRefused: "허용되지 않는 주소입니다", fetch.FetchTooLarge: "파일이 너무 큽니다",
           fetch.FetchFailed: "주소에서 사진을 받지 못했습니다", NotAnImage: "이미지 파일이 아닙니다"}


async def store_photo(rt: Runtime, user_id: str, url: str) -> tuple[Photo | None, str | None]:
    """(the stored photo, None) or (None, a warning for the seller)."""
    settings = rt.settings
    path = own_path(url, [settings.public_base_url])
    if path is not None:
        if not await rt.db(repo.owns_image, user_id, path):
            log.warning("photo %s is not an image of user %s: not used", path, user_id)
            return None, NOT_YOURS
        return Photo(path, provider_url(url, path, True, settings.public_base_url)), None
    try:
        stored = await rt.db(repo.stored_original, user_id, url) or await _fetch(rt, user_id, url)
    except tuple(REASONS) as exc:
        log.warning("photo %s not usable: %s", url, exc)
        reason = next(text for kind, text in REASONS.items() if isinstance(exc, kind))
        return None, UNUSABLE.format(reason=reason)
    return Photo(stored, provider_url(url, stored, False, settings.public_base_url)), None


async def _fetch(rt: Runtime, user_id: str, url: str) -> str:
    settings = rt.settings
    got = await fetch.fetch(url, max_bytes=settings.upload_max_bytes,
                            allow_private=fetch.parse_networks(settings.fetch_allow_private),
                            timeout_s=settings.fetch_timeout_s)
    record, _ = await store_original(rt, user_id, got.content, url, "상품 사진")
    return record.url
