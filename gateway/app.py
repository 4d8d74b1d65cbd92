"""create_app(): the gateway's FastAPI application. The lifespan owns the database engine and
the Kafka producer; nothing connects at import time."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from gateway import errors
from gateway.protection import BodyLimitAndHeaders, RateLimiter
from gateway.routes import generation, sellers, template_sets, templates, ui
from gateway.state import GatewayState
from pdp.db.session import make_engine, make_sessionmaker
from pdp.settings import Settings, get_settings
from pdp.storage import MEDIA_PREFIX, LocalStorage
from producers.kafka import BrokerUnavailable, KafkaPublisher

log = logging.getLogger("pdp.gateway")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    if not settings.database_url or not settings.kafka_bootstrap_servers:
        raise SystemExit("the gateway needs DATABASE_URL and KAFKA_BOOTSTRAP_SERVERS "
                         "(or run `pdp up` for the embedded stack)")

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        engine = make_engine(settings.database_url)
        publisher = KafkaPublisher(settings.kafka_bootstrap_servers,
                                   idempotence=settings.kafka_idempotence,
                                   request_timeout_ms=settings.kafka_request_timeout_ms,
                                   client_id="pdp-gateway")
        try:
            await publisher.start()
        except BrokerUnavailable as exc:  # start anyway: readiness says DOWN, requests get 503
            log.warning("Kafka not reachable at start-up: %s", exc)
        app.state.pdp = GatewayState(settings=settings, sessions=make_sessionmaker(engine),
                                     publisher=publisher, storage=LocalStorage(settings.media_path),
                                     limiter=RateLimiter(settings))
        yield
        await publisher.stop()
        engine.dispose()

    app = FastAPI(title="Product Details Service", version="0.1.0", lifespan=lifespan,
                  description="Generates product detail pages (상세페이지) through a Kafka "
                              "pipeline. Authenticate with the X-User-Id header.")
    errors.install(app)
    app.add_middleware(BodyLimitAndHeaders, max_body=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                           allow_methods=["GET", "POST", "PUT", "DELETE"],
                           allow_headers=["Content-Type", "X-User-Id", "Last-Event-ID",
                                          "Authorization"])
    app.include_router(generation.router)
    app.include_router(sellers.router)
    app.include_router(templates.router)
    app.include_router(template_sets.router)
    settings.media_path.mkdir(parents=True, exist_ok=True)
    app.mount(MEDIA_PREFIX, StaticFiles(directory=settings.media_path), name="media")
    ui.install(app)  # the seller web UI at /ui (docs/ui.md)
    return app
