"""Pooled connections are pinged only after sitting idle (infra/db/session.py): a connection
whose server process died while it was idle is replaced before anyone uses it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from infra.db import session as db_session

pytestmark = pytest.mark.integration


def _kill_pooled_backend(engine) -> None:
    """Terminate the server process behind the (only) pooled connection, then wait for it."""
    with engine.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    killer = db_session.make_engine(str(engine.url.render_as_string(hide_password=False)),
                                    pooled=False)
    with killer.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        conn.execute(text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid})
    killer.dispose()


def test_an_idle_connection_killed_by_the_server_is_replaced_before_use(pg_admin_url,
                                                                           monkeypatch):
    engine = db_session.make_engine(pg_admin_url, pool_size=1)
    try:
        _kill_pooled_backend(engine)
        monkeypatch.setattr(db_session, "PING_AFTER_IDLE_S", 0.0)  # it has been idle "long"
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 42")).scalar_one() == 42
    finally:
        engine.dispose()


def test_a_connection_used_moments_ago_is_not_pinged(pg_admin_url, monkeypatch):
    """The control: without the ping the dead connection reaches the caller, so the test
    above would fail if the checkout handler did nothing."""
    engine = db_session.make_engine(pg_admin_url, pool_size=1)
    try:
        _kill_pooled_backend(engine)
        monkeypatch.setattr(db_session, "PING_AFTER_IDLE_S", 3600.0)
        with pytest.raises(Exception, match="terminat|closed|connection"):
            with engine.connect() as conn:
                conn.execute(text("SELECT 42")).scalar_one()
    finally:
        engine.dispose()
