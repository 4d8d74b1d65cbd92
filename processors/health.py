"""The worker's HTTP side port: Prometheus /metrics and a liveness check, /healthz.

Both are served from a thread, so they answer while the event loop is busy. That alone would
make liveness meaningless (the thread lives on when the loop is wedged), so /healthz reports
the age of a heartbeat that only the event loop writes (a Faust timer): older than
PDP_LIVENESS_STALL_S → 503 and Kubernetes restarts the pod.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import make_wsgi_app


class Heartbeat:
    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.last = clock()  # start-up counts as a beat: the startup probe covers the join

    def beat(self) -> None:
        self.last = self.clock()

    def age(self) -> float:
        return self.clock() - self.last


def health_app(heartbeat: Heartbeat, stall_s: float, metrics_app=None):
    metrics_app = metrics_app or make_wsgi_app()

    def app(environ, start_response) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            age = heartbeat.age()
            ok = age <= stall_s
            start_response("200 OK" if ok else "503 Service Unavailable",
                           [("Content-Type", "text/plain")])
            return [f"{'ok' if ok else 'stalled'}: event loop beat {age:.1f} s ago\n".encode()]
        return metrics_app(environ, start_response)

    return app


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - stdlib signature
        pass  # probes and scrapes every few seconds would flood the log


def serve(host: str, port: int, heartbeat: Heartbeat, stall_s: float) -> WSGIServer:
    server = make_server(host, port, health_app(heartbeat, stall_s), _Server, _Quiet)
    threading.Thread(target=server.serve_forever, name="pdp-metrics", daemon=True).start()
    return server
