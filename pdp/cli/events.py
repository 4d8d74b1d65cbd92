"""`pdp produce products FILE` and `pdp consume results`: the event contracts from a shell."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from infra.settings import get_settings

produce_app = typer.Typer(help="Publish events like an upstream system.", no_args_is_help=True)
consume_app = typer.Typer(help="Read the pipeline's output topics.", no_args_is_help=True)
console = Console(stderr=True)


def _bootstrap(bootstrap: str | None) -> str:
    value = bootstrap or get_settings().kafka_bootstrap_servers
    if not value:
        raise typer.BadParameter("set KAFKA_BOOTSTRAP_SERVERS or --bootstrap")
    return value


@produce_app.command("products")
def produce_products(
        file: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                             help=".jsonl (events or rows) or .csv rows")],
        rate: Annotated[float, typer.Option(help="events per second (0: as fast as possible)")] = 0.0,
        dry_run: Annotated[bool, typer.Option(help="validate and estimate only")] = False,
        yes: Annotated[bool, typer.Option("--yes", "-y", help="do not ask before publishing")] = False,
        strict: Annotated[bool, typer.Option(
            help="refuse the whole file (exit 2, nothing published) when any row is bad")] = False,
        follow: Annotated[bool, typer.Option(
            help="follow generation to the end (needs DATABASE_URL)")] = True,
        timeout: Annotated[float, typer.Option(help="stop following after S seconds")] = 600.0,
        bootstrap: Optional[str] = None) -> None:
    """Publish product events (ProductCreated/Updated/Deleted) to commerce.product-events.

    Every row is validated first; bad rows are reported with their file line and reasons and
    the good ones are published (--strict refuses the file instead). Then generation is
    followed to the end with a summary: done / failed / skipped and cost. Exit code: 0 all
    done or skipped, 1 a row was bad, failed or did not finish, 2 refused by --strict."""
    from pdp.cli import bulk
    from producers.estimate import estimate
    from producers.products import ProductEventProducer, read_batch

    settings = get_settings()
    batch = read_batch(file)
    total = len(batch.events) + len(batch.bad)
    if batch.bad:
        console.print(bulk.bad_rows_table(batch.bad, total))
    if strict and batch.bad:
        console.print(f"[red]refused[/red]: {len(batch.bad)} bad row(s) and --strict; "
                      "nothing was published")
        raise typer.Exit(2)
    events = [event for _, event in batch.events]
    pages = sum(1 for e in events if e.event_type != "product.deleted")
    offline = settings.provider == "offline" or not settings.openai_api_key
    llm = settings.price_table.get(settings.openai_model, {})
    image = settings.price_table.get(settings.together_image_model, {})
    cost = estimate(pages, offline=offline, usd_per_m_in=llm.get("input_per_1m", 0.0),
                    usd_per_m_out=llm.get("output_per_1m", 0.0),
                    usd_per_image=image.get("per_image", 0.0))
    console.print(f"{len(events)} valid events, up to {pages} pages to generate "
                  f"(~{cost.llm_calls} LLM calls, {cost.images} images); estimated cost "
                  f"[bold]${cost.usd:.2f}[/bold]{' (offline provider)' if offline else ''}")
    if dry_run or not events:
        raise typer.Exit(1 if batch.bad else 0)
    if not yes and not typer.confirm("publish?", default=True):
        raise typer.Exit(1)
    following = follow and bool(settings.database_url)
    if follow and not following:
        console.print("[yellow]DATABASE_URL is not set: generation is not followed[/yellow]")
    since = bulk.database_clock(settings.database_url) if following else None

    async def run() -> None:
        async with ProductEventProducer(settings, _bootstrap(bootstrap)) as producer:
            with Progress(TextColumn("publishing"), BarColumn(), MofNCompleteColumn(),
                          TimeElapsedColumn(), console=console) as bar:
                task = bar.add_task("events", total=len(events))
                started = time.monotonic()
                for n, event in enumerate(events, start=1):
                    await producer.publish(event)
                    bar.advance(task)
                    if rate > 0:
                        await asyncio.sleep(max(0.0, started + n / rate - time.monotonic()))

    asyncio.run(run())
    console.print(f"[green]published[/green] {len(events)} events")
    if not following:
        raise typer.Exit(1 if batch.bad else 0)
    summary = bulk.BulkSummary(bulk.follow(settings.database_url, batch.events, since,
                                           timeout, console), batch.bad)
    if (failures := bulk.failures_table(summary)) is not None:
        console.print(failures)
    console.print(bulk.summary_table(summary))
    raise typer.Exit(0 if summary.ok else 1)


@consume_app.command("results")
def consume_results(
        status: Annotated[bool, typer.Option(help="also print status events")] = False,
        from_beginning: Annotated[bool, typer.Option(help="start at the oldest record")] = False,
        max_records: Annotated[int, typer.Option("--max", help="stop after N records (0: never)")] = 0,
        timeout: Annotated[float, typer.Option(help="stop after S seconds idle (0: never)")] = 0.0,
        bare: Annotated[bool, typer.Option(
            "--bare", help="print each event as it was published (the record's value "
                           "only), without the envelope")] = False,
        bootstrap: Optional[str] = None) -> None:
    """Print page-generated (and optionally status) events as JSON lines.

    Each line is an envelope: {"topic", "partition", "offset", "key", "value"}.

    "value" is the event as published (PageGenerated, TaskStatusChanged), "key" its task id.

    A record that is not JSON has "value": null and an "error".

    --bare prints each event itself, as published (records that are not JSON are skipped).
    """
    from producers.reader import follow

    settings = get_settings()
    topic_names = [settings.topic("pdp.results")] + ([settings.topic("pdp.status")] if status else [])
    from producers.kafka_security import client_options

    for record in follow(_bootstrap(bootstrap), topic_names, options=client_options(settings),
                         from_beginning=from_beginning,
                         max_records=max_records, idle_timeout=timeout):
        if not bare:
            typer.echo(json.dumps(record, ensure_ascii=False))
        elif record.get("value") is None:
            console.print(f"skipped {record['topic']}[{record['partition']}]@{record['offset']}: "
                          f"{record.get('error', 'empty value')}")
        else:
            typer.echo(json.dumps(record["value"], ensure_ascii=False))


dlq_app = typer.Typer(help="Dead-letter topic: inspect and replay.", no_args_is_help=True)


@dlq_app.command("list")
def dlq_list(bootstrap: Optional[str] = None) -> None:
    """Show every dead letter: where it came from and why it failed."""
    from rich.table import Table

    from producers.dlq import read_dead_letters

    table = Table("offset", "from", "stage", "task", "error", show_lines=False)
    entries = read_dead_letters(_bootstrap(bootstrap), get_settings())
    for entry in entries:
        letter = entry.letter
        if letter is None:
            table.add_row(str(entry.offset), "?", "?", "-",
                          f"[red]{entry.problem}[/red] {entry.preview!r}")
            continue
        where = f"{letter.source_topic}[{letter.partition}]@{letter.offset}"
        error = letter.error[:120] if entry.problem is None else \
            f"[red]{entry.problem}[/red] {letter.error[:80]}"
        table.add_row(str(entry.offset), where, letter.stage, letter.task_id or "-", error)
    Console().print(table)
    bad = sum(1 for e in entries if not e.replayable)
    console.print(f"{len(entries)} dead letters" + (f", {bad} untrusted or unreadable" if bad else ""))


@dlq_app.command("replay")
def dlq_replay(offsets: Annotated[Optional[list[int]], typer.Argument(
                   help="DLQ offsets to replay (see `pdp dlq list`)")] = None,
               all_letters: Annotated[bool, typer.Option("--all")] = False,
               bootstrap: Optional[str] = None) -> None:
    """Re-publish dead letters (original bytes and headers) to their source topics."""
    from producers.dlq import read_dead_letters, replay

    if not offsets and not all_letters:
        raise typer.BadParameter("give DLQ offsets or --all")
    entries = read_dead_letters(_bootstrap(bootstrap), get_settings())
    chosen = [e for e in entries if all_letters or e.offset in (offsets or [])]
    refused = [e for e in chosen if not e.replayable]
    for entry in refused:
        console.print(f"[yellow]skipped offset {entry.offset}[/yellow]: {entry.problem}")
    count = asyncio.run(replay(_bootstrap(bootstrap), get_settings(),
                               [e.letter for e in chosen if e.replayable]))
    console.print(f"replayed {count} dead letters")
