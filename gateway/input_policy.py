"""The gateway's input policy: what no body, query or path value may hold — pure, no I/O.

Every value a client sends passes these checks before any route, model or database sees it
(gateway/input_guard.py applies them to every request), so a bad value is one 422 naming
its field instead of a 500 from wherever it first broke:

- NUL characters (PostgreSQL text cannot hold them) and lone UTF-16 surrogates such as
  ``"\\ud800"`` (legal JSON escapes, but no UTF-8 can encode them);
- NaN, ±Infinity and numbers that overflow to them (``1e400``), and integers past 64 bits:
  no column or JSON answer can carry them;
- JSON nested deeper than ``MAX_DEPTH`` (the API's deepest model needs 4 levels; a
  free-form ``data`` object may use the rest);
- path segments and query values longer than ``MAX_PARAM_CHARS``.

Problems come in FastAPI's 422 item shape: ``{"loc": [...], "msg": ..., "type": ...}``.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_DEPTH = 32
MAX_PARAM_CHARS = 1000
MAX_PROBLEMS = 20  # enough to fix a request; a hostile body does not get a huge answer
INT64 = 2 ** 63
_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")

Problem = dict[str, Any]
Loc = tuple[str | int, ...]


def problem(loc: Loc, kind: str, msg: str) -> Problem:
    return {"loc": list(loc), "msg": msg, "type": kind}


def printable(name: str) -> str:
    """A key or name that may itself hold NUL or a surrogate, escaped so that the 422 which
    names it can always be encoded."""
    return name.encode("unicode_escape").decode("ascii") if _FORBIDDEN.search(name) else name


def text_problem(value: str, loc: Loc) -> Problem | None:
    """NUL or a lone surrogate in ``value``, else None."""
    found = _FORBIDDEN.search(value)
    if found is None:
        return None
    if found.group() == "\x00":
        return problem(loc, "string_nul", "text must not contain NUL (\\u0000) characters")
    return problem(loc, "string_unicode",
                   "text must not contain lone UTF-16 surrogates (e.g. \\ud800)")


def number_problem(value: float | int, loc: Loc) -> Problem | None:
    if isinstance(value, float) and not math.isfinite(value):
        return problem(loc, "finite_number", "number must be finite (no NaN or Infinity)")
    if isinstance(value, int) and not -INT64 <= value < INT64:
        return problem(loc, "int_too_large", "integer must fit in 64 bits")
    return None


class InvalidJson(ValueError):
    def __init__(self, found: Problem):
        super().__init__(found["msg"])
        self.problem = found


def parse_json(raw: bytes) -> Any:
    """``raw`` as JSON: UTF-8 only, and nesting the parser can take. Raises InvalidJson with
    a 422 problem otherwise. NaN/Infinity literals are parsed (Python's json accepts them)
    so that ``json_problems`` can name the field that holds them."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidJson(problem(("body", exc.start), "json_invalid",
                                  "body is not valid UTF-8")) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidJson(problem(("body", exc.pos), "json_invalid",
                                  f"JSON decode error: {exc.msg}")) from None
    except RecursionError:
        raise InvalidJson(problem(("body",), "json_too_deep",
                                  f"JSON must not nest deeper than {MAX_DEPTH} levels")) from None
    except ValueError as exc:  # integers with thousands of digits
        raise InvalidJson(problem(("body",), "json_invalid", str(exc)[:200])) from None


def json_problems(value: Any, root: Loc = ("body",)) -> list[Problem]:
    """Every policy breach in a parsed JSON value (at most MAX_PROBLEMS), walked without
    recursion so that the depth of the input cannot hurt the walk itself."""
    found: list[Problem] = []
    stack: list[tuple[Any, Loc, int]] = [(value, root, 0)]
    while stack and len(found) < MAX_PROBLEMS:
        item, loc, depth = stack.pop()
        if isinstance(item, (dict, list)) and depth >= MAX_DEPTH:
            found.append(problem(loc, "json_too_deep",
                                 f"JSON must not nest deeper than {MAX_DEPTH} levels"))
            continue
        if isinstance(item, dict):
            for key, child in item.items():
                bad_key = text_problem(key, (*loc, printable(key)))
                if bad_key:
                    found.append(bad_key)
                    continue
                stack.append((child, (*loc, key), depth + 1))
        elif isinstance(item, list):
            stack.extend((child, (*loc, i), depth + 1) for i, child in enumerate(item))
        elif isinstance(item, str):
            breach = text_problem(item, loc)
            found += [breach] if breach else []
        elif isinstance(item, (int, float)) and not isinstance(item, bool):
            breach = number_problem(item, loc)
            found += [breach] if breach else []
    return sorted(found, key=lambda p: [str(part) for part in p["loc"]])


def param_problems(where: str, pairs: list[tuple[str, str]]) -> list[Problem]:
    """Problems of path parameters or query values (``where`` is "path" or "query")."""
    found = []
    for name, value in pairs:
        loc = (where, printable(name))
        breach = text_problem(name, (where, printable(name))) or text_problem(value, loc)
        if breach is None and len(value) > MAX_PARAM_CHARS:
            breach = problem(loc, "string_too_long",
                             f"must be at most {MAX_PARAM_CHARS} characters")
        if breach:
            found.append(breach)
    return found[:MAX_PROBLEMS]


def path_params(path: str, templates: list[str]) -> list[tuple[str, str]]:
    """(name, value) of each segment of ``path``, named after the route template it matches
    ("/api/x/{task_id}" names the last segment ``task_id``); segments of unknown paths are
    named by their position."""
    segments = path.split("/")
    for template in templates:
        parts = template.split("/")
        if len(parts) == len(segments) and all(
                p.startswith("{") or p == s for p, s in zip(parts, segments)):
            return [(p.strip("{}").split(":")[0], s)
                    for p, s in zip(parts, segments) if p.startswith("{")]
    return [(str(i), s) for i, s in enumerate(segments) if s]


def needs_path_check(path: str) -> bool:
    """Cheap test run on every request; naming the offending segment only happens after."""
    return _FORBIDDEN.search(path) is not None or len(path) > MAX_PARAM_CHARS
