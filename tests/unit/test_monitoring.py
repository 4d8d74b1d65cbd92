"""Alert rules and the Grafana dashboard only use metrics the service really exports, and
cover what ops asked for (lag, throughput, p95, errors, cost; restarts/OOM)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from prometheus_client import Counter, Histogram
from prometheus_client.metrics import MetricWrapperBase

from infra.observability import metrics
from producers.lag_export import LagCollector

MONITORING = Path(__file__).resolve().parents[2] / "k8s" / "monitoring"
OURS = re.compile(r"\b((?:pdp|kafka)_[a-z0-9_]+)\b")


def exported_names() -> set[str]:
    names: set[str] = set()
    for obj in vars(metrics).values():
        if isinstance(obj, Histogram):
            names |= {f"{obj._name}_{s}" for s in ("bucket", "count", "sum")}
        elif isinstance(obj, Counter):
            names.add(f"{obj._name}_total")
        elif isinstance(obj, MetricWrapperBase):
            names.add(obj._name)
    names |= {family.name for family in LagCollector().collect()}
    return names


def rules() -> list[dict]:
    doc = yaml.safe_load((MONITORING / "prometheus-rules.yaml").read_text())
    return [r for group in doc["spec"]["groups"] for r in group["rules"]]


def dashboard_exprs() -> dict[str, list[str]]:
    doc = json.loads((MONITORING / "grafana-dashboard.json").read_text())
    return {p["title"]: [t["expr"] for t in p["targets"]] for p in doc["panels"]}


def test_rules_and_dashboard_use_only_exported_metrics():
    exported = exported_names()
    assert "kafka_consumergroup_lag" in exported and "pdp_tasks_total" in exported
    used = {name for r in rules() for name in OURS.findall(r["expr"])}
    used |= {name for exprs in dashboard_exprs().values() for e in exprs
             for name in OURS.findall(e)}
    assert used, "no service metric used at all"
    assert used <= exported, f"unknown metrics: {sorted(used - exported)}"


def test_alerts_cover_lag_dead_letters_latency_and_restarts():
    alerts = {r["alert"]: r["expr"] for r in rules()}
    assert "kafka_consumergroup_lag{" in alerts["PdpConsumerLagGrowing"]
    assert "pdp_dead_letters_total" in alerts["PdpDeadLetters"]
    assert "histogram_quantile(0.95" in alerts["PdpGatewayP95OverTarget"]
    assert "kube_pod_container_status_restarts_total" in alerts["PdpPodRestarting"]
    assert "OOMKilled" in alerts["PdpOOMKilled"]
    for r in rules():
        assert r["annotations"]["runbook"].startswith("docs/operations.md#"), r["alert"]


def test_runbook_has_a_section_for_every_alert():
    runbook = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text()
    anchors = {r["annotations"]["runbook"].split("#")[1] for r in rules()}
    headings = {re.sub(r"[^a-z0-9 -]", "", h.lower()).strip().replace(" ", "-")
                for h in re.findall(r"^#+ (.+)$", runbook, re.M)}
    assert anchors <= headings, f"runbook sections missing: {sorted(anchors - headings)}"


def test_dashboard_shows_lag_throughput_latency_errors_and_cost():
    text = " ".join(e for exprs in dashboard_exprs().values() for e in exprs)
    for needle in ("kafka_consumergroup_lag{", "rate(pdp_tasks_total",
                   "histogram_quantile(0.95", "pdp_dead_letters_total",
                   "pdp_provider_cost_usd_total"):
        assert needle in text, needle
