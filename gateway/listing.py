"""Lists never break on one bad stored row: a row that cannot be shown (a value stored before
the input policy existed, a hand-edited database) is logged and left out, and the rest of the
list is answered."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticSerializationError

log = logging.getLogger("pdp.gateway")
M = TypeVar("M", bound=BaseModel)


def renderable(rows: Iterable[Any], convert: Callable[[Any], M], what: str) -> list[M]:
    """``convert(row)`` for each row that converts and serializes (FastAPI serializes the
    answer after the route returns, too late to leave a single row out)."""
    items = []
    for row in rows:
        try:
            item = convert(row)
            item.model_dump_json()
        except (ValidationError, PydanticSerializationError, ValueError, TypeError) as exc:
            log.error("%s %s cannot be shown and is left out of the list: %s", what,
                      getattr(row, "id", "?"), str(exc).splitlines()[0][:300])
            continue
        items.append(item)
    return items
