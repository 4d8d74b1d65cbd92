"""Request-scoped dependencies as Annotated aliases, so route signatures stay short."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from gateway.state import GatewayState


def get_state(request: Request) -> GatewayState:
    return request.app.state.pdp


def get_user_id(x_user_id: Annotated[str | None, Header(alias="X-User-Id")] = None) -> str:
    """The upstream auth gateway sets X-User-Id; without it nothing is served."""
    if not x_user_id or not x_user_id.strip():
        raise HTTPException(status_code=401, detail="X-User-Id header is required")
    value = x_user_id.strip()
    if len(value) > 128:
        raise HTTPException(status_code=401, detail="X-User-Id is too long (max 128)")
    return value


State = Annotated[GatewayState, Depends(get_state)]
UserId = Annotated[str, Depends(get_user_id)]
