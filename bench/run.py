"""One benchmark run, phase by phase; returns every figure as a plain dict.

1. pipeline stack with the latency model: cold start, idle footprint, the concurrency levels;
2. baseline server (original design) with the same model: the same levels;
3. gateway accept burst (worker paused, so it measures the gateway alone);
4. zero provider latency, both designs: framework CPU per page and the CPU-bound ceiling.
"""

from __future__ import annotations

import asyncio
import math
import time
import uuid
from collections import Counter
from pathlib import Path

import psutil
import psycopg2

from bench import wrk
from bench.calibrate import calibrate
from bench.config import BenchConfig
from bench.load import (
    TaskWatcher,
    accept_burst,
    baseline_level,
    client_session,
    pipeline_level,
    request_bodies,
)
from bench.pgstat import DatabaseMeter, backend_cpu_delta, write_transactions
from bench.procs import Sampler, cpu_seconds
from bench.services import BaselineServer, Databases, PipelineStack, dsn
from bench.stats import critical_path_ms, pages_per_minute, sequential_ms, summary


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


async def run(cfg: BenchConfig, home: Path) -> dict:
    tag = uuid.uuid4().hex[:4]
    bodies = request_bodies(tag)
    dbs = Databases(home / "pg")
    out: dict = {"postgres": dbs.kind}
    try:
        out["postgres_version"] = None
        pipeline_db = dbs.create()
        out["postgres_version"] = dbs.server_version()
        out["calibration"] = calibrate(dsn(pipeline_db))
        await _with_latency(cfg, home, dbs, pipeline_db, bodies, out)
        await _zero_latency(cfg, home, dbs, bodies, out)
    finally:
        dbs.close()
    return out


async def _with_latency(cfg: BenchConfig, home: Path, dbs: Databases, database_url: str,
                        bodies, out: dict) -> None:
    log("starting the pipeline stack (latency model)")
    stack = PipelineStack(home / "pipeline", database_url, cfg.provider_env(), cfg.workers)
    try:
        await asyncio.to_thread(stack.start)
        sampler = Sampler(stack.pids()).start()
        watcher = TaskWatcher(database_url).start()
        async with client_session() as session:
            await _cold_start(session, stack, watcher, bodies, database_url)
            out["cold_start"] = dict(vars(stack.cold))
            log(f"cold start: {out['cold_start']}")
            idle_start = time.time()
            await asyncio.sleep(1 if cfg.smoke else 3)
            out["idle"] = sampler.window(idle_start, time.time())
            out["pipeline"] = await _pipeline_levels(cfg, session, stack, watcher, sampler, bodies)
            baseline_db = dbs.create()
            out["baseline"], out["baseline_ready_s"] = await _baseline_levels(
                cfg, session, home / "baseline", baseline_db, {}, cfg.baseline_pages,
                sampler, bodies)
            log("baseline with blocking provider calls (the original's likely behaviour)")
            out["baseline_blocking"], _ = await _baseline_levels(
                cfg, session, home / "baseline-blocking", baseline_db,
                {"PDP_BENCH_BASELINE_BLOCKING": "1"}, cfg.blocking_pages, sampler, bodies)
        out["accept"] = await _accept_phase(cfg, stack, sampler, bodies, home / "accept")
        await watcher.close()
        sampler.stop()
    finally:
        stack.stop()


async def _pipeline_levels(cfg: BenchConfig, session, stack: PipelineStack,
                           watcher: TaskWatcher, sampler: Sampler, bodies) -> dict:
    figures = {}
    for level in cfg.levels:
        pages = cfg.pipeline_pages.get(level, level)
        log(f"pipeline: {pages} pages, {level} in flight")
        t0 = time.time()
        results, wall = await pipeline_level(session, stack.url, watcher, level, pages, bodies,
                                             cfg.page_timeout_s)
        figures[level] = _level_figures(cfg, results, wall, watcher)
        figures[level]["procs"] = sampler.window(t0, time.time())
        figures[level]["lag"] = _lag(watcher.lag, t0, time.time())
        log(_brief(figures[level]))
    return figures


async def _baseline_levels(cfg: BenchConfig, session, home: Path, database_url: str,
                           env: dict[str, str], level_pages: dict[int, int], sampler: Sampler,
                           bodies) -> tuple[dict, float]:
    """Start a baseline server, run its levels, stop it; (figures by level, ready seconds)."""
    log(f"starting the baseline server (original design, same latency model) {env or ''}")
    server = BaselineServer(home, database_url, cfg.provider_env() | env)
    await asyncio.to_thread(server.start)
    shapes = TaskWatcher(database_url)  # reads page shapes only (not started)
    figures = {}
    try:
        sampler.add("baseline", [server.process.pid])
        for level, pages in level_pages.items():
            log(f"baseline: {pages} pages, {level} in flight")
            t0 = time.time()
            results, wall = await baseline_level(session, server.url, level, pages, bodies,
                                                 cfg.page_timeout_s)
            figures[level] = _level_figures(cfg, results, wall, shapes)
            figures[level]["procs"] = sampler.window(t0, time.time())
            log(_brief(figures[level]))
    finally:
        await shapes.close()
        server.stop()
    return figures, server.ready_s


