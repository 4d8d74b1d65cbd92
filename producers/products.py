"""Publish upstream product events the way a commerce system would.

Importable (``ProductEventProducer``) for upstream Python code, and behind
``pdp produce products FILE.(jsonl|csv)`` for bulk catalogues.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from infra.settings import Settings
from producers.kafka import Delivery, KafkaPublisher
from schemas.product_events import PRODUCT_EVENT, ProductCreated, ProductPayload
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


class RowError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")


def _row_to_event(row: dict, line: int):
    if "event_type" in row and row["event_type"]:
        try:
            return PRODUCT_EVENT.validate_python(row)
        except ValidationError as exc:
            raise RowError(line, str(exc)) from exc
    features = row.get("features") or []
    if isinstance(features, str):
        features = [f.strip() for f in features.split("|") if f.strip()]
    payload = {k: (row.get(k) or None) for k in ("name", "product_data", "product_image_url",
                                                  "target_customer", "tone", "category")}
    price = row.get("price")
    try:
        return ProductCreated(
            product_id=str(row.get("product_id", "")), seller_id=str(row.get("seller_id", "")),
            version=int(row.get("version") or 1),
            product=ProductPayload(**payload, features=features,
                                   price=float(price) if price not in (None, "") else None))
    except (ValidationError, ValueError) as exc:
        raise RowError(line, str(exc)) from exc


def read_events(path: Path) -> Iterator:
    """Events from a .jsonl file (full events or product rows) or a .csv of product rows.

    CSV columns: product_id, seller_id, name, product_data, price, product_image_url,
    features (separated by |), target_customer, tone, category, version.
    """
    if path.suffix.lower() == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                yield _row_to_event(row, line)
        return
    with path.open(encoding="utf-8") as handle:
        for line, text in enumerate(handle, start=1):
            if text.strip():
                try:
                    row = json.loads(text)
                except json.JSONDecodeError as exc:
                    raise RowError(line, f"not JSON: {exc}") from exc
                yield _row_to_event(row, line)
