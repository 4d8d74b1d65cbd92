"""Run the gateway with uvicorn: `pdp gateway` (what a Kubernetes gateway Deployment runs)."""

from __future__ import annotations

import uvicorn

from gateway.app import create_app
from infra.observability.logs import logging_config
from infra.settings import Settings


def run_gateway(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    uvicorn.run(create_app(settings), host=host or settings.gateway_host,
                port=port or settings.gateway_port, log_level=settings.log_level.lower(),
                access_log=False, timeout_graceful_shutdown=5,
                log_config=logging_config(settings.log_level, settings.log_format))
