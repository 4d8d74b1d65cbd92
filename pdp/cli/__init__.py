"""The `pdp` command: run the service (up / worker / gateway), generate pages, admin tasks."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from infra.settings import get_settings
from pdp.cli.events import consume_app, dlq_app, produce_app
from pdp.cli.mining import app as mining_app
from pdp.cli.templates import app as templates_app

app = typer.Typer(help="Product Details Service — 상세페이지 generator.", no_args_is_help=True,
                  pretty_exceptions_show_locals=False)
db_app = typer.Typer(help="Database schema and seed data.", no_args_is_help=True)
topics_app = typer.Typer(help="Kafka topics.", no_args_is_help=True)
schemas_app = typer.Typer(help="Event contracts.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(topics_app, name="topics")
app.add_typer(schemas_app, name="schemas")
app.add_typer(produce_app, name="produce")
app.add_typer(consume_app, name="consume")
app.add_typer(dlq_app, name="dlq")
app.add_typer(templates_app, name="templates")
templates_app.add_typer(mining_app)  # `pdp templates mine` (pdp/cli/mining.py)
console = Console(stderr=True)


def _logging(service: str) -> None:
    """JSON logs (PDP_LOG_FORMAT) and tracing (PDP_TRACE_EXPORTER) for a long-running role."""
    from infra.observability.logs import setup_logging
    from infra.observability.tracing import setup_tracing

    settings = get_settings()
    setup_logging(settings.log_level, settings.log_format)
    setup_tracing(service, settings.trace_exporter)


@app.command()
def up(port: Annotated[int, typer.Option(help="gateway port")] = 8000,
       workers: Annotated[int, typer.Option(help="worker processes")] = 1) -> None:
    """Run everything on this machine with no configuration; a crashed part is restarted,
    Ctrl-C (or SIGTERM) stops it all."""
    from devtools.embedded.stack import Stack
    from devtools.embedded.supervisor import Supervisor

    stack = Stack(get_settings(), port=port, workers=workers)
    # SIGTERM stops the stack like Ctrl-C, also while it is still starting.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    try:
        stack.start(on_step=lambda m: console.print(f"[dim]·[/dim] {m}"))
        _supervision_log(stack.log_dir / "supervisor.log")
        # One address per line (a narrow terminal would wrap them mid-URL), the seller UI first.
        console.print("[bold green]ready[/bold green]", f"  seller UI  {stack.url}/ui/",
                      f"  gateway    {stack.url}/api/generation/", f"  docs       {stack.url}/docs",
                      f"  kafka      {stack.bootstrap}", f"  logs       {stack.log_dir}",
                      f"  metrics    {stack.url}/metrics "
                      + " ".join(w.metrics_url for w in stack.worker_procs),
                      sep="\n", soft_wrap=True)
        Supervisor(stack.supervised()).run()
    except KeyboardInterrupt:
        console.print("stopping…")
    finally:
        stack.stop()


def _supervision_log(path: Path) -> None:
    """Restarts go to the terminal and to PDP_HOME/logs/supervisor.log."""
    import logging

    log = logging.getLogger("pdp.supervisor")
    log.setLevel(logging.INFO)
    log.propagate = False
    for handler in (logging.StreamHandler(), logging.FileHandler(path, encoding="utf-8")):
        handler.setFormatter(logging.Formatter("%(asctime)s supervisor: %(message)s"))
        log.addHandler(handler)


@app.command()
def worker() -> None:
    """Run one pipeline worker against configured Kafka and PostgreSQL."""
    _logging("pdp-worker")
    from processors.worker import run_worker

    run_worker(get_settings())


@app.command()
def gateway(host: Optional[str] = None, port: Optional[int] = None) -> None:
    """Run the HTTP gateway against configured Kafka and PostgreSQL."""
    _logging("pdp-gateway")
    from gateway.server import run_gateway

    run_gateway(get_settings(), host, port)


@app.command()
def generate(files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False)],
             out: Annotated[Optional[Path], typer.Option("-o", "--out")] = None,
             api: Annotated[Optional[str], typer.Option(help="use a running gateway")] = None,
             timeout: float = 300.0) -> None:
    """Generate one standalone HTML page per product JSON file. A file that is refused or
    fails is reported at the end (file, reason) and the others are still written; the exit
    status is 1 when any failed."""
    from pdp.cli.generate import run_generate

    if api:
        report = run_generate(api, files, out, timeout)
    else:
        from devtools.embedded.stack import Stack

        with console.status("starting the pipeline (broker, database, worker, gateway)…"):
            stack = Stack(get_settings()).start()
        try:
            report = run_generate(stack.url, files, out, timeout)
        finally:
            stack.stop()
    for path in report.written:
        console.print(f"[green]wrote[/green] {path}")
    if report.failed:
        _print_failures(report.failed, len(files))
        raise typer.Exit(1)


def _print_failures(failed: list[tuple[Path, str]], total: int) -> None:
    from rich.table import Table

    table = Table(title=f"{len(failed)} of {total} file(s) not generated", title_justify="left")
    table.add_column("file", style="bold")
    table.add_column("reason", overflow="fold")
    for path, reason in failed:
        table.add_row(str(path), reason)
    console.print(table)


@app.command(name="eval")
def eval_(directory: Annotated[Path, typer.Argument(exists=True, file_okay=False,
                                                    help="folder of product JSON files")],
          provider: Annotated[str, typer.Option(
              help="offline, or auto: the configured provider (OpenAI when its key is set)")]
          = "offline") -> None:
    """Measure page quality over a corpus: repetition, facts used, invented numbers."""
    from pdp.cli.evaluate import run_eval
    from processors.providers.bootstrap import build_providers
    from processors.providers.offline import offline_providers

    providers = offline_providers() if provider == "offline" else build_providers(get_settings())
    raise typer.Exit(run_eval(providers, directory))


@app.command()
def lag(group: Annotated[Optional[str], typer.Option(help="consumer group")] = None,
        watch: Annotated[bool, typer.Option("--watch", "-w", help="refresh until Ctrl-C")] = False,
        interval: Annotated[float, typer.Option(help="seconds between refreshes")] = 2.0) -> None:
    """Consumer lag per group, topic and partition (log end − committed offset)."""
    from pdp.cli.lag import run_lag

    settings = get_settings()
    if not settings.kafka_bootstrap_servers:
        raise typer.BadParameter("KAFKA_BOOTSTRAP_SERVERS is not set")
    run_lag(settings, group or settings.worker_group, watch, interval)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply migrations and load the starter template library."""
    from devtools.embedded.stack import prepare_database

    url = get_settings().database_url
    if not url:
        raise typer.BadParameter("DATABASE_URL is not set")
    console.print(prepare_database(url))


