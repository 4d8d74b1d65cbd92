"""Scripts for the fake AI server: an ordered list of rules, the first match wins.

A rule matches an API (``chat`` / ``images``), optionally a structured-output schema name
(e.g. ``PlanDraft``, ``KeyFeaturesSlots``) and a substring of the request body, and says what
to do: reply with given content, answer an HTTP error (429 with Retry-After, 500, ...),
hang, or send malformed JSON. ``times`` limits how often a rule fires. Requests no rule
matches get the default rule-based replies (replies.py).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class Rule(BaseModel):
    api: Literal["chat", "images", "any"] = "any"
    schema_name: str | None = None
    contains: str | None = None
    action: Literal["reply", "status", "hang", "malformed", "default"] = "default"
    status: int = 500
    retry_after: float | None = None
    content: Any = None  # reply: JSON object (or raw string) for chat; ignored for images
    delay_s: float = 0.0
    times: int | None = Field(default=None, ge=1)
    image_format: Literal["url", "b64_json"] | None = None
    fired: int = 0

    def matches(self, api: str, schema_name: str | None, body_text: str) -> bool:
        if self.times is not None and self.fired >= self.times:
            return False
        if self.api != "any" and self.api != api:
            return False
        if self.schema_name and self.schema_name != schema_name:
            return False
        return not self.contains or self.contains in body_text


class Script:
    def __init__(self) -> None:
        self.rules: list[Rule] = []
        self.calls: list[dict[str, Any]] = []
        self.stopping = False

    def pick(self, api: str, schema_name: str | None, body_text: str) -> Rule | None:
        for rule in self.rules:
            if rule.matches(api, schema_name, body_text):
                rule.fired += 1
                return rule
        return None
