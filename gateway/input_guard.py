"""Applies the input policy (gateway/input_policy.py) to every request, before routing: path
segments, query values and JSON bodies. A breach is answered with one 422 in FastAPI's shape
and nothing behind this middleware runs, so nothing is stored.

Pure ASGI (no BaseHTTPMiddleware): the body is read once, checked, and replayed to the app.
The body size limit sits outside this middleware, so buffering here is bounded."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.input_policy import (
    InvalidJson,
    Problem,
    json_problems,
    needs_path_check,
    param_problems,
    parse_json,
    path_params,
)

BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Forms are parsed by Starlette (file uploads); every other body of this API is JSON.
FORM_TYPES = (b"multipart/form-data", b"application/x-www-form-urlencoded")


class InputGuard:
    def __init__(self, app: ASGIApp, route_templates: Callable[[], list[str]]):
        self.app = app
        self.route_templates = route_templates  # lazily: the routes exist after add_middleware

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problems = self._param_problems(scope)
        if problems:
            await _refuse(send, problems)
            return
        if scope["method"] not in BODY_METHODS or _is_form(scope):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        if body is None:
            return  # the client went away (or the size limit already answered 413)
        problems = _body_problems(body)
        if problems:
            await _refuse(send, problems)
            return
        await self.app(scope, _replay(body, receive), send)

    def _param_problems(self, scope: Scope) -> list[Problem]:
        problems: list[Problem] = []
        if needs_path_check(scope["path"]):
            problems += param_problems("path", path_params(scope["path"], self.route_templates()))
        query = scope.get("query_string") or b""
        if query:
            pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
            problems += param_problems("query", pairs)
        return problems


def _is_form(scope: Scope) -> bool:
    for name, value in scope.get("headers") or []:
        if name == b"content-type":
            return value.lower().startswith(FORM_TYPES)
    return False


def _body_problems(body: bytes) -> list[Problem]:
    if not body.strip():
        return []  # FastAPI reports a missing body itself
    try:
        return json_problems(parse_json(body))
    except InvalidJson as exc:
        return [exc.problem]


async def _read_body(receive: Receive) -> bytes | None:
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The buffered body once, then the real channel (disconnect notices)."""
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if delivered:
            return await receive()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _refuse(send: Send, problems: list[Problem]) -> None:
    body = json.dumps({"detail": problems}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": 422,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