@topics_app.command("create")
def topics_create() -> None:
    """Create every declared topic with its partition count."""
    from producers.topics import ensure_topics_sync

    for name, partitions in ensure_topics_sync(get_settings()).items():
        console.print(f"{name}: {partitions} partitions")


@schemas_app.command("export")
def schemas_export(folder: Annotated[Path, typer.Argument()] = Path("docs/schemas")) -> None:
    """Write the JSON Schemas of every event contract into FOLDER."""
    from schemas.export import json_schemas

    folder.mkdir(parents=True, exist_ok=True)
    for name, text in json_schemas().items():
        (folder / name).write_text(text, encoding="utf-8")
        console.print(f"wrote {folder / name}")
@app.command("fake-ai")
def fake_ai(port: Annotated[int, typer.Option(help="port")] = 8900,
            rules: Annotated[Optional[Path], typer.Option(help="JSON list of rules (devtools/fakeai/rules.py)",
                                                        exists=True, dir_okay=False)] = None,
            image_format: Annotated[str, typer.Option(help="url | b64_json")] = "url") -> None:
    """Serve a local fake of the OpenAI and Together APIs (no network, no cost)."""
    import json

    from devtools.fakeai.server import FakeAIServer

    server = FakeAIServer(port=port, image_format=image_format)
    if rules:
        server.set_rules(json.loads(rules.read_text(encoding="utf-8")))
    server.start()
    console.print(f"fake AI server on {server.url}; run the stack with:")
    for key, value in server.env().items():
        console.print(f"  export {key}={value}")
    try:
        while server.thread.is_alive():
            time.sleep(0.5)
    except KeyboardInterrupt:
        server.stop()


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"pdp {version('product-details-service')}")
        raise typer.Exit()


@app.callback()
def _root(_version_flag: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="print the version and exit")] = False
          ) -> None:
    """Product Details Service — 상세페이지 generator."""


def unreachable(exc: BaseException) -> str | None:
    """One line for an unreachable broker or database or a missing optional package (the
    extra to install), None for any other error."""
    from aiokafka.errors import KafkaConnectionError, KafkaError
    from sqlalchemy.exc import InterfaceError, OperationalError

    from producers.kafka import BrokerUnavailable

    from infra.extras import MissingExtra

    if isinstance(exc, MissingExtra):
        return str(exc)
    settings = get_settings()
    if isinstance(exc, (BrokerUnavailable, KafkaConnectionError, KafkaError)):
        return (f"cannot reach Kafka at {settings.kafka_bootstrap_servers or '(not set)'}: "
                f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
    if isinstance(exc, (OperationalError, InterfaceError)):
        first = str(exc.orig if getattr(exc, "orig", None) else exc).strip().splitlines()
        return f"cannot reach PostgreSQL: {first[0] if first else type(exc).__name__}"
    return None


def main() -> None:
    try:
        app()
    except Exception as exc:  # noqa: BLE001 - infrastructure errors get one line, no traceback
        line = unreachable(exc)
        if line is None:
            raise
        from rich.markup import escape  # "[embedded]" in a line is text, not markup

        console.print(f"[red]error:[/red] {escape(line)}", highlight=False)
        raise SystemExit(2) from None
