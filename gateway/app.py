"""create_app(): the gateway's FastAPI application. The lifespan owns the database engine and
the Kafka producer; nothing connects at import time."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from fastapi import FastAPI, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from gateway import deps, errors
from gateway.boundary import ErrorBoundary
from gateway.input_guard import InputGuard
from gateway.intake import Intake
from gateway.observability import ObservabilityMiddleware
from gateway.protection import BodyLimitAndHeaders, RateLimiter
from gateway.routes import (
    exports,
    generation,
    images,
    notice,
    page_edits,
    pages,
    products,
    sellers,
    template_sets,
    templates,
    ui,
)
from gateway.routes import mining as mining_api
from gateway.routes import mining_jobs
from gateway.state import GatewayState
from infra.db.session import make_engine, make_sessionmaker
from infra.db.task_listener import TaskListener
from infra.gc_tuning import tune_for_service
from infra.observability import metrics
from infra.settings import Settings, get_settings
from infra.storage import MEDIA_PREFIX, build_storage
from producers.kafka import BrokerUnavailable, KafkaPublisher
from producers.lag_export import LagMonitor
from schemas.urls import allow_private_networks

log = logging.getLogger("pdp.gateway")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    if not settings.database_url or not settings.kafka_bootstrap_servers:
        raise SystemExit("the gateway needs DATABASE_URL and KAFKA_BOOTSTRAP_SERVERS "
                         "(or run `pdp up` for the embedded stack)")
    allow_private_networks(settings.fetch_allow_private)  # the edge check of photo URLs

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        engine = make_engine(settings.database_url, pool_size=settings.gateway_db_pool)
        # Database calls run on threads (psycopg2 blocks): one thread per pooled connection.
        # More threads than pooled connections made the pool open and close overflow
        # connections all the time under load (a PostgreSQL backend start each).
        asyncio.get_running_loop().set_default_executor(
            ThreadPoolExecutor(max_workers=settings.gateway_db_pool,
                               thread_name_prefix="pdp-db"))
        publisher = KafkaPublisher.from_settings(settings, "pdp-gateway")
        try:
            await publisher.start()
        except BrokerUnavailable as exc:  # start anyway: readiness says DOWN, requests get 503
            log.warning("Kafka not reachable at start-up: %s", exc)
        sessions = make_sessionmaker(engine)
        intake = Intake(sessions, settings)
        listener = None
        if settings.sse_source == "push":  # one LISTEN connection for all streams
            listener = TaskListener(settings.listen_database_url or settings.database_url,
                                    on_state=metrics.listener_state)
            metrics.SSE_STREAMS.set_function(listener.subscriber_count)
            await listener.start()
        app.state.pdp = GatewayState(settings=settings, sessions=sessions,
                                     publisher=publisher, storage=build_storage(settings),
                                     limiter=RateLimiter(settings), intake=intake,
                                     listener=listener)
        # Consumer lag is read here, not in the workers: a stopped worker still shows its lag.
        lag_task = (asyncio.create_task(LagMonitor(settings).run())
                    if settings.lag_interval_s > 0 else None)
        tune_for_service()
        yield
        if lag_task is not None:
            lag_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await lag_task
        if listener is not None:
            await listener.stop()
        await intake.close()
        app.state.pdp.bounds.close()
        await publisher.stop()
        engine.dispose()

    # telemetry off: ObservabilityMiddleware already makes the one server span per request
    # (with X-Trace-Id and the Prometheus histogram); FastAPI's native telemetry added a
    # second span and an operation span to every request once a tracer provider exists.
    app = FastAPI(title="Product Details Service", version="0.1.0", lifespan=lifespan,
                  telemetry={"tracing": False, "metrics": False, "logs": False},
                  description="Generates product detail pages (상세페이지) through a Kafka "
                              "pipeline. Authenticate with the X-User-Id header.")
    metrics.init_labels([], ("accepted",))
    errors.install(app)
    # Innermost first: the input policy sees bodies already capped by the size limit; the
    # error boundary's 500 still gets the security, CORS and trace headers added outside it.
    app.add_middleware(InputGuard, route_templates=lambda: list(app.openapi()["paths"]))
    app.add_middleware(ErrorBoundary)
    app.add_middleware(BodyLimitAndHeaders, max_body=settings.max_body_bytes,
                       large={images.UPLOAD_PATH + "/file": settings.upload_max_bytes + 64 * 1024,
                              # a corpus: its pages (or ZIPs) plus the multipart framing
                              mining_jobs.UPLOAD_PATH: settings.mining_max_total_bytes
                              + 1024 * 1024})
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                           allow_methods=["GET", "POST", "PUT", "DELETE"],
                           allow_headers=["Content-Type", "X-User-Id", "Last-Event-ID",
                                          "Authorization"])
    app.include_router(generation.router)
    app.include_router(sellers.router)
    app.include_router(templates.router)
    app.include_router(template_sets.router)
    for resource in (products, pages, page_edits, images, exports, notice):
        app.include_router(resource.router)
    app.include_router(mining_api.router)  # template feedback, stats, mined drafts (#19)
    app.include_router(mining_jobs.router)  # mining as a queued job (#19)
    app.add_middleware(ObservabilityMiddleware)

    @app.get("/metrics", include_in_schema=False)
    def prometheus_metrics() -> Response:  # plain def: runs in a thread, off the event loop
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    settings.media_path.mkdir(parents=True, exist_ok=True)
    app.mount(MEDIA_PREFIX, StaticFiles(directory=settings.media_path), name="media")
    ui.install(app)  # the seller web UI at /ui (docs/ui.md)
    deps.document_auth(app)
    return app
