"""Storing a seller's original image once: decoded and re-encoded (pagelogic/images/decode.py), put in
storage under its content hash, recorded as the seller's ORIGINAL image. Shared by uploads
(gateway) and the photo a generation request names (plan stage)."""

from __future__ import annotations

import asyncio
from typing import Any, Protocol

from infra.db import resources as repo
from infra.storage import Storage
from pagelogic.images.decode import CleanImage, clean_image


class Context(Protocol):
    """What both runtimes have: gateway state and worker runtime."""

    storage: Storage

    async def db(self, fn: Any, *args: Any, **kwargs: Any) -> Any: ...


async def store_original(ctx: Context, user_id: str, data: bytes, provider_url: str | None,
                         alt: str) -> tuple[Any, CleanImage]:
    """(the image row, the cleaned image); raises pagelogic.images.decode.NotAnImage."""
    clean = await asyncio.to_thread(clean_image, data)
    url = await asyncio.to_thread(ctx.storage.put, clean.data, clean.extension)
    record = await ctx.db(repo.add_image, user_id, dict(
        image_type="ORIGINAL", url=url, provider_url=provider_url, alt=alt[:300], prompt=None,
        mime=clean.mime, width=clean.width, height=clean.height, size_bytes=len(clean.data)))
    return record, clean
