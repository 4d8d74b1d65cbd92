"""The Alembic migrations build exactly the schema the models describe, and unwind."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from infra.db.models import Base
from infra.db.session import make_engine
from migrations.apply import alembic_config, upgrade
from tests.integration.support import create_database, drop_database

pytestmark = pytest.mark.integration


def test_migrations_match_the_models_and_downgrade_cleanly(pg_admin_url):
    url = create_database(pg_admin_url)
    try:
        upgrade(url)
        engine = make_engine(url, pooled=False)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
        command.downgrade(alembic_config(url), "base")
        upgrade(url)
        engine.dispose()
    finally:
        drop_database(pg_admin_url, url)
