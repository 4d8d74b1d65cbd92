"""Run one worker: `pdp worker` (what a Kubernetes worker Deployment runs)."""

from __future__ import annotations

import logging

from infra.db.session import make_engine, make_sessionmaker
from infra.gc_tuning import tune_for_service
from infra.observability import metrics
from infra.observability.logs import logging_config
from infra.settings import Settings
from infra.storage import build_storage
from processors.app import STAGES, build_app
from processors.health import Heartbeat, serve
from processors.providers.bootstrap import build_providers
from processors.providers.instrumented import instrumented
from processors.runtime import Runtime
from producers.kafka import KafkaPublisher
from producers.signing import signer_for
from producers.topics import ensure_topics_sync
from schemas.urls import allow_private_networks

log = logging.getLogger("pdp.worker")


def build_runtime(settings: Settings) -> Runtime:
    allow_private_networks(settings.fetch_allow_private)  # photo URLs in product events
    engine = make_engine(settings.database_url, pool_size=settings.stage_concurrency)
    signer = signer_for(settings)
    publisher = KafkaPublisher.from_settings(settings, "pdp-worker")
    return Runtime(settings=settings, sessions=make_sessionmaker(engine), publisher=publisher,
                   providers=instrumented(build_providers(settings)),
                   storage=build_storage(settings), signer=signer)


def run_worker(settings: Settings) -> None:
    if not settings.kafka_bootstrap_servers or not settings.database_url:
        raise SystemExit("pdp worker needs KAFKA_BOOTSTRAP_SERVERS and DATABASE_URL "
                         "(or run `pdp up` for the embedded stack)")
    ensure_topics_sync(settings)
    heartbeat = Heartbeat()
    if settings.metrics_port:
        serve(settings.metrics_host, settings.metrics_port, heartbeat, settings.liveness_stall_s)
        log.info("metrics on :%d/metrics, liveness on /healthz", settings.metrics_port)
    metrics.init_labels([stage for _, stage, _ in STAGES] + ["persist"],
                        metrics.TERMINAL_STATUSES)
    rt = build_runtime(settings)
    app = build_app(settings, rt)

    @app.timer(interval=1.0)
    async def beat() -> None:  # only a running event loop can move the heartbeat
        heartbeat.beat()

    log.info("worker starting: group=%s broker=%s provider=%s", settings.worker_group,
             settings.kafka_bootstrap_servers, rt.providers.name)
    from faust.worker import Worker

    tune_for_service()

    # Faust replaces the logging set-up when it starts: hand it ours (JSON, task/trace ids).
    worker = Worker(app, loglevel=settings.log_level.lower(), quiet=True,
                    redirect_stdouts=False,
                    logging_config=logging_config(settings.log_level, settings.log_format))
    # Faust's terminal spinner: at WARNING and above it sets the root logger to DEBUG and
    # spins on every record, so every library's debug call built a LogRecord (5 % of the
    # worker's CPU in the benchmark) and the log file began with terminal escape codes.
    worker.spinner = None
    worker.execute_from_commandline()
