"""Writes k8s/monitoring/grafana-dashboard.json (run after changing a panel):

    .venv/bin/python scripts/grafana_dashboard.py
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "k8s" / "monitoring" / "grafana-dashboard.json"
# Strimzi's Kafka Exporter names (the gateway exports them too, producers/lag_export.py), so the
# panels work from either source; max by (...) folds the identical series of several sources.
LAG = ('max by (consumergroup, topic, partition) '
       '(kafka_consumergroup_lag{consumergroup="$group"})')

PANELS = [  # (title, unit, [(expr, legend)])
    ("Consumer lag by topic", "short",
     [(f"sum by (topic) ({LAG})", "{{topic}}")]),
    ("Consumer lag by partition", "short",
     [(LAG, "{{topic}}/{{partition}}")]),
    ("Throughput: tasks per second", "reqps",
     [('sum by (status) (rate(pdp_tasks_total[5m]))', "{{status}}")]),
    ("Gateway p95 latency by route", "s",
     [('histogram_quantile(0.95, sum by (le, route) '
       '(rate(pdp_http_request_duration_seconds_bucket[5m])))', "{{route}}")]),
    ("Stage p95 duration", "s",
     [('histogram_quantile(0.95, sum by (le, stage) '
       '(rate(pdp_stage_duration_seconds_bucket[5m])))', "{{stage}}")]),
    ("In-flight messages by stage", "short",
     [("sum by (stage) (pdp_stage_inflight_messages)", "{{stage}}")]),
    ("Errors", "short",
     [("sum by (stage) (increase(pdp_dead_letters_total[5m]))", "dead letters {{stage}}"),
      ('sum(increase(pdp_tasks_total{status="failed"}[5m]))', "failed tasks"),
      ("sum by (provider, operation) (increase(pdp_provider_errors_total[5m]))",
       "provider errors {{provider}} {{operation}}"),
      ('sum(increase(pdp_http_request_duration_seconds_count{status=~"5.."}[5m]))',
       "gateway 5xx")]),
    ("Provider calls and retries per second", "reqps",
     [("sum by (provider, operation) (rate(pdp_provider_calls_total[5m]))",
       "{{provider}} {{operation}}"),
      ("sum by (provider, reason) (rate(pdp_provider_retries_total[5m]))",
       "retries {{provider}} {{operation}}")]),
    ("Provider cost (USD per hour)", "currencyUSD",
     [("sum by (provider, model) (increase(pdp_provider_cost_usd_total[1h]))",
       "{{provider}} {{model}}")]),
    ("Tokens per minute", "short",
     [("sum by (model, kind) (rate(pdp_provider_tokens_total[5m])) * 60", "{{model}} {{kind}}")]),
    ("Memory working set by pod", "bytes",
     [('sum by (pod) (container_memory_working_set_bytes{namespace=~"$namespace", '
       'container=~"gateway|worker"})', "{{pod}}")]),
    ("CPU by pod (cores)", "short",
     [('sum by (pod) (rate(container_cpu_usage_seconds_total{namespace=~"$namespace", '
       'container=~"gateway|worker"}[5m]))', "{{pod}}")]),
]


def panel(i: int, title: str, unit: str, targets: list[tuple[str, str]]) -> dict:
    return {
        "id": i + 1, "type": "timeseries", "title": title,
        "datasource": {"type": "prometheus", "uid": "${datasource}"},
        "gridPos": {"h": 8, "w": 12, "x": 12 * (i % 2), "y": 8 * (i // 2)},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "targets": [{"refId": chr(65 + n), "expr": expr, "legendFormat": legend}
                    for n, (expr, legend) in enumerate(targets)],
    }


def dashboard() -> dict:
    return {
        "uid": "pdp-overview", "title": "Product Details Service", "schemaVersion": 39,
        "tags": ["pdp"], "timezone": "utc", "refresh": "30s",
        "time": {"from": "now-6h", "to": "now"},
        "templating": {"list": [
            {"name": "datasource", "type": "datasource", "query": "prometheus"},
            {"name": "group", "type": "custom", "query": "pdp-worker", "current":
             {"text": "pdp-worker", "value": "pdp-worker"}},
            {"name": "namespace", "type": "custom", "query": "pdp", "current":
             {"text": "pdp", "value": "pdp"}},
        ]},
        "panels": [panel(i, *p) for i, p in enumerate(PANELS)],
    }


if __name__ == "__main__":
    OUT.write_text(json.dumps(dashboard(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
