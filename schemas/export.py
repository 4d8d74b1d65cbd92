"""JSON Schemas of the event contracts, for non-Python producers and consumers.

Checked in under docs/schemas/ (`pdp schemas export docs/schemas`); a unit test fails when
the checked-in files and the models disagree.
"""

from __future__ import annotations

import json

from pydantic import TypeAdapter

from schemas import events, product_events

CONTRACTS = {
    "product-event": product_events.PRODUCT_EVENT,
    "generation-requested": TypeAdapter(events.GenerationRequested),
    "page-generated": TypeAdapter(events.PageGenerated),
    "task-status-changed": TypeAdapter(events.TaskStatusChanged),
    "dead-letter": TypeAdapter(events.DeadLetter),
}


def json_schemas() -> dict[str, str]:
    """file name → schema text (stable formatting, so diffs are meaningful)."""
    out = {}
    for name, adapter in CONTRACTS.items():
        schema = adapter.json_schema()
        schema["$id"] = f"https://schemas.pdp.local/{name}.schema.json"
        out[f"{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2,
                                                sort_keys=True) + "\n"
    return out
