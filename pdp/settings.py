"""All configuration, read from environment variables (pydantic-settings).

Well-known names (DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS, OPENAI_API_KEY, ...) are read as they
are; everything specific to this service carries the PDP_ prefix. The README's configuration
table is the user-facing copy of this file: keep them in step.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
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
    stage_max_attempts: int = 3
    retry_backoff_s: float = 0.5
    # How long a stage waits out an unreachable PostgreSQL/Kafka before failing the task.
    outage_budget_s: float = 300.0
    # Reconciler: tasks untouched for this long are re-driven; after max_redrives they fail.
    reconcile_interval_s: float = 5.0
    redrive_after_s: float = 60.0
    max_redrives: int = 5
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
    # Price table for estimates (USD): gpt-4o-mini per million tokens, FLUX per image.
    price_llm_in_per_m: float = 0.15
    price_llm_out_per_m: float = 0.60
    price_image: float = 0.003
    # Injected per-call latency of the offline provider (ms); used by tests and bench/ to model
    # real LLM/image latency without the network.
    offline_llm_latency_ms: float = 0.0
    offline_image_latency_ms: float = 0.0

    # --- gateway --------------------------------------------------------------------------
    gateway_host: str = "127.0.0.1"
    gateway_port: int = 8000
    public_base_url: str = ""
    max_wait_s: float = 60.0
    # Edge protection (gateway/protection.py).
    max_body_bytes: int = 256 * 1024
    rate_limit: str = "120/minute"  # per user, on generation requests; empty disables
    rate_limit_storage: str = "memory://"
    max_inflight_per_user: int = 200
    backpressure_pending: int = 20_000
    cors_origins: list[str] = []
    media_dir: Path | None = None
    # Images (pdp/storage.py, pdp/fetch.py, gateway/routes/images.py).
    storage_backend: str = "local"  # local | s3
    s3_bucket: str | None = None
    s3_public_url: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str | None = None
    s3_prefix: str = ""
    upload_max_bytes: int = 10 * 1024 * 1024
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
    # Users (X-User-Id) allowed to change the template library; comma-separated.
    admin_user_ids: str = ""

    log_level: str = "INFO"

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
