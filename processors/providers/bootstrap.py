"""Build the providers a worker uses from settings."""

from __future__ import annotations

import logging

from pdp.settings import Settings
from processors.providers.base import Providers
from processors.providers.latency import LatencyModel
from processors.providers.offline import offline_providers

log = logging.getLogger(__name__)


class ProviderConfigError(Exception):
    pass


def build_providers(settings: Settings) -> Providers:
    choice = settings.provider
    if choice in ("auto", "offline"):
        if choice == "auto" and settings.openai_api_key:
            log.warning("OPENAI_API_KEY is set but the OpenAI provider is not built yet; "
                        "using the offline provider")
        return offline_providers(
            LatencyModel(settings.offline_llm_latency_ms, settings.offline_llm_latency_sigma,
                         settings.offline_latency_seed),
            LatencyModel(settings.offline_image_latency_ms, settings.offline_image_latency_sigma,
                         settings.offline_latency_seed))
    raise ProviderConfigError(f"unknown or unavailable provider {choice!r} (PDP_PROVIDER)")
