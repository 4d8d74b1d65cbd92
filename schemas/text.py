"""Long text is condensed to fit a stage's limits instead of failing the page.

The API accepts a 20,000-character product text and 500-character target customer; the
stage models hold shorter slots (a 120-character feature title, a 300-character
subheadline). Models built on ``FitsLimits`` condense any over-long text field to its own
``max_length`` — whole sentences first — so an input the API accepted never fails later for
its size, whichever provider (offline or an LLM) filled the field.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from annotated_types import MaxLen
from pydantic import BaseModel, ValidationInfo, field_validator

ELLIPSIS = "…"
# A sentence ends at . ! ? 。 … (and their full-width forms) before a space or the end, or at
# a line break; "3.5" and "v1.2" are not ends.
_SENTENCE_END = re.compile(r"[.!?。！？…]+[\"'”’)\]]*(?=\s|$)|\n")


def condense(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters; else the longest run of whole sentences
    from its start that fits (when that keeps at least half the room), else the text cut at
    the last word boundary with an ellipsis."""
    text = text.strip()
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return text[:limit]
    end = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > limit:
            break
        end = match.end()
    if end >= limit // 2:
        return text[:end].strip()
    room = limit - len(ELLIPSIS)
    cut = text[:room + 1]
    space = cut.rfind(" ")
    head = cut[:space] if space >= room // 2 else cut[:room]
    return head.rstrip(" ,;:·-") + ELLIPSIS


@functools.lru_cache(maxsize=None)
def _text_limit(model: type[BaseModel], field: str) -> int | None:
    info = model.model_fields.get(field)
    if info is None:
        return None
    return next((m.max_length for m in info.metadata if isinstance(m, MaxLen)), None)


class FitsLimits(BaseModel):
    """Base of stage models: a string longer than its field's max_length is condensed."""

    @field_validator("*", mode="before")
    @classmethod
    def _condense_long_text(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) and info.field_name is not None:
            limit = _text_limit(cls, info.field_name)
            if limit is not None and len(value) > limit:
                return condense(value, limit)
        return value
