"""Load drivers: closed-loop page generation against both designs, the gateway accept-rate
burst, and a PostgreSQL watcher that sees pages finish and measures the queue (lag).

aiohttp (already a Faust dependency) drives the load because it costs the client far less
CPU per request than httpx on a 2-core machine where client and server share the cores.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from pathlib import Path

import aiohttp
import psycopg2

from bench.services import dsn

SAMPLES = Path(__file__).resolve().parents[1] / "devtools" / "samples"
DISPLAY_LIST = "/api/generation/display-list"
HEADERS = {"X-User-Id": "bench"}
SELLERS = 256  # the accept burst comes from many sellers, as a real gateway's traffic does


def seller(i: int) -> dict[str, str]:
    return {"X-User-Id": f"bench-seller-{i % SELLERS}"}


def request_bodies(tag: str):
    """Endless sample requests; each product name carries a unique tag, so every page has
    its own sampled provider latencies (they are keyed by product name)."""
    samples = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.json"))]
    for i in itertools.count():
        body = dict(samples[i % len(samples)])
        first, _, rest = body["product_data"].partition("\n")
        body["product_data"] = f"{first} #{tag}{i:05d}\n{rest}"
        yield body


class TaskWatcher:
    """Polls PostgreSQL for finished tasks (one query per tick) and samples the queue."""

    def __init__(self, database_url: str, interval: float = 0.05, lag_interval: float = 0.5):
        self.conn = psycopg2.connect(dsn(database_url))
        self.conn.autocommit = True
        self.interval, self.lag_interval = interval, lag_interval
        self.waiting: dict[str, asyncio.Future] = {}
        self.queries = 0  # its own autocommit transactions, subtracted from the commit count
        self.lag: list[tuple[float, int, int, int, float]] = []
        self._task: asyncio.Task | None = None

    def start(self) -> "TaskWatcher":
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    async def close(self) -> None:
        if self._task:
            self._task.cancel()
        self.conn.close()

    def wait(self, task_id: str) -> asyncio.Future:
        return self.waiting.setdefault(task_id, asyncio.get_running_loop().create_future())

    async def _run(self) -> None:
        last_lag = 0.0
        while True:
            if self.waiting:
                for task_id, status, done in await asyncio.to_thread(self._finished,
                                                                     list(self.waiting)):
                    future = self.waiting.pop(task_id)
                    if not future.done():
                        future.set_result((status, done))
            if time.time() - last_lag >= self.lag_interval:
                last_lag = time.time()
                self.lag.append((last_lag, *await asyncio.to_thread(self._queue)))
            await asyncio.sleep(self.interval)

    def _finished(self, ids: list[str]) -> list[tuple[str, str, float]]:
        self.queries += 1
        with self.conn.cursor() as cur:
            cur.execute("SELECT id, status, extract(epoch FROM coalesce(completed_at, updated_at))"
                        " FROM tasks WHERE id = ANY(%s) AND status IN ('completed', 'failed')",
                        (ids,))
            return [(i, s, float(t)) for i, s, t in cur.fetchall()]

    def _queue(self) -> tuple[int, int, int, float]:
        """(requests waiting for the plan stage, pages in progress, parts outstanding,
        age in s of the oldest waiting request)."""
        self.queries += 1
        with self.conn.cursor() as cur:
            cur.execute(
                "SELECT count(*) FILTER (WHERE status = 'pending'),"
                " count(*) FILTER (WHERE status = 'processing'),"
                " coalesce(sum(blocks_total + images_total - blocks_done - images_done)"
                "   FILTER (WHERE status = 'processing' AND plan IS NOT NULL), 0),"
                " coalesce(extract(epoch FROM now() - min(created_at)"
                "   FILTER (WHERE status = 'pending')), 0)"
                " FROM tasks WHERE status IN ('pending', 'processing')")
            pending, processing, parts, age = cur.fetchone()
            return int(pending), int(processing), int(parts), float(age)

    def pages(self, ids: list[str]) -> dict[str, tuple[str, int, int]]:
        """task id → (product name, blocks, images), for the critical-path bound."""
        self.queries += 1
        with self.conn.cursor() as cur:
            cur.execute("SELECT id, facts->>'name', blocks_total, images_total FROM tasks"
                        " WHERE id = ANY(%s)", (ids,))
            return {i: (n, b, im) for i, n, b, im in cur.fetchall()}


def client_session() -> aiohttp.ClientSession:
    """Keep-alive connections are dropped after 2 s idle: uvicorn closes them after 5 s, and
    reusing one it is closing fails the request (ServerDisconnectedError)."""
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0, keepalive_timeout=2))


async def closed_loop(level: int, pages: int, one) -> tuple[list[dict], float]:
    """Run ``one()`` ``pages`` times with ``level`` in flight; (results, wall seconds).
    A request that fails counts as a failed page instead of ending the run."""
    gate = asyncio.Semaphore(level)
    results: list[dict] = []

    async def slot() -> None:
        async with gate:
            try:
                results.append(await one())
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                results.append({"status": f"error {type(exc).__name__}", "e2e_s": float("nan")})

    started = time.time()
    await asyncio.gather(*(slot() for _ in range(pages)))
    return results, time.time() - started


async def pipeline_level(session: aiohttp.ClientSession, url: str, watcher: TaskWatcher,
                         level: int, pages: int, bodies, timeout: float):
    async def one() -> dict:
        sent = time.time()
        async with session.post(url + DISPLAY_LIST, json=next(bodies), headers=HEADERS) as resp:
            payload = await resp.json()
            if resp.status != 202:
                return {"status": f"http {resp.status}", "e2e_s": float("nan")}
        accepted = time.time()
        status, done = await asyncio.wait_for(watcher.wait(payload["task_id"]), timeout)
        return {"task_id": payload["task_id"], "status": status, "accept_ms":
                (accepted - sent) * 1000, "e2e_s": done - sent}

    return await closed_loop(level, pages, one)


async def baseline_level(session: aiohttp.ClientSession, url: str, level: int, pages: int,
                         bodies, timeout: float):
    async def one() -> dict:
        sent = time.time()
        async with session.post(url + DISPLAY_LIST, json=next(bodies), headers=HEADERS,
                                timeout=aiohttp.ClientTimeout(total=timeout)) as resp:
            payload = await resp.json()
        took = time.time() - sent
        if resp.status != 200:
            return {"status": f"http {resp.status}", "e2e_s": float("nan")}
        return {"task_id": payload["task_id"], "status": "completed", "e2e_s": took}

    return await closed_loop(level, pages, one)


async def accept_burst(urls: list[str], total: int, seconds: float, concurrency: int,
                       pool: list[dict]) -> dict:
    """POST display-list as fast as ``concurrency`` connections allow (spread over ``urls``),
    until ``total`` requests or ``seconds`` pass; loopback only. The fallback when wrk is not
    installed (bench/wrk.py)."""
    latencies: list[float] = []
    codes: dict[str, int] = {}
    counter = itertools.count()
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        deadline = started + seconds

        async def client(url: str) -> None:
            while time.perf_counter() < deadline:
                i = next(counter)
                if i >= total:
                    return
                t0 = time.perf_counter()
                async with session.post(url + DISPLAY_LIST, json=pool[i % len(pool)],
                                        headers=seller(i)) as resp:
                    await resp.read()
                latencies.append(time.perf_counter() - t0)
                codes[str(resp.status)] = codes.get(str(resp.status), 0) + 1

        await asyncio.gather(*(client(urls[n % len(urls)]) for n in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {"requests": len(latencies), "accepted": codes.get("202", 0), "codes": codes,
            "seconds": elapsed, "latencies_s": latencies, "concurrency": concurrency, "errors": 0}
