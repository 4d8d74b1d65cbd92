"""`pdp templates mine PAGES_DIR --out OUT [--clusters auto|N] [--load]`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

app = typer.Typer()
console = Console(stderr=True)


def _k(value: str) -> int | None:
    if value == "auto":
        return None
    if not value.isdigit() or int(value) < 1:
        raise typer.BadParameter("--clusters is 'auto' or a whole number ≥ 1")
    return int(value)


@app.command("mine")
def mine(pages: Annotated[Path, typer.Argument(exists=True, file_okay=False,
                                               help="folder of crawled detail pages (*.html)")],
         out: Annotated[Path, typer.Option("--out", file_okay=False, help="library folder to write")],
         clusters: Annotated[str, typer.Option(help="auto (by silhouette) or a number")] = "auto",
         load: Annotated[bool, typer.Option("--load", help="store the templates as drafts "
                                            "in the 'mined' category for an admin to approve")]
         = False) -> None:
    """Mine templates from crawled detail pages: sections → clusters → one template per
    cluster; OUT is a library folder (`pdp templates import OUT`) with mining-report.json."""
    from mining import run

    k = _k(clusters)
    paths = run.read_pages(pages)
    if not paths:
        raise typer.BadParameter(f"no .html pages in {pages}")
    with Progress(TextColumn("sections"), BarColumn(), MofNCompleteColumn(), console=console) as bar:
        task = bar.add_task("pages", total=len(paths))
        located = run.segment_pages(paths, lambda: bar.advance(task))
    with console.status(f"clustering {len(located)} sections…"):
        outcome = run.mine(located, k)
    run.write(out, outcome)
    console.print(f"{len(located)} sections in {len(paths)} pages → {outcome.report['k']} "
                  f"clusters, {len(outcome.library.templates)} templates written to {out}")
    for cid, reason in outcome.rejected:
        console.print(f"[yellow]cluster {cid} rejected:[/yellow] {reason}")
    if load:
        _load(outcome, run.example_source(located))


def _load(outcome, source) -> None:
    from mining.review import load_drafts
    from pdp.cli.templates import _session_scope

    engine, scope = _session_scope()
    try:
        with scope as session:
            counts = load_drafts(session, outcome.library, outcome.report, source)
    finally:
        engine.dispose()
    console.print(f"stored as drafts awaiting approval: {counts}")
