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
    # Stages that wait on a provider (plan, block, image) hold a message for a whole API call
    # (~1 s LLM, ~3 s image), so 16 in flight capped a worker at ~2.5 pages/s (bench/FINDINGS.md);
    # they need concurrency sized for the calls in flight, not for CPU.
    provider_stage_concurrency: int = 128
    stage_max_attempts: int = 3
    retry_backoff_s: float = 0.5
    # Reconciler: tasks untouched for this long are re-driven; after max_redrives they fail.
    reconcile_interval_s: float = 5.0
    redrive_after_s: float = 60.0
    max_redrives: int = 5
    template_cache_ttl_s: float = 30.0

    # --- providers ------------------------------------------------------------------------
    provider: str = "auto"  # auto | offline | openai
    openai_api_key: str | None = Field(default=None, validation_alias=_env("OPENAI_API_KEY"))
    openai_base_url: str | None = Field(default=None, validation_alias=_env("OPENAI_BASE_URL"))
    together_api_key: str | None = Field(
        default=None, validation_alias=_env("TOGETHER_API_KEY")
    )
    # Injected per-call latency of the offline provider (ms); used by tests and bench/ to model
    # real LLM/image latency without the network.
    offline_llm_latency_ms: float = 0.0
    offline_image_latency_ms: float = 0.0
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
    media_dir: Path | None = None

    log_level: str = "INFO"

    @property
    def media_path(self) -> Path:
        return self.media_dir or (self.home / "media")

    def topic(self, name: str) -> str:
        return f"{self.topic_prefix}{name}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
