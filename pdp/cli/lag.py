"""`pdp lag [--watch]`: a table of consumer lag per group, topic and partition."""

from __future__ import annotations

import asyncio

from rich.console import Console
from rich.live import Live
from rich.table import Table

from infra.settings import Settings
from producers.lag import LagReader, PartitionLag
from producers.lag_export import worker_topics


def lag_table(rows: list[PartitionLag]) -> Table:
    table = Table(title="consumer lag (log end − committed)")
    for name in ("group", "topic", "partition", "log end", "committed", "lag"):
        table.add_column(name, justify="right" if name not in ("group", "topic") else "left")
    for r in rows:
        table.add_row(r.group, r.topic, str(r.partition), str(r.log_end),
                      "—" if r.committed is None else str(r.committed),
                      f"[bold red]{r.lag}[/bold red]" if r.lag else "0")
    table.add_section()
    table.add_row("total", "", "", "", "", str(sum(r.lag for r in rows)))
    return table


def run_lag(settings: Settings, group: str, watch: bool, interval: float) -> None:
    console = Console()
    reader = LagReader(settings.kafka_bootstrap_servers, settings.kafka_request_timeout_ms)
    topics = worker_topics(settings)

    async def main() -> None:
        try:
            rows = await reader.read(group, topics)
            if not watch:
                console.print(lag_table(rows))
                return
            with Live(lag_table(rows), console=console, auto_refresh=False) as live:
                while True:
                    await asyncio.sleep(interval)
                    live.update(lag_table(await reader.read(group, topics)), refresh=True)
        finally:
            await reader.stop()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