async def _accept_phase(cfg: BenchConfig, stack: PipelineStack, sampler: Sampler,
                        bodies, home: Path) -> dict:
    """Gateway accept rate with the worker paused (SIGSTOP), so it measures the gateway: once
    with one gateway process, once with as many as k8s/base/gateway.yaml runs."""
    client = "wrk" if wrk.available() else "aiohttp"
    log(f"gateway accept bursts (worker paused, client {client})")
    workers = [psutil.Process(p) for p in stack.pids()["worker"]]
    gateways = [(stack.url, stack.pids()["gateway"][0])]
    pool = [next(bodies) for _ in range(64)]
    runs = []
    for proc in workers:
        proc.suspend()
    try:
        for replicas in cfg.accept_replicas:
            while len(gateways) < replicas:
                gateways.append(await asyncio.to_thread(stack.add_gateway))
            sampler.add("gateway", [pid for _, pid in gateways[:replicas]])
            urls = [url for url, _ in gateways[:replicas]]
            t0 = time.time()
            if client == "wrk":
                burst = await wrk.burst(urls, cfg.accept_seconds, cfg.accept_concurrency, pool,
                                        home)
            else:
                burst = await accept_burst(urls, cfg.accept_requests, cfg.accept_seconds,
                                           cfg.accept_concurrency, pool)
                latency = summary(burst.pop("latencies_s"))
                burst["latency_ms"] = {q: latency[q] * 1000 for q in ("p50", "p95", "p99")}
            burst["procs"] = sampler.window(t0, time.time())
            burst["replicas"] = replicas
            burst["rate"] = burst["accepted"] / burst["seconds"]
            log(f"accept, {replicas} gateway(s): {burst['rate']:.0f} req/s, "
                f"p99 {burst['latency_ms']['p99']:.1f} ms, codes {burst['codes']}")
            runs.append(burst)
    finally:
        for proc in workers:
            proc.resume()
        sampler.add("gateway", [gateways[0][1]])
    return {"client": client, "runs": runs}


async def _cold_start(session, stack: PipelineStack, watcher: TaskWatcher, bodies,
                      database_url: str) -> None:
    """Worker ready = first message taken (task leaves 'pending'); first page done."""
    async with session.post(stack.url + "/api/generation/display-list", json=next(bodies),
                            headers={"X-User-Id": "bench"}) as resp:
        task_id = (await resp.json())["task_id"]
    done = watcher.wait(task_id)
    conn = psycopg2.connect(dsn(database_url))
    conn.autocommit = True
    try:
        while True:
            with conn.cursor() as cur:
                cur.execute("SELECT status FROM tasks WHERE id = %s", (task_id,))
                if cur.fetchone()[0] != "pending":
                    break
            await asyncio.sleep(0.02)
    finally:
        conn.close()
    stack.cold.worker_ready_s = time.time() - stack.cold.spawned_wall
    _, finished = await asyncio.wait_for(done, 300)
    stack.cold.first_page_s = finished - stack.cold.spawned_wall


def _level_figures(cfg: BenchConfig, results: list[dict], wall: float,
                   watcher: TaskWatcher) -> dict:
    ok = [r for r in results if r["status"] == "completed"]
    shapes = watcher.pages([r["task_id"] for r in ok])
    critical, sequential, ratios = [], [], []
    for r in ok:
        name, blocks, images = shapes[r["task_id"]]
        cp = critical_path_ms(cfg.llm, cfg.image, name, blocks, images) / 1000
        critical.append(cp)
        sequential.append(sequential_ms(cfg.llm, cfg.image, name, blocks, images) / 1000)
        ratios.append(r["e2e_s"] / cp if cp > 0 else math.nan)
    e2e = [r["e2e_s"] for r in ok]
    errors = Counter(r["status"] for r in results if r["status"] != "completed")
    figures = {"pages": len(results), "completed": len(ok), "failed": dict(errors),
               "wall_s": wall, "pages_per_min": pages_per_minute(len(ok), wall),
               "e2e_s": summary(e2e), "critical_s": summary(critical),
               "sequential_s": summary(sequential), "ratio_to_critical": summary(ratios)}
    accept = [r["accept_ms"] for r in ok if "accept_ms" in r]
    if accept:
        figures["accept_ms"] = summary(accept)
    return figures


def _lag(samples: list[tuple], start: float, end: float) -> dict:
    rows = [s for s in samples if start <= s[0] <= end]
    if not rows:
        return {"max_waiting": 0, "max_in_progress": 0, "max_parts_outstanding": 0,
                "max_oldest_waiting_s": 0.0}
    return {"max_waiting": max(r[1] for r in rows), "max_in_progress": max(r[2] for r in rows),
            "max_parts_outstanding": max(r[3] for r in rows),
            "max_oldest_waiting_s": max(r[4] for r in rows)}


