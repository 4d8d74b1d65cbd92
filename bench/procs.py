"""RSS and CPU of the services' processes over time (psutil), and CPU-seconds counters."""

from __future__ import annotations

import math
import threading
import time

import psutil


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time consumed so far by these processes."""
    total = 0.0
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


class Sampler:
    """Samples every role's processes in a background thread; windows summarise a phase.
    RSS is per process (the largest of a role's processes, e.g. of several workers: the
    limits are per pod); CPU is summed over the role's processes."""

    def __init__(self, roles: dict[str, list[int]], interval: float = 0.25):
        self.interval = interval
        self.samples: list[tuple[float, str, float, float]] = []  # (t, role, rss MB, cpu %)
        self._procs = {role: [psutil.Process(p) for p in pids] for role, pids in roles.items()}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def add(self, role: str, pids: list[int]) -> None:
        self._procs[role] = [psutil.Process(p) for p in pids]

    def start(self) -> "Sampler":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        for procs in list(self._procs.values()):
            for proc in procs:
                proc.cpu_percent(None)  # prime: the first call always returns 0
        while not self._stop.wait(self.interval):
            now = time.time()
            for role, procs in list(self._procs.items()):
                rss = cpu = 0.0
                for proc in procs:
                    try:
                        with proc.oneshot():
                            rss = max(rss, proc.memory_info().rss / 2**20)
                            cpu += proc.cpu_percent(None)
                    except psutil.NoSuchProcess:
                        pass
                self.samples.append((now, role, rss, cpu))

    def window(self, start: float, end: float) -> dict[str, dict[str, float]]:
        """Per role over [start, end]: peak and mean RSS (MB, per process), mean and peak CPU
        (% of one core, all the role's processes together)."""
        out: dict[str, dict[str, float]] = {}
        for role in self._procs:
            rows = [(rss, cpu) for t, r, rss, cpu in self.samples
                    if r == role and start <= t <= end]
            if not rows:
                out[role] = {"rss_max": math.nan, "rss_mean": math.nan,
                             "cpu_mean": math.nan, "cpu_max": math.nan}
                continue
            rss = [r for r, _ in rows]
            cpu = [c for _, c in rows]
            out[role] = {"rss_max": max(rss), "rss_mean": sum(rss) / len(rss),
                         "cpu_mean": sum(cpu) / len(cpu), "cpu_max": max(cpu)}
        return out
