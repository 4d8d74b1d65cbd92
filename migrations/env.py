"""Alembic environment: the URL comes from settings (DATABASE_URL) or the caller's config."""

from __future__ import annotations

from alembic import context

from infra.db.models import Base
from infra.db.session import make_engine, normalize_url

config = context.config


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        from infra.settings import get_settings

        url = get_settings().database_url
    if not url:
        raise RuntimeError("DATABASE_URL is not set")
    return normalize_url(url)


def run_offline() -> None:
    context.configure(url=_url(), target_metadata=Base.metadata, literal_binds=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    engine = make_engine(_url(), pooled=False)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