def _brief(fig: dict) -> str:
    e2e = fig["e2e_s"]
    return (f"  done {fig['completed']}/{fig['pages']} in {fig['wall_s']:.1f} s, "
            f"{fig['pages_per_min']:.0f} pages/min, e2e p50 {e2e['p50']:.2f} p95 {e2e['p95']:.2f} "
            f"s, critical p95 {fig['critical_s']['p95']:.2f} s")


async def _zero_latency(cfg: BenchConfig, home: Path, dbs: Databases, bodies, out: dict,
                        baseline: bool = True) -> None:
    """Framework CPU per page: provider latency zero, so every second is our own work."""
    out["zero_latency"] = {}
    log("zero latency: pipeline stack")
    database_url = dbs.create()
    stack = PipelineStack(home / "pipeline-zero", database_url, cfg.provider_env(zero=True),
                          cfg.workers)
    try:
        await asyncio.to_thread(stack.start)
        watcher = TaskWatcher(database_url).start()
        meter = DatabaseMeter(dsn(dbs.admin_url), database_url)
        async with client_session() as session:
            await pipeline_level(session, stack.url, watcher, 2, 4, bodies, cfg.page_timeout_s)
            pids = stack.pids()
            commits, pg_cpu = await asyncio.to_thread(meter.commits), meter.backend_cpu()
            queries = watcher.queries
            before = {role: cpu_seconds(p) for role, p in pids.items()}
            results, wall = await pipeline_level(session, stack.url, watcher, cfg.cpu_concurrency,
                                                 cfg.cpu_pages, bodies, cfg.page_timeout_s)
            after = {role: cpu_seconds(p) for role, p in pids.items()}
            before["postgres"] = 0.0
            after["postgres"] = backend_cpu_delta(pg_cpu, meter.backend_cpu())
            commits = await asyncio.to_thread(meter.commits) - commits - (watcher.queries - queries)
        ids = [r["task_id"] for r in results if r["status"] == "completed"]
        shapes = watcher.pages(ids)
        await watcher.close()
        meter.close()
        out["zero_latency"]["pipeline"] = _cpu_figures(results, wall, before, after, commits)
        out["zero_latency"]["pipeline"]["writes_per_page"] = (
            write_transactions(dsn(database_url), ids) / max(len(ids), 1))
        out["zero_latency"]["pipeline"]["parts_per_page"] = (
            sum(b + i for _, b, i in shapes.values()) / max(len(shapes), 1))
        log(f"  pipeline: {out['zero_latency']['pipeline']}")
    finally:
        stack.stop()
    if not baseline:
        return
    log("zero latency: baseline server")
    base_db = dbs.create()
    server = BaselineServer(home / "baseline-zero", base_db, cfg.provider_env(zero=True))
    try:
        await asyncio.to_thread(server.start)
        meter = DatabaseMeter(dsn(dbs.admin_url), base_db)
        async with client_session() as session:
            await baseline_level(session, server.url, 2, 4, bodies, cfg.page_timeout_s)
            commits, pg_cpu = await asyncio.to_thread(meter.commits), meter.backend_cpu()
            before = {"baseline": cpu_seconds([server.process.pid]), "postgres": 0.0}
            results, wall = await baseline_level(session, server.url, cfg.cpu_concurrency,
                                                 cfg.cpu_pages, bodies, cfg.page_timeout_s)
            after = {"baseline": cpu_seconds([server.process.pid]),
                     "postgres": backend_cpu_delta(pg_cpu, meter.backend_cpu())}
            commits = await asyncio.to_thread(meter.commits) - commits
        meter.close()
        ids = [r["task_id"] for r in results if r["status"] == "completed"]
        out["zero_latency"]["baseline"] = _cpu_figures(results, wall, before, after, commits)
        out["zero_latency"]["baseline"]["writes_per_page"] = (
            write_transactions(dsn(base_db), ids) / max(len(ids), 1))
        log(f"  baseline: {out['zero_latency']['baseline']}")
    finally:
        server.stop()


def _cpu_figures(results: list[dict], wall: float, before: dict, after: dict,
                 commits: int) -> dict:
    """Per completed page: CPU ms of each role (PostgreSQL backends included) and the
    database's commits (the stack's own transactions; the watcher's are subtracted)."""
    ok = [r for r in results if r["status"] == "completed"]
    n = max(len(ok), 1)
    cpu_ms = {role: (after[role] - before[role]) * 1000 / n for role in before}
    return {"pages": len(results), "completed": len(ok), "wall_s": wall,
            "pages_per_min": pages_per_minute(len(ok), wall),
            "e2e_s": summary([r["e2e_s"] for r in ok]),
            "cpu_ms_per_page": cpu_ms, "cpu_ms_per_page_total": sum(cpu_ms.values()),
            "commits_per_page": commits / n}
