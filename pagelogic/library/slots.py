"""Declared slots of a template: name, type, limits and a sample value — pure.

A block type's slot model (schemas/blocks.py) says which values exist; a template declares
the ones it renders. Types and limits are read from the model, so a declaration only has to
name the slot (and may bring its own sample value for previews).
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel, ValidationError

from pagelogic.library.samples import SAMPLE_VALUES
from schemas.blocks import SLOT_MODELS
from schemas.plan import BlockType


class SlotDeclarationError(ValueError):
    """A declared slot does not exist for the block type or its sample does not fit."""


def _describe(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """Turn a field's JSON schema into {type, max_length|max_items, required-ish} — compact."""
    if "$ref" in schema:
        ref = defs[schema["$ref"].rsplit("/", 1)[-1]]
        return {"type": "image" if "ref" in ref.get("properties", {}) else "object",
                "fields": sorted(ref.get("properties", {}))}
    if "anyOf" in schema:
        inner = [s for s in schema["anyOf"] if s.get("type") != "null"]
        described = _describe(inner[0], defs) if inner else {"type": "null"}
        return {**described, "optional": True}
    kind = schema.get("type")
    if kind == "array":
        item = _describe(schema.get("items", {}), defs)
        out = {"type": f"list[{item['type']}]", "max_items": schema.get("maxItems")}
        if "fields" in item:
            out["fields"] = item["fields"]
        return {k: v for k, v in out.items() if v is not None}
    out = {"type": "text" if kind == "string" else kind, "max_length": schema.get("maxLength")}
    return {k: v for k, v in out.items() if v is not None}


def slot_catalogue(block_type: BlockType) -> dict[str, dict[str, Any]]:
    """Every slot a template of this block type may render, with its type and limits."""
    schema = SLOT_MODELS[block_type].model_json_schema()
    defs = schema.get("$defs", {})
    required = set(schema.get("required", []))
    return {name: {**_describe(field, defs), "required": name in required}
            for name, field in schema["properties"].items()}


def normalize(block_type: BlockType, declared: list[str | dict[str, Any]] | None
              ) -> list[dict[str, Any]]:
    """Full declarations (name, type, limits, sample) from names or partial objects."""
    catalogue = slot_catalogue(block_type)
    result = []
    for entry in declared or []:
        item = {"name": entry} if isinstance(entry, str) else dict(entry)
        name = item.get("name")
        if name not in catalogue:
            raise SlotDeclarationError(
                f"declared slot {name!r} does not exist for {block_type.value} "
                f"(known: {', '.join(catalogue)})")
        sample = item.get("sample", copy.deepcopy(SAMPLE_VALUES[block_type].get(name)))
        result.append({"name": name, **catalogue[name], "sample": sample})
    names = [d["name"] for d in result]
    if len(set(names)) != len(names):
        raise SlotDeclarationError("a slot is declared twice")
    sample_model(block_type, result)  # the samples must fit the limits
    return result


def sample_model(block_type: BlockType, declared: list[dict[str, Any]]) -> BaseModel:
    """The slot model filled with sample values: declared samples over the defaults."""
    values = copy.deepcopy(SAMPLE_VALUES[block_type])
    values.update({d["name"]: d["sample"] for d in declared if d.get("sample") is not None})
    try:
        return SLOT_MODELS[block_type].model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SlotDeclarationError(f"sample value for slot {where!r}: {first['msg']}") from None
