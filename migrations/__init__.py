"""Alembic migrations. Run with `pdp db upgrade` (or `alembic -c migrations/alembic.ini`)."""
