"""Measure what `pdp gateway` and `pdp worker` really use, to size k8s requests/limits and
probe timings (docs/operations.md "Sizing" quotes its output).

    DATABASE_URL=postgresql://postgres@127.0.0.1/pdp_measure .venv/bin/python \
        scripts/measure_resources.py --pages 60 --latency-ms 300

Starts the embedded stack (Tansu broker, the given or an embedded PostgreSQL, one worker,
one gateway as real processes), then samples RSS and CPU of the two processes with psutil:
start-up, idle, and under a small load (pages submitted at a fixed rate, polled as a client
would). Prints a JSON report. Loopback traffic only, bounded in count and time.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from tempfile import mkdtemp

import httpx
import psutil

from devtools.embedded.stack import Stack
from infra.settings import Settings

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "devtools" / "samples").glob("*.json"))


class Sampler(threading.Thread):
    """Samples RSS (MiB) and CPU (% of one core) of one process every ``period`` seconds."""

    def __init__(self, pid: int, period: float = 0.5):
        super().__init__(daemon=True)
        self.proc = psutil.Process(pid)
        self.period = period
        self.rss: list[float] = []
        self.cpu: list[float] = []
        self.running = True
        self.proc.cpu_percent(None)

    def run(self) -> None:
        while self.running:
            time.sleep(self.period)
            try:
                self.rss.append(self.proc.memory_info().rss / 2**20)
                self.cpu.append(self.proc.cpu_percent(None))
            except psutil.Error:
                return

    def take(self) -> dict:
        rss, cpu = self.rss, self.cpu
        self.rss, self.cpu = [], []
        if not rss:
            return {"samples": 0}
        p95 = statistics.quantiles(cpu, n=20)[-1] if len(cpu) >= 2 else (cpu or [0])[0]
        return {"rss_mib_max": round(max(rss), 1), "rss_mib_median": round(statistics.median(rss), 1),
                "cpu_pct_mean": round(statistics.mean(cpu), 1), "cpu_pct_p95": round(p95, 1),
                "cpu_pct_max": round(max(cpu), 1), "samples": len(rss)}


def first_log_time(path: Path, needle: str, timeout: float) -> float | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if needle in path.read_text(errors="replace"):
            return time.monotonic()
        time.sleep(0.05)
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--rate", type=float, default=4.0, help="pages submitted per second")
    ap.add_argument("--latency-ms", type=float, default=300.0, help="offline provider latency")
    ap.add_argument("--idle-s", type=float, default=20.0)
    args = ap.parse_args()

    home = Path(mkdtemp(prefix="pdp-measure-"))
    settings = Settings(home=home)
    env = {"PDP_OFFLINE_LLM_LATENCY_MS": str(args.latency_ms),
           "PDP_OFFLINE_IMAGE_LATENCY_MS": str(args.latency_ms)}
    stack = Stack(settings, extra_env=env)
    report: dict = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "machine": f"{platform.node()} {platform.machine()} "
                               f"{psutil.cpu_count()} cores "
                               f"{psutil.virtual_memory().total / 2**30:.0f} GiB, "
                               f"Python {platform.python_version()}",
                    "args": vars(args)}
    try:
        t0 = time.monotonic()
        stack.start()
        gateway_ready = time.monotonic() - t0
        worker = stack.worker_procs[0]
        worker_log = stack.log_dir / "worker-0.log"
        ready_at = first_log_time(worker_log, "Ready", 60)
        report["startup_s"] = {
            "gateway_ready": round(gateway_ready, 2),
            "worker_faust_ready": round(ready_at - worker.spawned_at, 2) if ready_at else None}
        gw, wk = Sampler(stack.gateway_proc.pid), Sampler(worker.pid)
        gw.start(), wk.start()
        client = httpx.Client(base_url=stack.url, headers={"X-User-Id": "measure"}, timeout=30)
        # first page right after start-up: when the worker really takes work
        t1 = time.monotonic()
        first = client.post("/api/generation/display-list?wait=120",
                            json=json.loads(SAMPLES[0].read_text())).json()
        report["startup_s"]["worker_first_page"] = round(time.monotonic() - worker.spawned_at, 2)
        report["first_page_s"] = round(time.monotonic() - t1, 2)
        assert first.get("status") == "completed", first
        gw.take(), wk.take()
        time.sleep(args.idle_s)
        report["idle"] = {"gateway": gw.take(), "worker": wk.take()}

        ids, started = [], time.monotonic()
        for i in range(args.pages):
            body = json.loads(SAMPLES[i % len(SAMPLES)].read_text())
            ids.append(client.post("/api/generation/display-list", json=body).json()["task_id"])
            time.sleep(max(0.0, started + (i + 1) / args.rate - time.monotonic()))
        pending = set(ids)
        deadline = time.monotonic() + 300
        while pending and time.monotonic() < deadline:
            for task_id in list(pending):
                s = client.get(f"/api/generation/generation/status/{task_id}").json()
                if s["status"] in ("completed", "failed"):
                    pending.discard(task_id)
            time.sleep(0.2)
        report["load"] = {"pages": args.pages, "unfinished": len(pending),
                          "seconds": round(time.monotonic() - started, 1),
                          "gateway": gw.take(), "worker": wk.take()}
        gw.running = wk.running = False
    finally:
        stack.stop()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
