"""All configuration, read from environment variables (pydantic-settings).

Well-known names (DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS, OPENAI_API_KEY, ...) are read as they
are; everything specific to this service carries the PDP_ prefix. The README's configuration
table is the user-facing copy of this file: keep them in step.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def _env(name: str) -> AliasChoices:
    return AliasChoices(name, f"PDP_{name}")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PDP_", extra="ignore", populate_by_name=True)

    # --- services -------------------------------------------------------------------------
    database_url: str | None = Field(default=None, validation_alias=_env("DATABASE_URL"))
    kafka_bootstrap_servers: str | None = Field(
        default=None, validation_alias=_env("KAFKA_BOOTSTRAP_SERVERS")
    )
    # Idempotent producers are right for real Kafka but the dev broker (Tansu) rejects
    # InitProducerId, so this must be switchable; correctness never depends on it.
    kafka_idempotence: bool = False
    kafka_request_timeout_ms: int = 5000
    # Kafka connection security (producers/kafka_security.py): PLAINTEXT for the dev broker;
    # SSL or SASL_SSL (SCRAM-SHA-512 with Strimzi's KafkaUser) on a real cluster.
    kafka_security_protocol: str = "PLAINTEXT"  # PLAINTEXT | SSL | SASL_PLAINTEXT | SASL_SSL
    kafka_sasl_mechanism: str = "SCRAM-SHA-512"  # PLAIN | SCRAM-SHA-256 | SCRAM-SHA-512
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: Path | None = None  # the cluster CA (Strimzi: <cluster>-cluster-ca-cert)
    topic_partitions: int = 8
    topic_prefix: str = ""

    # --- embedded defaults ----------------------------------------------------------------
    home: Path = Path(".pdp")

    # --- worker ---------------------------------------------------------------------------
    worker_group: str = "pdp-worker"
    # Tansu answers JoinGroup after session_timeout/2: 6 s / 1 s gives a ready worker in ~5 s.
    broker_session_timeout: float = 6.0
    broker_heartbeat_interval: float = 1.0
    broker_commit_interval: float = 0.5
    stage_concurrency: int = 16
    # Stages that wait on a provider (plan, block, image) hold a message for a whole API call
    # (~1 s LLM, ~3 s image), so 16 in flight capped a worker at ~2.5 pages/s (bench/FINDINGS.md);
    # they need concurrency sized for the calls in flight, not for CPU.
    provider_stage_concurrency: int = 128
    stage_max_attempts: int = 3
    # A planner slower than this shows the task as 'planning' (one more write); a faster one
    # goes from accepted to planned in the transaction that stores the plan.
    planning_mark_after_s: float = 0.1
    retry_backoff_s: float = 0.5
    # How long a stage waits out an unreachable PostgreSQL/Kafka before failing the task.
    outage_budget_s: float = 300.0
    # Reconciler: tasks untouched for this long are re-driven; after max_redrives they fail.
    reconcile_interval_s: float = 5.0
    redrive_after_s: float = 300.0  # above provider deadline × attempts, so slow calls are not re-driven
    max_redrives: int = 5
    # Set by `pdp up` on a worker it starts after the broker lost its records or a worker
    # died: it re-drives every unfinished task untouched since its start, at once.
    redrive_on_start: bool = False
    template_cache_ttl_s: float = 30.0
    # Upstream product events: trailing debounce per product (latest wins) and how often the
    # worker looks for products whose window has passed.
    product_debounce_s: float = 5.0
    product_schedule_interval_s: float = 0.5

    # --- providers ------------------------------------------------------------------------
    provider: str = "auto"  # auto | offline | openai
    openai_api_key: str | None = Field(default=None, validation_alias=_env("OPENAI_API_KEY"))
    openai_base_url: str | None = Field(default=None, validation_alias=_env("OPENAI_BASE_URL"))
    together_api_key: str | None = Field(
        default=None, validation_alias=_env("TOGETHER_API_KEY")
    )
    # Real providers (processors/providers/openai_llm.py, together_images.py).
    openai_model: str = "gpt-4o-mini"
    openai_temperature: float = 0.4
    openai_timeout_s: float = 60.0
    together_base_url: str | None = Field(
        default=None, validation_alias=_env("TOGETHER_BASE_URL"))
    together_image_model: str = "black-forest-labs/FLUX.1-schnell"
    together_edit_model: str = "black-forest-labs/FLUX.1-kontext-dev"
    together_steps: int = 4
    # Resilience per provider: concurrent calls, attempts, backoff base, hard deadline per
    # call, consecutive failures that open the circuit and how long it stays open.
    provider_concurrency: int = 8
    provider_rate_per_s: float = 0.0  # call starts per second per provider and worker; 0: no limit
    provider_max_attempts: int = 4
    provider_backoff_s: float = 1.0
    provider_max_backoff_s: float = 20.0
    provider_deadline_s: float = 60.0
    provider_breaker_threshold: int = 8
    provider_breaker_reset_s: float = 30.0
    # Grounding: blocks with invented/contradicting facts or low coverage are regenerated
    # once, then kept with a warning ("warn") or left out of the page ("drop").
    grounding_action: str = "drop"
    # slots: the LLM fills typed template slots (structure fixed); freeform: it may also
    # rewrite the rendered HTML, kept only when sanitized and structurally unchanged.
    block_mode: str = "slots"
    grounding_min_coverage: float = 0.8
    # USD per 1M tokens (input/output) and per image, by model; JSON in the environment.
    price_table: dict[str, dict[str, float]] = {
        "gpt-4o-mini": {"input_per_1m": 0.15, "output_per_1m": 0.60},
        "black-forest-labs/FLUX.1-schnell": {"per_image": 0.0027},
        "black-forest-labs/FLUX.1-kontext-dev": {"per_image": 0.025},
    }
    # Largest provider image download (the fetcher and its private-address exceptions,
    # fetch_allow_private, are shared with user uploads below).
    fetch_max_bytes: int = 20_000_000
    # Injected per-call latency of the offline provider (ms); used by tests and bench/ to model
    # real LLM/image latency without the network.
    offline_llm_latency_ms: float = 0.0
    offline_image_latency_ms: float = 0.0
    # Fault injection for drills: block calls of products whose name contains one of these
    # comma-separated markers take offline_slow_ms longer.
    offline_slow_products: str = ""
    offline_slow_ms: float = 0.0
    # sigma > 0 turns the latency into a lognormal around that median (seeded per call, so a
    # run is reproducible); 0 keeps it constant.
    offline_llm_latency_sigma: float = 0.0
    offline_image_latency_sigma: float = 0.0
    offline_latency_seed: int = 0

    # --- gateway --------------------------------------------------------------------------
    gateway_host: str = "127.0.0.1"
    gateway_port: int = 8000
    public_base_url: str = ""
    max_wait_s: float = 60.0
    gateway_db_pool: int = 8  # pooled connections (+ as many overflow) and 2× DB threads
    # Task progress streams (SSE, infra/db/task_listener.py): "push" reads a task's new events
    # when PostgreSQL notifies (one LISTEN connection per gateway); "poll" is the old loop,
    # one query per open stream every 0.25 s (kept for the benchmark's baseline and for a
    # database reachable only through a transaction-mode pooler).
    sse_source: Literal["push", "poll"] = "push"
    # Push: how often a stream re-reads anyway, in case a notification was lost.
    sse_recheck_s: float = Field(default=15.0, gt=0)
    # The LISTEN connection's URL when DATABASE_URL goes through a transaction-mode pooler
    # (LISTEN needs a session: PostgreSQL directly or a session-mode pool); unset: DATABASE_URL.
    listen_database_url: str | None = None
    # Edge protection (gateway/protection.py).
    max_body_bytes: int = 256 * 1024
    rate_limit: str = "120/minute"  # per user, on generation requests; empty disables
    rate_limit_storage: str = "memory://"
    max_inflight_per_user: int = 200
    backpressure_pending: int = 20_000
    cors_origins: list[str] = []
    media_dir: Path | None = None
    # Images (infra/storage.py, infra/fetch.py, gateway/routes/images.py).
    storage_backend: str = "local"  # local | s3
    s3_bucket: str | None = None
    s3_public_url: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str | None = None
    s3_prefix: str = ""
    upload_max_bytes: int = 10 * 1024 * 1024
    # Mining jobs (POST /api/mining-jobs, mining/upload.py): files per upload, one page's
    # size, the unpacked corpus and its page count. The request body may be as large as
    # mining_max_total_bytes (ZIPs are smaller than what they unpack to).
    mining_max_files: int = 200
    mining_max_page_bytes: int = 2 * 1024 * 1024
    mining_max_total_bytes: int = 50 * 1024 * 1024
    mining_max_pages: int = 5000
    fetch_timeout_s: float = 10.0
    # Networks the URL fetcher lets through although private (e.g. "127.0.0.1/32"): for local
    # development and tests only; empty in production.
    fetch_allow_private: str = ""
    # Users: "header" trusts X-User-Id from the upstream gateway; "jwt" needs a bearer token.
    auth_mode: str = "header"  # header | jwt
    jwt_secret: str | None = None  # HS256
    jwt_public_key_file: Path | None = None  # RS256 (PEM)
    jwt_jwks_file: Path | None = None  # RS256 (JWKS JSON)
    jwt_audience: str | None = None
    jwt_issuer: str | None = None
    # Exports: image slices of a page (headless Chromium).
    chromium_path: str = "/usr/bin/chromium"
    slice_max_height: int = 3000
    # Resource bounds per gateway process (gateway/bounds.py): concurrent uploads, slice
    # exports (one Chromium each) and template renders (previews, library saves); beyond
    # them a request gets 429 with Retry-After at once instead of queueing memory.
    upload_concurrency: int = 2
    slice_export_concurrency: int = 1
    preview_concurrency: int = 2
    busy_retry_after_s: int = 5
    # Largest decoded bitmap of one upload (pagelogic/images/decode.py): checked from the header before
    # decoding; bigger JPEGs are decoded reduced, other formats refused (413).
    image_decode_budget_bytes: int = 32 * 1024 * 1024
    # Wall-clock limit of one template render in a preview (the sandbox also stops itself).
    preview_timeout_s: float = 5.0
    # Users (X-User-Id) allowed to change the template library and to publish raw messages;
    # comma-separated. In JWT mode a token whose roles claim holds jwt_admin_role counts too.
    admin_user_ids: str = ""
    jwt_admin_role: str = "pdp-admin"
    # Kafka record signatures (producers/signing.py). Gateway and workers must share
    # message_key; unset, the processes of one machine share PDP_HOME/message.key. The
    # upstream key, when set, is shared with the commerce systems and required on
    # commerce.product-events; unset, that topic is trusted through broker ACLs alone.
    message_key: str = Field(default="", repr=False)
    # The PDP_HOME/message.key fallback; off in a cluster (k8s/base/configmap.yaml), where each
    # pod would make a key of its own and dead-letter every other pod's records.
    message_key_from_home: bool = True
    upstream_message_key: str = Field(default="", repr=False)

    log_level: str = "INFO"

    # --- observability (docs/operations.md) ---------------------------------------------
    log_format: str = "json"        # json (one object per line, with task_id/trace_id) | text
    metrics_port: int = 9102        # worker's Prometheus /metrics port; 0 turns it off
    metrics_host: str = "0.0.0.0"   # worker's /metrics bind address (pods are scraped by IP)
    liveness_stall_s: float = 60.0  # worker /healthz fails when its event loop stalls longer
    lag_interval_s: float = 5.0     # how often the gateway refreshes consumer lag; 0: off
    kafka_cluster_name: str = "pdp" # cluster_name label of the kafka-lag-exporter metrics
    trace_exporter: str = "none"    # none | console | otlp (OTEL_EXPORTER_OTLP_ENDPOINT)

    @property
    def media_path(self) -> Path:
        return self.media_dir or (self.home / "media")

    @property
    def admin_ids(self) -> frozenset[str]:
        return frozenset(x.strip() for x in self.admin_user_ids.split(",") if x.strip())

    def topic(self, name: str) -> str:
        return f"{self.topic_prefix}{name}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
