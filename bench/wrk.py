"""The accept phase's load generator: wrk (C, Debian package `wrk`) when it is installed.

A Python client on the same two cores spends about as much CPU per request as the gateway
does, so it measures itself as much as the gateway; wrk needs a few per cent of one core.
Without wrk the phase falls back to the aiohttp client (bench/load.py) and says so."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

SCRIPT = Path(__file__).with_name("accept.lua")
MARK = "PDP-WRK "
DISPLAY_LIST = "/api/generation/display-list"


def available() -> bool:
    return shutil.which("wrk") is not None


async def burst(urls: list[str], seconds: float, concurrency: int, bodies: list[dict],
                workdir: Path) -> dict:
    """``concurrency`` keep-alive connections spread over ``urls`` (one wrk per gateway, as a
    Kubernetes Service spreads connections over pods) for ``seconds``; figures combined."""
    workdir.mkdir(parents=True, exist_ok=True)
    body_file = workdir / "accept-bodies.jsonl"
    body_file.write_text("".join(json.dumps(b, ensure_ascii=False) + "\n" for b in bodies),
                         encoding="utf-8")
    per_url = max(1, concurrency // len(urls))
    runs = await asyncio.gather(*(_one(url, per_url, seconds, body_file) for url in urls))
    codes: dict[str, int] = {}
    for run in runs:
        for code, count in run["codes"].items():
            codes[code] = codes.get(code, 0) + count
    seconds_run = max(r["duration_s"] for r in runs)
    return {"requests": sum(r["requests"] for r in runs), "accepted": codes.get("202", 0),
            "codes": codes, "seconds": seconds_run, "errors": sum(r["errors"] for r in runs),
            "concurrency": per_url * len(urls),
            # the slowest gateway's percentiles (wrk reports percentiles, not samples)
            "latency_ms": {q: max(r[f"{q}_ms"] for r in runs) for q in ("p50", "p95", "p99")}}


async def _one(url: str, connections: int, seconds: float, body_file: Path) -> dict:
    proc = await asyncio.create_subprocess_exec(
        "wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
        "-s", str(SCRIPT), url + DISPLAY_LIST,
        env={"PDP_WRK_BODIES": str(body_file), "PATH": "/usr/bin:/bin"},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    out, _ = await proc.communicate()
    text = out.decode(errors="replace")
    line = next((ln for ln in text.splitlines() if ln.startswith(MARK)), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed (exit {proc.returncode}): {text[-1000:]}")
    return json.loads(line[len(MARK):])
