"""All configuration, read from environment variables (pydantic-settings).

Well-known names (DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS, OPENAI_API_KEY, ...) are read as they
are; everything specific to this service carries the PDP_ prefix. The docstring under each
field is its meaning in the README's configuration table, which `python -m pdp.cli.config_table
--write` renders from this model (fields in a row share one docstring and follow each other).
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
    model_config = SettingsConfigDict(env_prefix="PDP_", extra="ignore", populate_by_name=True,
                                      use_attribute_docstrings=True)

    # --- services -------------------------------------------------------------------------
    database_url: str | None = Field(default=None, validation_alias=_env("DATABASE_URL"))
    """PostgreSQL URL, e.g. `postgresql://user:pw@host/db`"""
    kafka_bootstrap_servers: str | None = Field(
        default=None, validation_alias=_env("KAFKA_BOOTSTRAP_SERVERS")
    )
    """`host:port[,host:port]`"""
    # Idempotent producers are right for real Kafka but the dev broker (Tansu) rejects
    # InitProducerId, so this must be switchable; correctness never depends on it.
    kafka_idempotence: bool = False
    """idempotent producer: `true` on real Kafka; the dev broker rejects it"""
    kafka_request_timeout_ms: int = 5000
    """how long the gateway waits for Kafka's ack before answering 503"""
    # Kafka connection security (producers/kafka_security.py): PLAINTEXT for the dev broker;
    # SSL or SASL_SSL (SCRAM-SHA-512 with Strimzi's KafkaUser) on a real cluster.
    kafka_security_protocol: str = "PLAINTEXT"  # PLAINTEXT | SSL | SASL_PLAINTEXT | SASL_SSL
    """Kafka connection security for every client (producer, Faust, readers, lag): `SSL` or `SASL_SSL` with the cluster CA on a real cluster (`k8s/components/kafka-auth`)"""
    kafka_sasl_mechanism: str = "SCRAM-SHA-512"  # PLAIN | SCRAM-SHA-256 | SCRAM-SHA-512
    """Kafka connection security for every client (producer, Faust, readers, lag): `SSL` or `SASL_SSL` with the cluster CA on a real cluster (`k8s/components/kafka-auth`)"""
    kafka_sasl_username: str | None = None
    """Kafka connection security for every client (producer, Faust, readers, lag): `SSL` or `SASL_SSL` with the cluster CA on a real cluster (`k8s/components/kafka-auth`)"""
    kafka_sasl_password: SecretStr | None = None
    """Kafka connection security for every client (producer, Faust, readers, lag): `SSL` or `SASL_SSL` with the cluster CA on a real cluster (`k8s/components/kafka-auth`)"""
    kafka_ssl_cafile: Path | None = None  # the cluster CA (Strimzi: <cluster>-cluster-ca-cert)
    """Kafka connection security for every client (producer, Faust, readers, lag): `SSL` or `SASL_SSL` with the cluster CA on a real cluster (`k8s/components/kafka-auth`)"""
    topic_partitions: int = 8
    """partitions of each pipeline topic (DLQ: 1)"""
    topic_prefix: str = ""
    """prefix for every topic name (several environments on one cluster)"""

    # --- embedded defaults ----------------------------------------------------------------
    home: Path = Path(".pdp")
    """embedded PostgreSQL data, logs, local media"""

    # --- worker ---------------------------------------------------------------------------
    worker_group: str = "pdp-worker"
    """Kafka consumer group of the workers"""
    # Tansu answers JoinGroup after session_timeout/2: 6 s / 1 s gives a ready worker in ~5 s.
    broker_session_timeout: float = 6.0
    """group membership (s); the dev broker joins after session/2"""
    broker_heartbeat_interval: float = 1.0
    """group membership (s); the dev broker joins after session/2"""
    broker_commit_interval: float = 0.5
    """how often (s) a worker commits the offsets of handled messages"""
    stage_concurrency: int = 16
    """concurrent messages per stage per worker"""
    # Stages that wait on a provider (plan, block, image) hold a message for a whole API call
    # (~1 s LLM, ~3 s image), so 16 in flight capped a worker at ~2.5 pages/s (bench/FINDINGS.md);
    # they need concurrency sized for the calls in flight, not for CPU: 200 pages in flight
    # are ~1,000 block calls and ~400 image calls, and 128 slots per stage queued them behind
    # each other (1.23 x the baseline's throughput; 512: 1.58 x, bench/FINDINGS.md §13). A
    # waiting slot is a suspended coroutine (a few kB); the provider's own limit
    # (PDP_PROVIDER_CONCURRENCY) still caps the calls actually made to a paid API.
    provider_stage_concurrency: int = 512
    """concurrent messages per worker in the stages that wait on a provider (plan, block, image)"""
    # A planner slower than this shows the task as 'planning' (one more write); a faster one
    # goes from accepted to planned in the transaction that stores the plan.
    planning_mark_after_s: float = 0.1
    """a planner call slower than this (s) shows the task as `planning` (one more write and status event); a faster plan goes from `accepted` straight to `rendering`"""
    stage_max_attempts: int = 3
    """retries of a failing stage before dead-lettering"""
    retry_backoff_s: float = 0.5
    """retries of a failing stage before dead-lettering"""
    # How long a stage waits out an unreachable PostgreSQL/Kafka before failing the task.
    outage_budget_s: float = 300.0
    """how long (s) a stage waits out an unreachable PostgreSQL or Kafka before it fails the task"""
    # Reconciler: tasks untouched for this long are re-driven; after max_redrives they fail.
    reconcile_interval_s: float = 5.0
    """reconciler cadence, stall threshold, re-drive budget"""
    redrive_after_s: float = 300.0  # above provider deadline × attempts, so slow calls are not re-driven
    """reconciler cadence, stall threshold, re-drive budget"""
    max_redrives: int = 5
    """reconciler cadence, stall threshold, re-drive budget"""
    # Set by `pdp up` on a worker it starts after the broker lost its records or a worker
    # died: it re-drives every unfinished task untouched since its start, at once.
    redrive_on_start: bool = False
    """a worker re-drives every unfinished task at start (set by `pdp up` after a broker or worker crash)"""
    template_cache_ttl_s: float = 30.0
    """how long (s) a worker keeps the template library in memory before reading it again"""
    # Upstream product events: trailing debounce per product (latest wins) and how often the
    # worker looks for products whose window has passed.
    product_debounce_s: float = 5.0
    """product events: regenerate this long after the last change (latest wins); how often workers look for due products"""
    product_schedule_interval_s: float = 0.5
    """product events: regenerate this long after the last change (latest wins); how often workers look for due products"""

    # --- providers ------------------------------------------------------------------------
    provider: str = "auto"  # auto | offline | openai
    """`auto` (OpenAI when `OPENAI_API_KEY` is set, else offline) / `openai` / `offline`"""
    openai_api_key: str | None = Field(default=None, validation_alias=_env("OPENAI_API_KEY"))
    """OpenAI, or any OpenAI-compatible server (vLLM, Ollama, llama.cpp) via the base URL"""
    openai_base_url: str | None = Field(default=None, validation_alias=_env("OPENAI_BASE_URL"))
    """OpenAI, or any OpenAI-compatible server (vLLM, Ollama, llama.cpp) via the base URL"""
    # Real providers (processors/providers/openai_llm.py, together_images.py).
    openai_model: str = "gpt-4o-mini"
    """plan and block model"""
    openai_temperature: float = 0.4
    """plan and block model"""
    openai_timeout_s: float = 60.0
    """plan and block model"""
    together_api_key: str | None = Field(
        default=None, validation_alias=_env("TOGETHER_API_KEY")
    )
    """Together images (without a key the OpenAI provider uses local placeholder images)"""
    together_base_url: str | None = Field(
        default=None, validation_alias=_env("TOGETHER_BASE_URL"))
    """Together images (without a key the OpenAI provider uses local placeholder images)"""
    together_image_model: str = "black-forest-labs/FLUX.1-schnell"
    """text-to-image model, photo-edit model (seller's photo as `image_url`), steps"""
    together_edit_model: str = "black-forest-labs/FLUX.1-kontext-dev"
    """text-to-image model, photo-edit model (seller's photo as `image_url`), steps"""
    together_steps: int = 4
    """text-to-image model, photo-edit model (seller's photo as `image_url`), steps"""
    # Resilience per provider: concurrent calls, attempts, backoff base, hard deadline per
    # call, consecutive failures that open the circuit and how long it stays open.
    provider_concurrency: int = 8
    """concurrent calls and call starts per second per provider per worker; attempts per call (429/5xx/timeouts)"""
    provider_rate_per_s: float = 0.0  # call starts per second per provider and worker; 0: no limit
    """concurrent calls and call starts per second per provider per worker; attempts per call (429/5xx/timeouts)"""
    provider_max_attempts: int = 4
    """concurrent calls and call starts per second per provider per worker; attempts per call (429/5xx/timeouts)"""
    provider_backoff_s: float = 1.0
    """exponential backoff with jitter; `Retry-After` wins when sent"""
    provider_max_backoff_s: float = 20.0
    """exponential backoff with jitter; `Retry-After` wins when sent"""
    provider_deadline_s: float = 60.0
    """hard deadline per provider call"""
    provider_breaker_threshold: int = 8
    """consecutive failures that open the circuit; seconds open before it half-opens and lets one probe call through (success closes it, failure re-opens it; calls arriving meanwhile wait for the probe)"""
    provider_breaker_reset_s: float = 30.0
    """consecutive failures that open the circuit; seconds open before it half-opens and lets one probe call through (success closes it, failure re-opens it; calls arriving meanwhile wait for the probe)"""
    # Grounding: blocks with invented/contradicting facts or low coverage are regenerated
    # once, then kept with a warning ("warn") or left out of the page ("drop").
    grounding_action: str = "drop"
    """a block failing the grounding check twice is dropped or kept with a warning (`warn`); coverage is not required when the page language differs from the input's (`controls.language`/`translate`), numbers and claims always are"""
    # slots: the LLM fills typed template slots (structure fixed); freeform: it may also
    # rewrite the rendered HTML, kept only when sanitized and structurally unchanged.
    block_mode: str = "slots"
    """`slots`: the LLM fills typed template slots; `freeform`: it may also reword the rendered block, kept only when sanitized, structurally unchanged and grounded"""
    grounding_min_coverage: float = 0.8
    """a block failing the grounding check twice is dropped or kept with a warning (`warn`); coverage is not required when the page language differs from the input's (`controls.language`/`translate`), numbers and claims always are"""
    # USD per 1M tokens (input/output) and per image, by model; JSON in the environment.
    price_table: dict[str, dict[str, float]] = {
        "gpt-4o-mini": {"input_per_1m": 0.15, "output_per_1m": 0.60},
        "black-forest-labs/FLUX.1-schnell": {"per_image": 0.0027},
        "black-forest-labs/FLUX.1-kontext-dev": {"per_image": 0.025},
    }
    """JSON `{"model": {"input_per_1m", "output_per_1m", "per_image"}}` (USD) for cost estimates"""
    # Largest provider image download (the fetcher and its private-address exceptions,
    # fetch_allow_private, are shared with user uploads below).
    fetch_max_bytes: int = 20_000_000
    """largest provider image download (same SSRF-safe fetcher as uploads, see `PDP_FETCH_ALLOW_PRIVATE`)"""
    # Injected per-call latency of the offline provider (ms); used by tests and bench/ to model
    # real LLM/image latency without the network.
    offline_llm_latency_ms: float = 0.0
    """injected latency of the offline provider (tests, benchmarks): the median per call"""
    offline_image_latency_ms: float = 0.0
    """injected latency of the offline provider (tests, benchmarks): the median per call"""
    # Fault injection for drills: block calls of products whose name contains one of these
    # comma-separated markers take offline_slow_ms longer.
    offline_slow_products: str = ""
    """fault injection: block calls of products whose name contains a marker take this much longer (drills)"""
    offline_slow_ms: float = 0.0
    """fault injection: block calls of products whose name contains a marker take this much longer (drills)"""
    # sigma > 0 turns the latency into a lognormal around that median (seeded per call, so a
    # run is reproducible); 0 keeps it constant.
    offline_llm_latency_sigma: float = 0.0
    """sigma > 0: lognormal latency around that median, drawn per call from (seed, call) so runs repeat; 0: constant"""
    offline_image_latency_sigma: float = 0.0
    """sigma > 0: lognormal latency around that median, drawn per call from (seed, call) so runs repeat; 0: constant"""
    offline_latency_seed: int = 0
    """sigma > 0: lognormal latency around that median, drawn per call from (seed, call) so runs repeat; 0: constant"""

    # --- gateway --------------------------------------------------------------------------
    gateway_host: str = "127.0.0.1"
    """gateway bind address"""
    gateway_port: int = 8000
    """gateway bind address"""
    public_base_url: str = ""
    """prefix for image URLs in API results (empty: relative `/media/...`); an absolute upload URL on it is recognised as this gateway's own photo, and Together reads uploaded photos there (must be public for that; empty: sent inline)"""
    max_wait_s: float = 60.0
    """upper bound for `?wait=`"""
    gateway_db_pool: int = 8  # pooled connections (+ as many overflow) and 2× DB threads
    """gateway database connections (+ as many overflow); database calls run on as many threads. Accepted requests are recorded in batches (`gateway/intake.py`), so a few connections carry a high accept rate"""
    # Task progress streams (SSE, infra/db/task_listener.py): "push" reads a task's new events
    # when PostgreSQL notifies (one LISTEN connection per gateway); "poll" is the old loop,
    # one query per open stream every 0.25 s (kept for the benchmark's baseline and for a
    # database reachable only through a transaction-mode pooler).
    sse_source: Literal["push", "poll"] = "push"
    """progress streams (SSE): `push` reads a task's new events when PostgreSQL notifies (one LISTEN connection per gateway); `poll` is the old loop, one read per open stream every 0.25 s (docs/operations.md, "Progress streams")"""
    # Push: how often a stream re-reads anyway, in case a notification was lost.
    sse_recheck_s: float = Field(default=15.0, gt=0)
    """push: how often a stream re-reads anyway, in case a notification was lost"""
    # The LISTEN connection's URL when DATABASE_URL goes through a transaction-mode pooler
    # (LISTEN needs a session: PostgreSQL directly or a session-mode pool); unset: DATABASE_URL.
    listen_database_url: str | None = None
    """the LISTEN connection's URL when `DATABASE_URL` goes through a transaction-mode pooler (LISTEN needs a session: PostgreSQL directly or a session-mode pool; the prod PgBouncer component is one); unset: `DATABASE_URL`"""
    # Edge protection (gateway/protection.py).
    max_body_bytes: int = 256 * 1024
    """largest request body the gateway reads (larger: 413)"""
    rate_limit: str = "120/minute"  # per user, on generation requests; empty disables
    """per-seller budget of generation requests; `redis://host:6379` (with the `[redis]` extra) shares it between gateway replicas"""
    rate_limit_storage: str = "memory://"
    """per-seller budget of generation requests; `redis://host:6379` (with the `[redis]` extra) shares it between gateway replicas"""
    max_inflight_per_user: int = 200
    """unfinished page generations one user may have at once; the next gets 429"""
    backpressure_pending: int = 20_000
    """unfinished tasks of all users beyond which generation requests get 503 (before anything is recorded)"""
    cors_origins: list[str] = []
    """origins allowed to call the API from a browser (JSON list, e.g. `["https://seller.example.com"]`); empty: no CORS"""
    media_dir: Path | None = None
    """where images are stored; served at `/media`"""
    # Images (infra/storage.py, infra/fetch.py, gateway/routes/images.py).
    storage_backend: str = "local"  # local | s3
    """`local` (files under `PDP_MEDIA_DIR`, served at `/media`) or `s3`"""
    s3_bucket: str | None = None
    """S3-compatible storage (credentials from boto3's usual chain; needs the `[s3]` extra)"""
    s3_public_url: str | None = None
    """S3-compatible storage (credentials from boto3's usual chain; needs the `[s3]` extra)"""
    s3_endpoint_url: str | None = None
    """S3-compatible storage (credentials from boto3's usual chain; needs the `[s3]` extra)"""
    s3_region: str | None = None
    """S3-compatible storage (credentials from boto3's usual chain; needs the `[s3]` extra)"""
    s3_prefix: str = ""
    """S3-compatible storage (credentials from boto3's usual chain; needs the `[s3]` extra)"""
    upload_max_bytes: int = 10 * 1024 * 1024
    """largest uploaded/fetched image"""
    # Mining jobs (POST /api/mining-jobs, mining/upload.py): files per upload, one page's
    # size, the unpacked corpus and its page count. The request body may be as large as
    # mining_max_total_bytes (ZIPs are smaller than what they unpack to).
    mining_max_files: int = 200
    """a mining job's upload (`POST /api/mining-jobs`): files per upload, one page, the unpacked corpus (also the request body limit of that route, + 1 MiB), pages"""
    mining_max_page_bytes: int = 2 * 1024 * 1024
    """a mining job's upload (`POST /api/mining-jobs`): files per upload, one page, the unpacked corpus (also the request body limit of that route, + 1 MiB), pages"""
    mining_max_total_bytes: int = 50 * 1024 * 1024
    """a mining job's upload (`POST /api/mining-jobs`): files per upload, one page, the unpacked corpus (also the request body limit of that route, + 1 MiB), pages"""
    mining_max_pages: int = 5000
    """a mining job's upload (`POST /api/mining-jobs`): files per upload, one page, the unpacked corpus (also the request body limit of that route, + 1 MiB), pages"""
    fetch_timeout_s: float = 10.0
    """connect/read timeout per hop of the URL fetcher"""
    # Networks the URL fetcher lets through although private (e.g. "127.0.0.1/32"): for local
    # development and tests only; empty in production.
    fetch_allow_private: str = ""
    """networks the URL fetcher — and the edge check of `product_image_url` — let through although private (e.g. `127.0.0.1/32`) — **local development and tests only**"""
    # Users: "header" trusts X-User-Id from the upstream gateway; "jwt" needs a bearer token.
    auth_mode: str = "header"  # header | jwt
    """`header`: trust `X-User-Id` from the upstream gateway; `jwt`: bearer token, user = `sub`, bare `X-User-Id` refused"""
    jwt_secret: str | None = None  # HS256
    """HS256 secret, or RS256 PEM public key, or RS256 JWKS file"""
    jwt_public_key_file: Path | None = None  # RS256 (PEM)
    """HS256 secret, or RS256 PEM public key, or RS256 JWKS file"""
    jwt_jwks_file: Path | None = None  # RS256 (JWKS JSON)
    """HS256 secret, or RS256 PEM public key, or RS256 JWKS file"""
    jwt_audience: str | None = None
    """checked when set"""
    jwt_issuer: str | None = None
    """checked when set"""
    # Exports: image slices of a page (headless Chromium).
    chromium_path: str = "/usr/bin/chromium"
    """browser for image-slice export (never downloaded); tallest slice in px"""
    slice_max_height: int = 3000
    """browser for image-slice export (never downloaded); tallest slice in px"""
    # Where slice exports are rendered when this process has no browser (k8s: the gateway).
    slice_service_url: str = ""
    """base URL of the `pdp-slices` Deployment (`k8s/components/slices`, the image's `slices` target with Chromium): the gateway forwards slice exports (`format=slices`, image-only marketplace profiles) there with the caller's credentials; empty: this process renders them (needs the `[slices]` extra and Chromium)"""
    # Resource bounds per gateway process (gateway/bounds.py): concurrent uploads, slice
    # exports (one Chromium each) and template renders (previews, library saves); beyond
    # them a request gets 429 with Retry-After at once instead of queueing memory.
    upload_concurrency: int = 2
    """per gateway process: image uploads, slice exports (one Chromium each) and template renders (previews, library saves) at once; beyond that 429 with `Retry-After: PDP_BUSY_RETRY_AFTER_S` (`5`)"""
    slice_export_concurrency: int = 1
    """per gateway process: image uploads, slice exports (one Chromium each) and template renders (previews, library saves) at once; beyond that 429 with `Retry-After: PDP_BUSY_RETRY_AFTER_S` (`5`)"""
    preview_concurrency: int = 2
    """per gateway process: image uploads, slice exports (one Chromium each) and template renders (previews, library saves) at once; beyond that 429 with `Retry-After: PDP_BUSY_RETRY_AFTER_S` (`5`)"""
    busy_retry_after_s: int = 5
    """`Retry-After` (s) of the 429 answers when uploads, slice exports or previews are at their limit"""
    # Largest decoded bitmap of one upload (pagelogic/images/decode.py): checked from the header before
    # decoding; bigger JPEGs are decoded reduced, other formats refused (413).
    image_decode_budget_bytes: int = 32 * 1024 * 1024
    """largest decoded bitmap of one upload, checked from the header before decoding: bigger JPEGs are decoded at 1/2-1/8 scale, other formats get 413"""
    # Wall-clock limit of one template render in a preview (the sandbox also stops itself).
    preview_timeout_s: float = 5.0
    """wall-clock limit of a template preview render (the sandbox also limits output, repetition and steps)"""
    # Users (X-User-Id) allowed to change the template library and to publish raw messages;
    # comma-separated. In JWT mode a token whose roles claim holds jwt_admin_role counts too.
    admin_user_ids: str = ""
    """comma-separated `X-User-Id`s of operators: they change the template library (and use the editor's live preview) and may use `POST /api/generation/message`"""
    jwt_admin_role: str = "pdp-admin"
    """JWT mode: a token whose `roles` claim holds this role is an operator too"""
    # Kafka record signatures (producers/signing.py). Gateway and workers must share
    # message_key; unset, the processes of one machine share PDP_HOME/message.key. The
    # upstream key, when set, is shared with the commerce systems and required on
    # commerce.product-events; unset, that topic is trusted through broker ACLs alone.
    message_key: str = Field(default="", repr=False)
    """HMAC key that signs every record the service writes (`pdp-sig` header); gateway and workers must share it. Empty: the processes of one machine share `$PDP_HOME/message.key`"""
    # The PDP_HOME/message.key fallback; off in a cluster (k8s/base/configmap.yaml), where each
    # pod would make a key of its own and dead-letter every other pod's records.
    message_key_from_home: bool = True
    """allow that file fallback; `false` in k8s, where each pod would make its own key"""
    upstream_message_key: str = Field(default="", repr=False)
    """when set, product events must carry a `pdp-sig` made with this key (shared with the commerce systems); empty: the topic is trusted through broker ACLs"""

    log_level: str = "INFO"
    """log level"""

    # --- observability (docs/operations.md) ---------------------------------------------
    log_format: str = "json"        # json (one object per line, with task_id/trace_id) | text
    """`json` (one object per line with `task_id`, `stage`, `trace_id`) or `text`"""
    metrics_port: int = 9102        # worker's Prometheus /metrics port; 0 turns it off
    """worker's Prometheus `/metrics` and liveness `/healthz` (0: off); the gateway serves `/metrics` on its own port"""
    metrics_host: str = "0.0.0.0"   # worker's /metrics bind address (pods are scraped by IP)
    """worker's Prometheus `/metrics` and liveness `/healthz` (0: off); the gateway serves `/metrics` on its own port"""
    liveness_stall_s: float = 60.0  # worker /healthz fails when its event loop stalls longer
    """worker `/healthz` answers 503 when its event loop has not run for this long"""
    lag_interval_s: float = 5.0     # how often the gateway refreshes consumer lag; 0: off
    """how often the gateway reads consumer lag from Kafka (0: off)"""
    kafka_cluster_name: str = "pdp" # cluster_name label of the kafka-lag-exporter metrics
    """`cluster_name` label of the kafka-lag-exporter-named lag metrics (the Strimzi-named ones carry none)"""
    trace_exporter: str = "none"    # none | console | otlp (OTEL_EXPORTER_OTLP_ENDPOINT)
    """OpenTelemetry spans: `none` (ids in logs only), `console`, `otlp` (`OTEL_EXPORTER_OTLP_ENDPOINT`)"""

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
