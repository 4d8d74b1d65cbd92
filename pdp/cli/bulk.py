"""`pdp produce products FILE`, the bulk part: report every bad row with its file line and
reasons, then follow the published rows through generation to the end (PostgreSQL holds
the truth: products, their tasks and pages) and sum up done / failed / skipped and cost."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from infra.db import products as product_repo
from infra.db.session import make_engine, make_sessionmaker, transaction
from producers.products import BadRow

ENDED = {"completed": "done", "failed": "failed", "skipped": "skipped"}


@dataclass
class Outcome:
    line: int
    seller_id: str
    product_id: str
    state: str = "waiting"
    error: str | None = None
    usd: float = 0.0


@dataclass
class BulkSummary:
    outcomes: list[Outcome] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)

    def count(self) -> Counter:
        return Counter(ENDED.get(o.state, "unfinished") for o in self.outcomes)

    @property
    def usd(self) -> float:
        return round(sum(o.usd for o in self.outcomes), 6)

    @property
    def ok(self) -> bool:
        counts = self.count()
        return not self.bad and not counts["failed"] and not counts["unfinished"]


def bad_rows_table(bad: list[BadRow], total: int) -> Table:
    table = Table("line", "reason (field: message)",
                  title=f"{len(bad)} of {total} row(s) not valid", title_justify="left")
    for row in bad:
        table.add_row(str(row.line), row.reason[:300])
    return table


def database_clock(database_url: str):
    factory = make_sessionmaker(make_engine(database_url, pooled=False))
    with transaction(factory) as session:
        return product_repo.database_now(session)


def follow(database_url: str, events: list[tuple[int, object]], since, timeout: float,
           console: Console, poll_s: float = 0.5) -> list[Outcome]:
    """Poll until every row's generation ended (done, failed or skipped) or ``timeout``."""
    outcomes = [Outcome(line, e.seller_id, e.product_id) for line, e in events]
    keys = [(e.seller_id, e.product_id, e.version) for _, e in events]
    factory = make_sessionmaker(make_engine(database_url, pooled=False))
    deadline = time.monotonic() + timeout
    with Progress(TextColumn("generating"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[counts]}"), TimeElapsedColumn(),
                  console=console) as bar:
        row = bar.add_task("rows", total=len(outcomes), counts="")
        while True:
            with transaction(factory) as session:
                found = product_repo.bulk_progress(session, keys, since)
            for outcome in outcomes:
                now = found[(outcome.seller_id, outcome.product_id)]
                outcome.state, outcome.error, outcome.usd = now.state, now.error, now.usd
            counts = Counter(ENDED.get(o.state, "running") for o in outcomes)
            ended = sum(counts[k] for k in ("done", "failed", "skipped"))
            bar.update(row, completed=ended, counts=" ".join(
                f"{k} {counts[k]}" for k in ("done", "failed", "skipped", "running")))
            if ended == len(outcomes) or time.monotonic() >= deadline:
                return outcomes
            time.sleep(poll_s)


def summary_table(summary: BulkSummary) -> Table:
    counts = summary.count()
    table = Table("done", "failed", "skipped", "not finished", "bad rows", "cost (USD)",
                  title="bulk run", title_justify="left")
    table.add_row(str(counts["done"]), str(counts["failed"]), str(counts["skipped"]),
                  str(counts["unfinished"]), str(len(summary.bad)), f"{summary.usd:.4f}")
    return table


def failures_table(summary: BulkSummary) -> Table | None:
    failed = [o for o in summary.outcomes if ENDED.get(o.state) in (None, "failed")]
    if not failed:
        return None
    table = Table("line", "product", "state", "error", title="rows not generated",
                  title_justify="left")
    for o in failed:
        table.add_row(str(o.line), f"{o.seller_id}/{o.product_id}",
                      "failed" if o.state == "failed" else f"not finished ({o.state})",
                      (o.error or "")[:200])
    return table
