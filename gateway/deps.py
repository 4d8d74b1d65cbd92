"""Request-scoped dependencies as Annotated aliases, so route signatures stay short.

They are ``async def`` on purpose: none of them blocks (the JWKS file is read once and
cached), and FastAPI runs a plain ``def`` dependency on a worker thread — a thread hop per
dependency per request, which was a tenth of the gateway's CPU on the accept path."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request

from gateway.state import GatewayState
from infra.auth import AuthError, identity_from_token
from pagelogic import messages


async def get_state(request: Request) -> GatewayState:
    return request.app.state.pdp


async def get_user_id(request: Request) -> str:
    """The upstream auth gateway sets X-User-Id; without it nothing is served. In JWT mode
    the user is the bearer token's ``sub`` and a bare X-User-Id is refused.

    The headers are read here, not declared as parameters or security dependencies: FastAPI
    re-inspects those on every request (8-10 % of an accept request's CPU). OpenAPI shows
    them once, as security schemes (``document_auth``)."""
    x_user_id = request.headers.get("x-user-id")
    settings = request.app.state.pdp.settings
    if settings.auth_mode == "jwt":
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise HTTPException(status_code=401, detail="a bearer token is required",
                                headers={"WWW-Authenticate": "Bearer"})
        try:
            user, roles = identity_from_token(token.strip(), settings)
        except AuthError as exc:
            raise HTTPException(status_code=401, detail=str(exc),
                                headers={"WWW-Authenticate": "Bearer"}) from None
        request.state.pdp_roles = roles
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


def is_admin(request: Request, settings, user_id: str) -> bool:
    """Operators: users listed in PDP_ADMIN_USER_IDS, or (JWT mode) tokens whose roles claim
    holds PDP_JWT_ADMIN_ROLE. A bare header never carries a role."""
    roles = getattr(request.state, "pdp_roles", frozenset())
    return user_id in settings.admin_ids or settings.jwt_admin_role in roles


async def get_admin_id(request: Request, state: Annotated[GatewayState, Depends(get_state)],
                       user_id: Annotated[str, Depends(get_user_id)]) -> str:
    """Template library changes and raw Kafka messages: operators only."""
    if not is_admin(request, state.settings, user_id):
        raise HTTPException(status_code=403, detail=messages.t("operator_only"))
    return user_id


AdminId = Annotated[str, Depends(get_admin_id)]


# How callers identify themselves, for OpenAPI: required by every operation unless it says
# otherwise (the public ones carry openapi_extra=PUBLIC), so a new route is documented as
# protected by default.
SECURITY_SCHEMES = {
    "sellerId": {"type": "apiKey", "in": "header", "name": "X-User-Id",
                 "description": "The seller, as set by the upstream auth gateway (header mode, "
                                "the default); 1-128 characters."},
    "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
               "description": "JWT mode (PDP_AUTH_MODE=jwt): the seller is the token's sub."},
}
PUBLIC = {"security": []}


def document_auth(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        schema.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
        schema["security"] = [{"sellerId": []}, {"bearer": []}]
        app.openapi_schema = schema
        return schema

    app.openapi = openapi
