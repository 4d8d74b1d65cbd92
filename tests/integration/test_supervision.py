"""`pdp up` as a user runs it, a real process tree (Tansu, worker, gateway; the machine's
PostgreSQL): SIGKILL one child at a time under 30 pages in flight. The supervisor restarts
it; every page completes exactly once, soon, with PDP_REDRIVE_AFTER_S at its 300 s default;
only SIGTERM stops the stack, and then every process ends."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import httpx
import psutil
import pytest

from devtools.embedded.broker import free_port
from devtools.embedded.stack import prepare_database
from tests.integration.support import create_database, drop_database, query, sample, wait_until
from tests.integration.test_faults import _record_without_publishing
from tests.integration.test_worker_kills import LATENCY, NAMES, _counts

pytestmark = pytest.mark.integration
PAGES = 30
RECOVERY_BOUND_S = 60


@dataclass
class Up:
    process: subprocess.Popen
    url: str
    database_url: str
    output: Path

    def child(self, word: str) -> psutil.Process:
        """The one running child whose command line names ``word`` (worker, gateway, tansu)."""
        found = [p for p in psutil.Process(self.process.pid).children(recursive=True)
                 if word in " ".join(p.cmdline())]
        assert len(found) == 1, f"{word}: {found}"
        return found[0]

    def log(self) -> str:
        return self.output.read_text(encoding="utf-8", errors="replace")


@contextlib.contextmanager
def running_up(home: Path, database_url: str) -> Iterator[Up]:
    """`pdp up` in its own session (a real process tree), SIGTERMed at the end."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "KAFKA_BOOTSTRAP_SERVERS"}  # embedded
    env.update(LATENCY, DATABASE_URL=database_url, PDP_HOME=str(home), PDP_LOG_LEVEL="INFO",
               PDP_MEDIA_DIR=str(home / "media"), PDP_REDRIVE_AFTER_S="300")
    output = home / "up.out"
    with output.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "pdp", "up", "--port", str(port)],
                                   env=env, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    running = Up(process, f"http://127.0.0.1:{port}", database_url, output)
    try:
        wait_until(lambda: process.poll() is not None or "ready" in running.log(), 90,
                   what="pdp up to print ready")
        assert process.poll() is None, running.log()
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="module")
def up(pg_admin_url, tmp_path_factory) -> Iterator[Up]:
    database_url = create_database(pg_admin_url)
    try:
        with running_up(tmp_path_factory.mktemp("up"), database_url) as running:
            yield running
    finally:
        drop_database(pg_admin_url, database_url)


def _submit_and_kill(up: Up, user: str, victim: str) -> tuple[list[str], int, float]:
    """Submit 30 pages, SIGKILL ``victim`` once the worker has started on them; returns the
    ids, how many were unfinished at the kill and the moment of the kill."""
    with httpx.Client(base_url=up.url, headers={"X-User-Id": user}, timeout=30) as client:
        ids = [client.post("/api/generation/display-list?force=true",
                           json=sample(NAMES[i % len(NAMES)])).json()["task_id"]
               for i in range(PAGES)]
    wait_until(lambda: query(up.database_url, "SELECT count(*) FROM tasks WHERE user_id = %s "
                             "AND status = 'processing'", (user,))[0][0], 60, interval=0.05,
               what="the worker to start on the pages")
    unfinished = query(up.database_url, "SELECT count(*) FROM tasks WHERE id = ANY(%s) "
                       "AND status <> 'completed'", (ids,))[0][0]
    up.child(victim).send_signal(signal.SIGKILL)
    return ids, unfinished, time.monotonic()


def _seconds_to_finish(up: Up, ids: list[str], killed_at: float) -> float:
    def finished() -> bool:
        return query(up.database_url, "SELECT count(*) FROM tasks WHERE id = ANY(%s) AND "
                     "status IN ('completed', 'failed')", (ids,))[0][0] == len(ids)

    wait_until(finished, RECOVERY_BOUND_S + 30, interval=0.1, what="every page to finish")
    return time.monotonic() - killed_at


def test_up_prints_the_seller_ui_first(up):
    urls = [line.split()[-1] for line in up.log().split("ready", 1)[1].splitlines()
            if "http://" in line]
    assert urls[0] == f"{up.url}/ui/"
    assert httpx.get(urls[0]).status_code == 200


