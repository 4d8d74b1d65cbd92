"""Apply Alembic migrations from code (used by `pdp db upgrade`, `pdp up` and the tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

import migrations
from infra.db.session import normalize_url


def alembic_config(url: str) -> Config:
    folder = Path(migrations.__file__).parent
    cfg = Config(str(folder / "alembic.ini"))
    cfg.set_main_option("script_location", str(folder))
    cfg.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)
