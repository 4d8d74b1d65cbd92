"""An unhandled error answers a 500 JSON and leaves the keep-alive connection usable: the real
gateway application (create_app, all its middleware) served by uvicorn, with one extra route
that raises, and one httpx.Client whose connection must survive it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from devtools.embedded.broker import free_port
from gateway.app import create_app
from infra.settings import Settings

pytestmark = pytest.mark.integration


def _boom() -> dict:
    raise RuntimeError("a bug nobody mapped to an HTTP answer")


@pytest.fixture(scope="module")
def gateway_url(tmp_path_factory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("boundary")
    # Nothing here touches the database or the broker: the lifespan starts without them.
    settings = Settings(database_url="postgresql://nobody@127.0.0.1:1/none",
                        kafka_bootstrap_servers="127.0.0.1:1", kafka_request_timeout_ms=500,
                        lag_interval_s=0, home=home, media_dir=home / "media")
    app = create_app(settings)
    app.add_api_route("/test/boom", _boom, methods=["GET", "POST"])
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error",
                                           lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "gateway did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def test_a_500_answers_json_and_the_same_connection_serves_the_next_request(gateway_url):
    connections: list[object] = []

    def remember(event_name: str, info: dict) -> None:
        if event_name == "connection.connect_tcp.complete":
            connections.append(info["return_value"])

    with httpx.Client(base_url=gateway_url, timeout=10) as client:
        for _ in range(3):
            failed = client.post("/test/boom", json={"a": 1}, extensions={"trace": remember})
            assert failed.status_code == 500
            assert failed.json() == {"detail": "internal server error; the request was not "
                                               "completed"}
            assert failed.headers.get("x-trace-id") is not None  # still observed and traced
            assert failed.headers.get("x-content-type-options") == "nosniff"
            after = client.get("/api/generation/actuator/health",
                               extensions={"trace": remember})
            assert after.status_code == 200 and after.json() == {"status": "UP"}
    assert len(connections) == 1, "the 500 closed the keep-alive connection"
