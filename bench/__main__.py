"""`python -m bench`: run every benchmark phase and write BENCHMARKS.md plus the chart."""

from __future__ import annotations

import argparse
import asyncio
import json
import shlex
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

from bench.config import BenchConfig, parse_pages, smoke_config
from bench.report import write_chart, write_markdown
from bench.run import log, run


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--smoke", action="store_true", help="seconds-long run of every phase")
    p.add_argument("--out", type=Path, default=Path("BENCHMARKS.md"))
    p.add_argument("--chart", type=Path, help="PNG path (default: next to --out)")
    p.add_argument("--json", type=Path, help="also write the raw figures as JSON")
    p.add_argument("--llm-ms", type=float)
    p.add_argument("--llm-sigma", type=float)
    p.add_argument("--image-ms", type=float)
    p.add_argument("--image-sigma", type=float)
    p.add_argument("--seed", type=int)
    p.add_argument("--levels", help="pages in flight, e.g. 1,10,50,200")
    p.add_argument("--pipeline-pages", help="pages per level, e.g. 1:5,10:30,50:100,200:200")
    p.add_argument("--baseline-pages", help="pages per level for the baseline")
    p.add_argument("--workers", type=int)
    p.add_argument("--accept-requests", type=int)
    p.add_argument("--accept-seconds", type=float)
    p.add_argument("--accept-replicas", help="gateway processes per accept row, e.g. 1,2")
    p.add_argument("--cpu-pages", type=int)
    p.add_argument("--keep", action="store_true", help="keep the run's logs and media")
    return p.parse_args(argv)


def config_from(args: argparse.Namespace) -> BenchConfig:
    cfg = smoke_config() if args.smoke else BenchConfig()
    for name in ("llm_ms", "llm_sigma", "image_ms", "image_sigma", "seed", "workers",
                 "accept_requests", "accept_seconds", "cpu_pages"):
        if getattr(args, name) is not None:
            setattr(cfg, name, getattr(args, name))
    if args.accept_replicas:
        cfg.accept_replicas = [int(x) for x in args.accept_replicas.split(",")]
    if args.levels:
        cfg.levels = [int(x) for x in args.levels.split(",")]
    if args.pipeline_pages:
        cfg.pipeline_pages = parse_pages(args.pipeline_pages)
    if args.baseline_pages:
        cfg.baseline_pages = parse_pages(args.baseline_pages)
    return cfg


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    cfg = config_from(args)
    command = shlex.join(["python", "-m", "bench", *argv])
    home = Path(tempfile.mkdtemp(prefix="pdp-bench-"))
    started = datetime.now(timezone.utc)
    t0 = time.monotonic()
    try:
        results = asyncio.run(run(cfg, home))
    finally:
        if args.keep:
            log(f"logs kept in {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    chart = write_chart(args.chart or args.out.with_name("benchmarks-latency.png"), results)
    write_markdown(args.out, cfg, results, chart, command, started, time.monotonic() - t0)
    if args.json:
        args.json.write_text(json.dumps({"config": asdict(cfg), "results": results},
                                        indent=1, default=str), encoding="utf-8")
    log(f"wrote {args.out}" + (f" and {chart}" if chart else " (no chart: matplotlib missing)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
