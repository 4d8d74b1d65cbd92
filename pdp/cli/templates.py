"""`pdp templates load | export | import` — move template libraries between environments."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from infra.settings import get_settings

app = typer.Typer(help="Template library (files ⇄ PostgreSQL).", no_args_is_help=True)
console = Console(stderr=True)


def _session_scope():
    from infra.db.session import make_engine, make_sessionmaker, transaction

    url = get_settings().database_url
    if not url:
        raise typer.BadParameter("DATABASE_URL is not set")
    engine = make_engine(url, pooled=False)
    return engine, transaction(make_sessionmaker(engine))


def _load(folder: Path) -> None:
    from infra.db.seed import load_library

    engine, scope = _session_scope()
    try:
        with scope as session:
            counts = load_library(session, folder)
    finally:
        engine.dispose()
    console.print(f"loaded {folder}: {counts}")


@app.command("load")
def load(folder: Annotated[Optional[Path], typer.Argument(
        help="library folder (default: the starter library)")] = None) -> None:
    """Load the starter library (or a folder) into the database; unchanged files are skipped."""
    from infra.db.seed import STARTER_DIR

    _load(folder or STARTER_DIR)


@app.command("import")
def import_(folder: Annotated[Path, typer.Argument(exists=True, file_okay=False)]) -> None:
    """Import a library folder written by `pdp templates export` (upsert by key)."""
    _load(folder)


@app.command("export")
def export(folder: Annotated[Path, typer.Argument(file_okay=False)]) -> None:
    """Write every active template, category and template set to a folder."""
    from infra.db.seed import export_library
    from pagelogic.library.folder import write_library

    engine, scope = _session_scope()
    try:
        with scope as session:
            library = export_library(session)
    finally:
        engine.dispose()
    count = write_library(folder, library)
    console.print(f"exported {count} templates and {len(library.sets)} sets to {folder}")
