"""Deleting a seller's resource: rows first (one transaction), then the files they named."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from fastapi import Response

from gateway.errors import found
from gateway.state import GatewayState


async def delete_with_files(state: GatewayState, delete: Callable[..., list[str] | None],
                            user_id: str, item_id: int, what: str) -> Response:
    """``delete(session, user_id, item_id)`` returns the media URLs it orphaned, or None when
    the item is not this seller's (404). Files go after the commit: a failed delete leaves
    the files in place rather than rows pointing at missing files."""
    urls = found(await state.db(delete, user_id, item_id), what)
    for url in urls:
        await asyncio.to_thread(state.storage.delete, url)
    return Response(status_code=204)
