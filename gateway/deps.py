"""Request-scoped dependencies as Annotated aliases, so route signatures stay short."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from gateway.state import GatewayState
from pdp.auth import AuthError, user_from_token


def get_state(request: Request) -> GatewayState:
    return request.app.state.pdp


def get_user_id(request: Request,
                x_user_id: Annotated[str | None, Header(alias="X-User-Id")] = None,
                authorization: Annotated[str | None, Header()] = None) -> str:
    """The upstream auth gateway sets X-User-Id; without it nothing is served. In JWT mode
    the user is the bearer token's ``sub`` and a bare X-User-Id is refused."""
    settings = request.app.state.pdp.settings
    if settings.auth_mode == "jwt":
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise HTTPException(status_code=401, detail="a bearer token is required",
                                headers={"WWW-Authenticate": "Bearer"})
        try:
            user = user_from_token(token.strip(), settings)
        except AuthError as exc:
            raise HTTPException(status_code=401, detail=str(exc),
                                headers={"WWW-Authenticate": "Bearer"}) from None
        if x_user_id and x_user_id.strip() != user:
            raise HTTPException(status_code=401, detail="X-User-Id does not match the token")
        return user
    if not x_user_id or not x_user_id.strip():
        raise HTTPException(status_code=401, detail="X-User-Id header is required")
    value = x_user_id.strip()
    if len(value) > 128:
        raise HTTPException(status_code=401, detail="X-User-Id is too long (max 128)")
    return value


State = Annotated[GatewayState, Depends(get_state)]
UserId = Annotated[str, Depends(get_user_id)]


def get_admin_id(state: Annotated[GatewayState, Depends(get_state)],
                 user_id: Annotated[str, Depends(get_user_id)]) -> str:
    """Writes to the template library: only users listed in PDP_ADMIN_USER_IDS."""
    if user_id not in state.settings.admin_ids:
        raise HTTPException(status_code=403, detail="template library changes are admin-only")
    return user_id


AdminId = Annotated[str, Depends(get_admin_id)]
