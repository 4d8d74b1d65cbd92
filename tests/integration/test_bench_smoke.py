"""The benchmark harness still works end to end: a seconds-long `python -m bench --smoke`
drives both designs on the real broker and PostgreSQL and writes every section of the report.
No timing assertions: the figures of a smoke run on a busy machine mean nothing."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def test_smoke_run_writes_every_figure_of_the_report(tmp_path):
    out, raw = tmp_path / "BENCHMARKS.md", tmp_path / "raw.json"
    run = subprocess.run([sys.executable, "-m", "bench", "--smoke", "--out", str(out),
                          "--json", str(raw)], cwd=ROOT, env=dict(os.environ),
                         capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]

    results = json.loads(raw.read_text())["results"]
    for design in ("pipeline", "baseline"):
        for level, figures in results[design].items():
            assert figures["completed"] == figures["pages"] > 0, (design, level, figures)
            assert figures["e2e_s"]["p95"] > 0 and figures["critical_s"]["p95"] > 0
    assert [run["replicas"] for run in results["accept"]["runs"]] == [1, 2]
    for run in results["accept"]["runs"]:
        assert run["accepted"] == run["requests"] > 0, run
    assert all(math.isfinite(v) for v in results["cold_start"].values())
    for design in ("pipeline", "baseline"):
        zero = results["zero_latency"][design]
        assert zero["completed"] > 0
        # The whole stack's CPU includes the PostgreSQL backends; every page writes.
        assert zero["cpu_ms_per_page"]["postgres"] > 0
        assert zero["writes_per_page"] >= 1 and zero["commits_per_page"] >= 1
    assert results["idle"]["gateway"]["rss_max"] > 0 and results["idle"]["worker"]["rss_max"] > 0

    report = out.read_text()
    for section in ("## Targets", "## End-to-end latency", "## Gateway accept rate",
                    "## Memory and CPU", "## Cold start", "## Lag during the run",
                    "## Framework CPU per page", "write transactions/page", "## Reproduce", "python -m bench --smoke"):
        assert section in report


def test_sse_smoke_run_measures_both_sources_and_writes_its_section(tmp_path):
    out, raw = tmp_path / "BENCHMARKS.md", tmp_path / "raw.json"
    out.write_text("# Benchmarks\n\n## Findings\n\nkept\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "bench.sse", "--smoke", "--out", str(out),
                          "--json", str(raw)], cwd=ROOT, env=dict(os.environ),
                         capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads(raw.read_text())["results"]
    assert [r["source"] for r in results] == ["poll", "push"]
    for r in results:
        assert r["pages"] > 0 and r["commits_per_s"] > 0 and r["gateway_cpu_pct"] > 0, r
        assert r["event_delay_s"]["n"] > 0, r
    text = out.read_text(encoding="utf-8")
    # The section goes before the findings, which stay.
    assert text.index("## SSE progress streams") < text.index("## Findings") and "kept" in text
