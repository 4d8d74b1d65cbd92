"""Two quick figures that make runs on different machines comparable: how fast Python runs
and what one PostgreSQL round trip costs. The same code measured 4 × more worker CPU per
page on a VM whose round trips cost 42 µs of client CPU than on the VM of the first run
(bench/FINDINGS.md §9), so every report states them."""

from __future__ import annotations

import resource
import time
import timeit

import psycopg2


def calibrate(dsn: str, round_trips: int = 2000) -> dict[str, float]:
    python_ms = min(timeit.repeat("sum(range(10**6))", number=1, repeat=5)) * 1000
    conn = psycopg2.connect(dsn)
    try:
        cur = conn.cursor()
        cur.execute("SELECT 1")
        before, started = resource.getrusage(resource.RUSAGE_THREAD), time.perf_counter()
        for _ in range(round_trips):
            cur.execute("SELECT 1")
            cur.fetchone()
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_THREAD)
    finally:
        conn.close()
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"python_sum_1e6_ms": python_ms, "pg_round_trip_us": wall / round_trips * 1e6,
            "pg_round_trip_client_cpu_us": cpu / round_trips * 1e6}
