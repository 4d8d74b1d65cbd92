"""Default replies of the fake AI server: a well-behaved model, built from the request.

For a page plan or block slots it reads the product facts the provider put in the user
message and answers what the offline provider would (so pages are grounded); a translation
keeps the non-Korean words; images are small solid-colour PNGs.
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from typing import Any

from pagelogic.blocks.content import fallback_slots
from pagelogic.plan.logic import plan_page
from pagelogic.plan.seo import derive_seo
from schemas.facts import ProductFacts
from schemas.plan import BlockPlan


def _user_payload(messages: list[dict[str, Any]]) -> dict[str, Any]:
    for message in reversed(messages):
        if message.get("role") == "user":
            try:
                return json.loads(message.get("content") or "")
            except (TypeError, ValueError):
                continue
    return {}


def structured_reply(schema_name: str | None, messages: list[dict[str, Any]]) -> dict[str, Any]:
    # The first user message carries the task; later ones are repair requests.
    payload = next((json.loads(m["content"]) for m in messages if m.get("role") == "user"
                    and str(m.get("content", "")).startswith("{")), {}) or _user_payload(messages)
    if schema_name == "Translation":
        text = str(payload.get("text", ""))
        words = re.sub(r"[\uac00-\ud7a3]+", " ", text)
        return {"english": "product photo, " + " ".join(words.split())[:500]}
    if schema_name == "FreeformBlock":
        return {"html": payload.get("html", "")}
    facts = ProductFacts.model_validate(payload.get("product") or {"name": "product"})
    if schema_name == "PlanDraft":
        plan = plan_page(facts, None)
        return {"title": plan.title, "style": plan.style.model_dump(mode="json"),
                "blocks": [{"block_type": b.block_type.value, "title": b.title,
                            "purpose": f"{b.block_type.value} of {facts.name}"}
                           for b in plan.blocks],
                "seo": derive_seo(facts).model_dump(mode="json")}
    block = BlockPlan.model_validate(payload.get("block"))
    return fallback_slots(block, facts).model_dump(mode="json")


def usage(request_text: str, reply_text: str) -> dict[str, int]:
    prompt, completion = max(1, len(request_text) // 4), max(1, len(reply_text) // 4)
    return {"prompt_tokens": prompt, "completion_tokens": completion,
            "total_tokens": prompt + completion}


def png(width: int, height: int, rgb: tuple[int, int, int] = (200, 180, 160)) -> bytes:
    """A valid solid-colour PNG (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height, 9)) + chunk(b"IEND", b""))
