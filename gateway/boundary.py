"""The last error boundary: an unhandled exception becomes a logged 500 JSON answer and the
keep-alive connection stays usable.

Starlette's ServerErrorMiddleware answers 500 and then re-raises, so uvicorn, seeing an
exception after the response started, closes the transport: the client's next request on
that connection was reset. This middleware sits inside it (just outside the input guard, so
its answer gets the security, CORS and trace headers) and never lets an exception out once
the answer is complete, so the server keeps the connection. A response that broke
half-way (a stream) cannot be completed honestly: that one is re-raised and closed."""

from __future__ import annotations

import json
import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("pdp.gateway")
BODY = json.dumps({"detail": "internal server error; the request was not completed"}).encode()


class ErrorBoundary:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = finished = False

        async def tracking_send(message: Message) -> None:
            nonlocal started, finished
            if message["type"] == "http.response.start":
                started = True
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                finished = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            log.exception("unhandled error in %s %s", scope["method"], scope["path"])
            if not started:
                await _internal_error(send)
            elif not finished:
                raise  # half a response is on the wire: only closing the connection is honest


async def _internal_error(send: Send) -> None:
    await send({"type": "http.response.start", "status": 500,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(BODY)).encode())]})
    await send({"type": "http.response.body", "body": BODY})
