"""Run one worker: `pdp worker` (what a Kubernetes worker Deployment runs)."""

from __future__ import annotations

import logging

from pdp.db.session import make_engine, make_sessionmaker
from pdp.settings import Settings
from pdp.storage import build_storage
from processors.app import build_app
from processors.providers.bootstrap import build_providers
from processors.runtime import Runtime
from producers.kafka import KafkaPublisher
from producers.topics import ensure_topics_sync

log = logging.getLogger("pdp.worker")


def build_runtime(settings: Settings) -> Runtime:
    engine = make_engine(settings.database_url, pool_size=settings.stage_concurrency)
    publisher = KafkaPublisher(settings.kafka_bootstrap_servers,
                               idempotence=settings.kafka_idempotence,
                               request_timeout_ms=settings.kafka_request_timeout_ms,
                               client_id="pdp-worker")
    return Runtime(settings=settings, sessions=make_sessionmaker(engine), publisher=publisher,
                   providers=build_providers(settings), storage=build_storage(settings))


def run_worker(settings: Settings) -> None:
    if not settings.kafka_bootstrap_servers or not settings.database_url:
        raise SystemExit("pdp worker needs KAFKA_BOOTSTRAP_SERVERS and DATABASE_URL "
                         "(or run `pdp up` for the embedded stack)")
    ensure_topics_sync(settings)
    rt = build_runtime(settings)
    app = build_app(settings, rt)
    log.info("worker starting: group=%s broker=%s provider=%s", settings.worker_group,
             settings.kafka_bootstrap_servers, rt.providers.name)
    from faust.worker import Worker

    Worker(app, loglevel=settings.log_level.lower(), quiet=True, redirect_stdouts=False).execute_from_commandline()
