"""Publish upstream product events the way a commerce system would.

Importable (``ProductEventProducer``) for upstream Python code, and behind
``pdp produce products FILE.(jsonl|csv)`` for bulk catalogues.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from infra.settings import Settings
from producers.kafka import Delivery, KafkaPublisher
from schemas.product_events import PRODUCT_EVENT, ProductCreated
from schemas.topics import PRODUCT_EVENTS


class ProductEventProducer:
    """``async with ProductEventProducer(settings) as p: await p.publish(event)``."""

    def __init__(self, settings: Settings, bootstrap: str | None = None):
        self._topic = settings.topic(PRODUCT_EVENTS.name)
        self._publisher = KafkaPublisher.from_settings(settings, "pdp-product-producer",
                                                       bootstrap=bootstrap)

    async def __aenter__(self) -> "ProductEventProducer":
        await self._publisher.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self._publisher.stop()

    async def publish(self, event) -> Delivery:
        """Publish one ProductCreated / ProductUpdated / ProductDeleted, keyed by product id."""
        return await self._publisher.send(self._topic, event.model_dump_json().encode(),
                                          key=event.product_id)


@dataclass
class BadRow:
    """A row that is not a valid event: its line in the file (where the record starts; a
    quoted cell may span lines) and every (field, message) wrong with it."""

    line: int
    problems: list[tuple[str, str]]

    @property
    def reason(self) -> str:
        return "; ".join(f"{field}: {message}" for field, message in self.problems)


@dataclass
class Batch:
    events: list[tuple[int, object]] = field(default_factory=list)  # (file line, event)
    bad: list[BadRow] = field(default_factory=list)


def _problems(exc: ValidationError) -> list[tuple[str, str]]:
    out = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ())]
        if loc[:1] == ["product"]:  # CSV columns are the payload's fields, flat
            loc = loc[1:]
        out.append((".".join(loc) or "row", error.get("msg", "invalid")))
    return out


def _number(row: dict, key: str, kind: type, problems: list[tuple[str, str]]):
    value = row.get(key)
    if value in (None, ""):
        return None
    try:
        return kind(value)
    except (TypeError, ValueError):
        problems.append((key, f"not a number: {str(value)[:40]!r}"))
        return None


def _row_to_event(row: dict, line: int):
    """The event of one row; BadRow naming every field that is wrong."""
    if None in row:  # csv puts cells beyond the header under the key None
        raise BadRowError(BadRow(line, [("row", f"{len(row[None])} more cells than columns")]))
    if "event_type" in row and row["event_type"]:
        try:
            return PRODUCT_EVENT.validate_python(row)
        except ValidationError as exc:
            raise BadRowError(BadRow(line, _problems(exc))) from exc
    features = row.get("features") or []
    if isinstance(features, str):
        features = [f.strip() for f in features.split("|") if f.strip()]
    # An empty cell is an absent field: "name: Field required", not "not a valid string".
    payload = {k: row[k] for k in ("name", "product_data", "product_image_url",
                                   "target_customer", "tone", "category") if row.get(k)}
    problems: list[tuple[str, str]] = []
    price = _number(row, "price", float, problems)
    version = _number(row, "version", int, problems)
    try:
        event = ProductCreated(
            product_id=str(row.get("product_id") or ""), seller_id=str(row.get("seller_id") or ""),
            version=1 if version is None else version,
            product={**payload, "features": features, "price": price})
    except ValidationError as exc:
        problems += _problems(exc)
        event = None
    if problems:
        raise BadRowError(BadRow(line, problems))
    return event


class BadRowError(ValueError):
    def __init__(self, bad: BadRow):
        super().__init__(f"line {bad.line}: {bad.reason}")
        self.bad = bad


class _Lines:
    """The file's lines for csv, counting them: ``first`` is the first non-blank line read
    since it was last reset, i.e. where the next record starts (csv's own line_num is the
    record's last line, and enumerate() counts records, not lines)."""

    def __init__(self, handle):
        self._handle, self.number, self.first = handle, 0, None

    def __iter__(self):
        return self

    def __next__(self) -> str:
        text = next(self._handle)
        self.number += 1
        if self.first is None and text.strip():
            self.first = self.number
        return text


def _csv_rows(path: Path) -> Iterator[tuple[int, dict | None, str | None]]:
    """(line, row, None) per record, or (line, None, csv error) and stop."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        lines = _Lines(handle)
        reader = csv.DictReader(lines)
        _ = reader.fieldnames
        while True:
            lines.first = None
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield lines.first or lines.number, None, str(exc)
                return
            yield lines.first or lines.number, row, None


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict | None, str | None]]:
    with path.open(encoding="utf-8") as handle:
        for line, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                row = json.loads(text)
            except json.JSONDecodeError as exc:
                yield line, None, f"not JSON: {exc}"
                continue
            yield (line, row, None) if isinstance(row, dict) else \
                (line, None, "not a JSON object")


def read_batch(path: Path) -> Batch:
    """Every row of a .jsonl (events or product rows) or .csv (product rows) file, validated:
    the good ones as events with their line, the bad ones with their line and reasons.

    CSV columns: product_id, seller_id, name, product_data, price, product_image_url,
    features (separated by |), target_customer, tone, category, version.
    """
    batch = Batch()
    rows = _csv_rows(path) if path.suffix.lower() == ".csv" else _jsonl_rows(path)
    for line, row, error in rows:
        if row is None:
            batch.bad.append(BadRow(line, [("file" if path.suffix.lower() == ".csv" else "row",
                                            error or "unreadable")]))
            continue
        try:
            batch.events.append((line, _row_to_event(row, line)))
        except BadRowError as exc:
            batch.bad.append(exc.bad)
    return batch
