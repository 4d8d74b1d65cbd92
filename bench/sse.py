"""`python -m bench.sse`: what 1,000 open progress streams (SSE) cost the gateway and
PostgreSQL, the old poller against the push source, in one run.

One stack (broker, worker, PostgreSQL) and two extra gateway processes on it, one with
PDP_SSE_SOURCE=poll (the original loop: a read per stream every 0.25 s) and one with the
default push source (LISTEN/NOTIFY). Each gateway in turn gets the same load: streams on
idle tasks (rows that never change, as when sellers leave a tab open on a queued task) and a
few pages generating at a time, each watched by its own stream. Over a steady window the
run measures the gateway's CPU (psutil), the database's committed transactions and tuples
returned (pg_stat_database: pg_stat_statements needs a server restart to load, which a
shared server does not allow), the CPU of the database's backends, and how long a recorded
change takes to reach its stream.

Writes the section between the markers in BENCHMARKS.md (created if missing) and
bench/SSE.md, which a full `python -m bench` run copies into its report.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shlex
import shutil
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

import aiohttp

from bench.calibrate import calibrate
from bench.config import BenchConfig
from bench.load import request_bodies
from bench.pgstat import DatabaseMeter, backend_cpu_delta
from bench.procs import cpu_seconds
from bench.report import git_commit, machine
from bench.run import log
from bench.services import Databases, PipelineStack, dsn
from bench.stats import summary
from infra.db import tasks as task_repo
from infra.db.session import make_engine, make_sessionmaker, transaction

SECTION = Path(__file__).with_name("SSE.md")
BEGIN, END = "<!-- bench.sse: begin -->", "<!-- bench.sse: end -->"
EVENTS = "/api/generation/generation/events/"
IDLE_USER, PAGE_USER = "bench-sse-idle", "bench-sse"


@dataclass
class SseConfig:
    streams: int = 1000       # open streams per gateway, idle and progressing together
    progressing: int = 4      # pages generating at any time, one stream each
    warmup_s: float = 12.0    # after the last stream opened (PostgreSQL flushes its counters
    window_s: float = 45.0    # at most every second, idle backends after 10 s)
    recheck_s: float = 15.0   # the push source's safety re-check (its default)
    smoke: bool = False


def smoke_config() -> SseConfig:
    return SseConfig(streams=40, progressing=2, warmup_s=2, window_s=5, smoke=True)


def seed_idle_tasks(database_url: str, count: int) -> list[str]:
    """``count`` accepted tasks that nothing will ever process (no Kafka message)."""
    ids = [uuid.uuid4().hex for _ in range(count)]
    engine = make_engine(database_url, pooled=False)
    try:
        with transaction(make_sessionmaker(engine)) as session:
            task_repo.create_many(session, [task_repo.new_task(i, IDLE_USER, {"kind": "idle"})
                                            for i in ids])
    finally:
        engine.dispose()
    return ids


async def read_stream(http: aiohttp.ClientSession, url: str, user: str, opened: asyncio.Event,
                      delays: list[float] | None = None) -> str | None:
    """Read one stream to its end; the last status seen. With ``delays``, note how long
    each change recorded after the stream opened took from its row's time in PostgreSQL to
    this client."""
    last = None
    async with http.get(url, headers={"X-User-Id": user}) as response:
        response.raise_for_status()
        opened_at = time.time()
        async for raw in response.content:
            line = raw.decode().rstrip("\n")
            if not line.startswith("data: "):
                continue
            event = json.loads(line[6:])
            last = event["status"]
            opened.set()
            at = datetime.fromisoformat(event["at"]).timestamp()
            if delays is not None and at >= opened_at:
                delays.append(time.time() - at)
    return last


async def page_driver(http: aiohttp.ClientSession, base: str, bodies, stop: asyncio.Event,
                      delays: list[float], done: list[str]) -> None:
    """One page at a time, watched by its own stream, until ``stop``."""
    while not stop.is_set():
        async with http.post(base + "/api/generation/display-list", json=next(bodies),
                             headers={"X-User-Id": PAGE_USER}) as response:
            task_id = (await response.json())["task_id"]
        status = await read_stream(http, base + EVENTS + task_id, PAGE_USER, asyncio.Event(),
                                   delays)
        done.append(status or "?")


def pg_counters(meter: DatabaseMeter) -> dict[str, int]:
    with meter.conn.cursor() as cur:
        cur.execute("SELECT pg_stat_clear_snapshot()")
        cur.execute("SELECT xact_commit, tup_returned, tup_fetched FROM pg_stat_database "
                    "WHERE datname = %s", (meter.name,))
        commits, returned, fetched = cur.fetchone()
    return {"commits": int(commits), "tup_returned": int(returned), "tup_fetched": int(fetched)}


async def measure(cfg: SseConfig, source: str, base: str, pid: int, idle_ids: list[str],
                  meter: DatabaseMeter, bodies) -> dict:
    log(f"{source}: opening {cfg.streams} streams on {base}")
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=None, sock_read=None, sock_connect=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
        idle = cfg.streams - cfg.progressing
        opened = [asyncio.Event() for _ in range(idle)]
        started = time.monotonic()
        readers = [asyncio.create_task(read_stream(http, base + EVENTS + task_id, IDLE_USER, ev))
                   for task_id, ev in zip(idle_ids[:idle], opened, strict=True)]
        stop, delays, done = asyncio.Event(), [], []
        drivers = [asyncio.create_task(page_driver(http, base, bodies, stop, delays, done))
                   for _ in range(cfg.progressing)]
        await asyncio.gather(*(ev.wait() for ev in opened))
        open_s = time.monotonic() - started
        log(f"{source}: {idle} idle streams open in {open_s:.1f} s; warming up")
        await asyncio.sleep(cfg.warmup_s)
        delays.clear()
        pages_before = len(done)
        cpu0, db0, be0, t0 = cpu_seconds([pid]), pg_counters(meter), meter.backend_cpu(), \
            time.monotonic()
        load0 = os.getloadavg()[0]
        await asyncio.sleep(cfg.window_s)
        cpu1, db1, be1, t1 = cpu_seconds([pid]), pg_counters(meter), meter.backend_cpu(), \
            time.monotonic()
        load1 = os.getloadavg()[0]
        window_delays = list(delays)
        pages = len(done) - pages_before
        stop.set()
        for task in readers:
            task.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
        await asyncio.wait(drivers, timeout=60)
        for task in drivers:
            task.cancel()
    seconds = t1 - t0
    out = {"source": source, "streams": cfg.streams, "idle_streams": idle,
           "open_s": open_s, "window_s": seconds,
           "gateway_cpu_pct": (cpu1 - cpu0) / seconds * 100,
           "commits_per_s": (db1["commits"] - db0["commits"]) / seconds,
           "tup_returned_per_s": (db1["tup_returned"] - db0["tup_returned"]) / seconds,
           "tup_fetched_per_s": (db1["tup_fetched"] - db0["tup_fetched"]) / seconds,
           "pg_backend_cpu_pct": backend_cpu_delta(be0, be1) / seconds * 100,
           "pages": pages, "event_delay_s": summary(window_delays) if window_delays else None,
           "events": len(window_delays), "load_avg": (load0, load1)}
    log(f"{source}: {json.dumps(out, default=str)}")
    await asyncio.sleep(3)  # let the gateway close the departed streams before the next one
    return out


async def run(cfg: SseConfig, home: Path) -> dict:
    bench = BenchConfig()
    dbs = Databases(home / "pg")
    out: dict = {"postgres": dbs.kind, "loadavg_start": os.getloadavg()}
    stack = None
    try:
        database_url = dbs.create()
        out["postgres_version"] = dbs.server_version()
        out["calibration"] = calibrate(dsn(database_url))
        env = {**bench.provider_env(), "PDP_REDRIVE_AFTER_S": "1000000",
               "PDP_SSE_RECHECK_S": str(cfg.recheck_s)}
        if cfg.smoke:
            env.update(PDP_OFFLINE_LLM_LATENCY_MS="20", PDP_OFFLINE_IMAGE_LATENCY_MS="50")
        stack = PipelineStack(home / "stack", database_url, env)
        log("starting broker, worker and the stack's gateway")
        await asyncio.to_thread(stack.start)
        gateways = {source: await asyncio.to_thread(stack.add_gateway, 60,
                                                    {"PDP_SSE_SOURCE": source})
                    for source in ("poll", "push")}
        idle_ids = await asyncio.to_thread(seed_idle_tasks, database_url, cfg.streams)
        meter = DatabaseMeter(dsn(dbs.admin_url), database_url)
        bodies = request_bodies(uuid.uuid4().hex[:4])
        try:
            out["results"] = [await measure(cfg, source, url, pid, idle_ids, meter, bodies)
                              for source, (url, pid) in gateways.items()]
        finally:
            meter.close()
    finally:
        if stack is not None:
            await asyncio.to_thread(stack.stop)
        dbs.close()
    out["loadavg_end"] = os.getloadavg()
    return out


def _f(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _delay(r: dict) -> str:
    d = r["event_delay_s"]
    return "–" if not d else f"{d['p50'] * 1000:,.0f} / {d['p95'] * 1000:,.0f}"


def section(cfg: SseConfig, res: dict, command: str, started: datetime) -> str:
    m, cal = machine(), res["calibration"]
    rows = []
    for r in res["results"]:
        d = r["event_delay_s"] or {}
        rows.append(
            f"| {r['source']} | {r['streams']:,} ({r['idle_streams']:,} idle) | "
            f"{_f(r['gateway_cpu_pct'], 1)} | {_f(r['commits_per_s'])} | "
            f"{_f(r['tup_returned_per_s'])} | {_f(r['pg_backend_cpu_pct'], 1)} | "
            f"{_f(d.get('p50', 0) * 1000 if d else None)} / "
            f"{_f(d.get('p95', 0) * 1000 if d else None)} | {r['pages']} | "
            f"{_f(r['open_s'], 1)} |")
    poll, push = res["results"][0], res["results"][1]
    ratio = (poll["commits_per_s"] / push["commits_per_s"]) if push["commits_per_s"] else None
    lines = [
        BEGIN,
        "## SSE progress streams: polling vs push (1,000 open streams)", "",
        f"Generated by `{command}` on {started:%Y-%m-%d %H:%M} UTC, commit `{git_commit()}`."
        + (" **Smoke run: figures are meaningless.**" if cfg.smoke else ""), "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']:.0f} GiB, {m['os']}, "
        f"Python {m['python']}; PostgreSQL {res['postgres_version']} ({res['postgres']}). "
        f"Calibration: `sum(range(10**6))` {cal['python_sum_1e6_ms']:.1f} ms, `SELECT 1` round "
        f"trip {cal['pg_round_trip_us']:.0f} µs. Load average at start "
        f"{res['loadavg_start'][0]:.1f}, at end {res['loadavg_end'][0]:.1f} (the machine is "
        "shared with other sessions; client, gateways, worker, broker and PostgreSQL share "
        "its cores).", "",
        f"Setup (`bench/sse.py`): one stack (Tansu broker, one worker, the latency model of "
        f"the main run: LLM 800 ms, image 3 s) and two extra gateway processes, "
        f"`PDP_SSE_SOURCE=poll` (the original loop, a read per stream every 0.25 s) and "
        f"`push` (LISTEN/NOTIFY, safety re-check every {cfg.recheck_s:.0f} s). Each in turn "
        f"holds {cfg.streams:,} open streams from one aiohttp client: "
        f"{cfg.streams - cfg.progressing:,} on idle tasks (accepted, never processed) and "
        f"{cfg.progressing} on pages generating one after another. Figures over "
        f"{cfg.window_s:.0f} s of steady state, {cfg.warmup_s:.0f} s after the last stream "
        "opened. PostgreSQL figures are `pg_stat_database` deltas of the stack's database "
        "(pg_stat_statements is not loaded on this server and needs a restart to load): "
        "committed transactions (a stream read is one transaction of 2–3 statements; the "
        "worker's page writes are in both rows alike) and tuples returned; backend CPU is "
        "psutil over the database's server processes. Event delay: from a progressing "
        "page's history row (`task_events.created_at`, transaction start) to its frame at "
        "the client.", "",
        "| source | open streams | gateway CPU % (one core = 100) | PG transactions/s | "
        "PG tuples returned/s | PG backend CPU % | event delay p50 / p95 ms | pages done "
        "in window | seconds to open the idle streams |",
        "|---|---|---|---|---|---|---|---|---|",
        *rows, "",
        f"With {push['streams']:,} streams open, push made {_f(ratio, 0)}× fewer database "
        f"transactions than polling ({_f(push['commits_per_s'])}/s against "
        f"{_f(poll['commits_per_s'])}/s; polling asks for {cfg.streams * 4:,} reads/s, four per "
        f"stream) and used {push['gateway_cpu_pct']:.1f} % of a core in the gateway against "
        f"{poll['gateway_cpu_pct']:.1f} %. An idle push stream costs one read per re-check "
        f"(~{cfg.streams / cfg.recheck_s:.0f} reads/s for {cfg.streams:,} streams at "
        f"{cfg.recheck_s:.0f} s); a change costs one read per stream watching that task. "
        f"Polling got {_f(poll['commits_per_s'])} of the {cfg.streams * 4:,} transactions/s it "
        "asks for because its gateway runs out of CPU (and database threads), so progress "
        f"reached the client after {_delay(poll)} ms (p50 / p95) against {_delay(push)} ms "
        "pushed.",
        END]
    return "\n".join(lines)


def splice(path: Path, text: str) -> None:
    """Replace the marked section of ``path``, or insert it before the findings."""
    body = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in body and END in body:
        head, rest = body.split(BEGIN, 1)
        body = head + text + rest.split(END, 1)[1]
    elif "\n## Findings" in body:
        head, tail = body.split("\n## Findings", 1)
        body = head + "\n" + text + "\n\n## Findings" + tail
    else:
        body = body.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.sse", description=__doc__)
    p.add_argument("--smoke", action="store_true", help="seconds-long run (tests)")
    p.add_argument("--streams", type=int)
    p.add_argument("--window", type=float)
    p.add_argument("--out", type=Path, default=Path("BENCHMARKS.md"))
    p.add_argument("--json", type=Path, help="also write the raw figures as JSON")
    args = p.parse_args(argv)
    cfg = smoke_config() if args.smoke else SseConfig()
    if args.streams:
        cfg.streams = args.streams
    if args.window:
        cfg.window_s = args.window
    command = shlex.join(["python", "-m", "bench.sse", *(sys.argv[1:] if argv is None else argv)])
    home = Path(tempfile.mkdtemp(prefix="pdp-bench-sse-"))
    started = datetime.now(timezone.utc)
    try:
        res = asyncio.run(run(cfg, home))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    text = section(cfg, res, command, started)
    if not cfg.smoke:
        SECTION.write_text(text + "\n", encoding="utf-8")
    splice(args.out, text)
    if args.json:
        args.json.write_text(json.dumps({"config": asdict(cfg), **res}, indent=1, default=str),
                             encoding="utf-8")
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        raise SystemExit(main())