def test_sigkill_of_the_worker_with_30_pages_in_flight_all_complete_once(up):
    old_worker = up.child("pdp worker").pid
    ids, unfinished, killed_at = _submit_and_kill(up, "seller-sup-worker", "pdp worker")
    elapsed = _seconds_to_finish(up, ids, killed_at)
    counts = _counts(up, ids)
    print(f"worker SIGKILL with {unfinished} of {PAGES} unfinished: all finished "
          f"{elapsed:.1f} s after the kill; {counts}")
    # Most pages must be in flight at the kill; on a loaded machine the first few can finish
    # while the rest are still being submitted, which does not weaken what is checked below.
    assert unfinished >= PAGES // 2, unfinished
    assert counts == {"accepted": PAGES, "completed": PAGES, "stored": PAGES, "duplicates": 0}
    assert elapsed <= RECOVERY_BOUND_S
    assert up.child("pdp worker").pid != old_worker
    assert "worker-0 down (killed by signal 9" in up.log() and up.process.poll() is None


def test_sigkill_of_the_broker_redrives_unfinished_pages_at_once(up):
    ids, unfinished, killed_at = _submit_and_kill(up, "seller-sup-broker", "tansu")
    elapsed = _seconds_to_finish(up, ids, killed_at)
    counts = _counts(up, ids)
    print(f"broker SIGKILL with {unfinished} of {PAGES} unfinished (records lost, "
          f"PDP_REDRIVE_AFTER_S=300): all finished {elapsed:.1f} s after the kill; {counts}")
    # Most pages must be in flight at the kill; on a loaded machine the first few can finish
    # while the rest are still being submitted, which does not weaken what is checked below.
    assert unfinished >= PAGES // 2, unfinished
    assert counts == {"accepted": PAGES, "completed": PAGES, "stored": PAGES, "duplicates": 0}
    assert elapsed <= RECOVERY_BOUND_S  # not the 300 s the reconciler alone would wait
    # The gateway's Kafka clients found the new broker on the same port.
    after = httpx.post(f"{up.url}/api/generation/display-list?wait=60&force=true",
                       json=sample("cream"), headers={"X-User-Id": "seller-sup-after"}, timeout=70)
    assert after.status_code == 200 and after.json()["status"] == "completed"


def test_sigkill_of_the_gateway_it_answers_again_on_its_port(up):
    up.child("pdp gateway").send_signal(signal.SIGKILL)
    killed_at = time.monotonic()

    def ready() -> bool:
        try:
            return httpx.get(f"{up.url}/api/generation/actuator/ready", timeout=1).is_success
        except httpx.HTTPError:
            return False

    time.sleep(0.2)  # let the old listener go, so "ready" is the new gateway's answer
    wait_until(ready, 30, interval=0.1, what="the restarted gateway")
    print(f"gateway answers again {time.monotonic() - killed_at:.1f} s after its SIGKILL")
    assert "gateway down (killed by signal 9" in up.log()


def test_sigterm_stops_every_process_of_the_stack(up):
    tree = psutil.Process(up.process.pid).children(recursive=True)
    assert {"tansu", "pdp worker", "pdp gateway"} <= {
        word for p in tree for word in ("tansu", "pdp worker", "pdp gateway")
        if word in " ".join(p.cmdline())}
    up.process.send_signal(signal.SIGTERM)
    assert up.process.wait(30) == 0
    _, alive = psutil.wait_procs(tree, timeout=5)
    assert alive == []


def test_a_new_pdp_up_redrives_what_an_earlier_run_left_unfinished(pg_admin_url, tmp_path):
    """The earlier run's broker kept its messages in memory: they are gone. Its tasks are
    in PostgreSQL, some still pending, some planned with parts missing."""
    database_url = create_database(pg_admin_url)
    try:
        prepare_database(database_url)
        earlier = SimpleNamespace(database_url=database_url)
        ids = [_record_without_publishing(earlier, "seller-sup-again", name, with_plan=planned)
               for name, planned in (("cream", False), ("tumbler", False),
                                     ("earbuds", True), ("granola", True))]
        with running_up(tmp_path, database_url) as again:
            elapsed = _seconds_to_finish(again, ids, time.monotonic())
            counts = _counts(again, ids)
        print(f"left unfinished by an earlier run: finished {elapsed:.1f} s after the new "
              f"`pdp up` was ready (PDP_REDRIVE_AFTER_S=300); {counts}")
        assert counts == {"accepted": 4, "completed": 4, "stored": 4, "duplicates": 0}
        assert elapsed <= 30
    finally:
        drop_database(pg_admin_url, database_url)
