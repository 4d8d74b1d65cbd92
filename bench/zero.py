"""`python -m bench.zero`: only the zero-latency phase of `python -m bench` (CPU, commits and
write transactions per page, both designs in the same run) — a few minutes instead of ten,
for measuring one change at a time. Prints the figures; writes no report.

`--keep` keeps the stack's logs; `--pipeline-only` skips the baseline. To profile, attach
py-spy to the `python -m pdp worker` process while the phase runs."""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import tempfile
import uuid
from pathlib import Path

from bench.calibrate import calibrate
from bench.config import BenchConfig
from bench.load import request_bodies
from bench.run import _zero_latency, log
from bench.services import Databases, dsn


async def _run(cfg: BenchConfig, home: Path, pipeline_only: bool) -> dict:
    dbs = Databases(home / "pg")
    out: dict = {}
    try:
        out["calibration"] = calibrate(dsn(dbs.create()))
        await _zero_latency(cfg, home, dbs, request_bodies(uuid.uuid4().hex[:4]), out,
                            baseline=not pipeline_only)
    finally:
        dbs.close()
    return out


def main() -> int:
    p = argparse.ArgumentParser(prog="python -m bench.zero", description=__doc__)
    p.add_argument("--pages", type=int, default=400)
    p.add_argument("--concurrency", type=int, default=50)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--pipeline-only", action="store_true")
    p.add_argument("--keep", action="store_true")
    args = p.parse_args()
    cfg = BenchConfig(cpu_pages=args.pages, cpu_concurrency=args.concurrency,
                      workers=args.workers)
    home = Path(tempfile.mkdtemp(prefix="pdp-bench-zero-"))
    try:
        out = asyncio.run(_run(cfg, home, args.pipeline_only))
    finally:
        if args.keep:
            log(f"logs kept in {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)
    zero = out["zero_latency"]
    for design, fig in zero.items():
        cpu = ", ".join(f"{k} {v:.1f}" for k, v in fig["cpu_ms_per_page"].items())
        log(f"{design}: {cpu} = {fig['cpu_ms_per_page_total']:.1f} ms/page; "
            f"writes/page {fig['writes_per_page']:.2f} (parts/page "
            f"{fig.get('parts_per_page', 0):.2f}); commits/page {fig['commits_per_page']:.1f}; "
            f"{fig['pages_per_min']:.0f} pages/min")
    if "baseline" in zero:
        ratio = (zero["pipeline"]["cpu_ms_per_page_total"]
                 / zero["baseline"]["cpu_ms_per_page_total"])
        log(f"whole-stack CPU per page, pipeline ÷ baseline: {ratio:.2f}")
    print(json.dumps(out, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
