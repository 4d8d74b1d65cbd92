"""Per-request observability for the gateway: a server span (its trace id goes back to the
client as X-Trace-Id and on to Kafka in the published message's headers) and the request
duration histogram, labelled by route *template* so task ids do not explode cardinality."""

from __future__ import annotations

import time

from opentelemetry.trace import SpanKind, Status, StatusCode
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from infra.observability import metrics, tracing

UNMATCHED = "unmatched"  # 404s for arbitrary paths share one label value


def route_template(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    if path is None:
        return UNMATCHED
    return path  # a mount (/media, /metrics) reports its prefix: its files share one label


class ObservabilityMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app
        self.trace_headers = tracing.propagation_headers()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        headers = scope.get("headers") or []
        # Most requests carry no trace context: skip the propagators' work for them.
        parent = (tracing.extract({k.decode("latin-1"): v.decode("latin-1") for k, v in headers})
                  if any(k in self.trace_headers for k, _ in headers) else None)
        with tracing.tracer().start_as_current_span(
                f"{scope['method']} {scope['path']}", kind=SpanKind.SERVER,
                context=parent) as span:
            trace_id = tracing.current_trace_id() or ""

            async def send_with_trace(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                    message.setdefault("headers", [])
                    message["headers"] = [*message["headers"],
                                          (b"x-trace-id", trace_id.encode())]
                await send(message)

            try:
                await self.app(scope, receive, send_with_trace)
            finally:
                route = route_template(scope)
                span.update_name(f"{scope['method']} {route}")
                span.set_attribute("http.route", route)
                span.set_attribute("http.response.status_code", status)
                if status >= 500:
                    span.set_status(Status(StatusCode.ERROR))
                metrics.HTTP_DURATION.labels(scope["method"], route, str(status)).observe(
                    time.perf_counter() - started)
