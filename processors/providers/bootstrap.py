"""Build the providers a worker uses from settings.

PDP_PROVIDER=auto picks OpenAI (+ Together for images when TOGETHER_API_KEY is set) when
OPENAI_API_KEY is set, else the offline provider; `openai` insists on the real providers;
`offline` never calls the network.
"""

from __future__ import annotations

import logging

from infra.settings import Settings
from processors.providers.base import Providers
from processors.providers.latency import LatencyModel
from processors.providers.offline import OfflineImages, offline_providers

log = logging.getLogger(__name__)


class ProviderConfigError(Exception):
    pass


def _resilience(settings: Settings, name: str):
    from processors.providers.resilience import CircuitBreaker, RateLimiter, Resilience

    return Resilience(
        name, concurrency=settings.provider_concurrency,
        max_attempts=settings.provider_max_attempts, backoff_s=settings.provider_backoff_s,
        max_backoff_s=settings.provider_max_backoff_s, deadline_s=settings.provider_deadline_s,
        breaker=CircuitBreaker(settings.provider_breaker_threshold,
                               settings.provider_breaker_reset_s, name=name),
        rate_limiter=RateLimiter(settings.provider_rate_per_s))


def real_providers(settings: Settings) -> Providers:
    # Imported here: the SDKs are only loaded by workers that use them.
    from openai import AsyncOpenAI

    from processors.providers.openai_llm import (
        OpenAIChat,
        OpenAIPlanner,
        OpenAIRewriter,
        OpenAIWriter,
    )

    client = AsyncOpenAI(api_key=settings.openai_api_key, base_url=settings.openai_base_url,
                         timeout=settings.openai_timeout_s, max_retries=0)
    chat = OpenAIChat(client, settings.openai_model, settings.openai_temperature,
                      _resilience(settings, "openai"), settings.price_table)
    images = OfflineImages(settings.offline_image_latency_ms)
    name = "openai"
    if settings.together_api_key:
        from together import AsyncTogether

        from processors.providers.fetch import SafeFetcher
        from processors.providers.together_images import TogetherImages

        together = AsyncTogether(api_key=settings.together_api_key,
                                 base_url=settings.together_base_url,
                                 timeout=settings.provider_deadline_s, max_retries=0)
        images = TogetherImages(
            together, model=settings.together_image_model,
            edit_model=settings.together_edit_model, steps=settings.together_steps,
            translate=chat.to_english,
            fetcher=SafeFetcher(allow_private=settings.fetch_allow_private,
                                max_bytes=settings.fetch_max_bytes),
            resilience=_resilience(settings, "together"), prices=settings.price_table)
        name = "openai+together"
    return Providers(name=name, planner=OpenAIPlanner(chat), writer=OpenAIWriter(chat),
                     images=images, rewriter=OpenAIRewriter(chat))


def build_providers(settings: Settings) -> Providers:
    choice = settings.provider
    if choice == "openai" or (choice == "auto" and settings.openai_api_key):
        if not settings.openai_api_key:
            raise ProviderConfigError("PDP_PROVIDER=openai needs OPENAI_API_KEY")
        providers = real_providers(settings)
        log.info("providers: %s (model %s)", providers.name, settings.openai_model)
        return providers
    if choice in ("auto", "offline"):
        return offline_providers(
            LatencyModel(settings.offline_llm_latency_ms, settings.offline_llm_latency_sigma,
                         settings.offline_latency_seed),
            LatencyModel(settings.offline_image_latency_ms, settings.offline_image_latency_sigma,
                         settings.offline_latency_seed),
            tuple(m for m in settings.offline_slow_products.split(",") if m.strip()),
            settings.offline_slow_ms)
    raise ProviderConfigError(f"unknown provider {choice!r} (PDP_PROVIDER: auto|offline|openai)")
