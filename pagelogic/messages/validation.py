"""FastAPI/pydantic validation errors as sentences a seller can act on: each error keeps its
``loc`` and ``type`` (clients and tests match on those) and gets a ``msg`` in the seller's
language naming the field ("상품 이미지 주소: 올바른 주소를 입력하세요.")."""

from __future__ import annotations

from typing import Any

from pagelogic.messages import DEFAULT, _Keep, table


def field_name(loc: list | tuple, lang: str = DEFAULT) -> str:
    """The innermost named field of ``loc`` (list positions skipped), in the seller's words."""
    names = table("FIELDS", lang)
    parts = [p for p in loc if isinstance(p, str) and p not in ("body", "query", "path", "header")]
    if not parts:
        return names["body"] if "body" in loc else ""
    last = parts[-1]
    return names.get(last, last)


def _reason(error: dict[str, Any], lang: str) -> str:
    raw = str((error.get("ctx") or {}).get("error") or error.get("msg") or "")
    for marker, text in table("VALUE_REASONS", lang).items():
        if marker in raw:
            return text
    return raw.removeprefix("Value error, ")


def fetch_reason(error: BaseException | str, lang: str = DEFAULT) -> str:
    """Why an address could not be used or read, in the seller's words (infra/fetch.py
    words its errors for operators, in English)."""
    raw = str(error)
    for marker, text in table("FETCH_REASONS", lang).items():
        if marker in raw:
            return text
    return table("TEXT", lang)["fetch.default"]


def sentence(error: dict[str, Any], lang: str = DEFAULT) -> str:
    messages = table("VALIDATION", lang)
    kind = error.get("type", "")
    ctx = {k: v for k, v in (error.get("ctx") or {}).items() if k != "error"}
    if kind in ("string_too_short", "too_short") and str(ctx.get("min_length")) == "1":
        kind = "missing"  # "1자 이상" reads oddly: it is simply empty
    if kind == "value_error":
        reason = _reason(error, lang)
        if reason in table("VALUE_REASONS", lang).values():
            return reason
        ctx["reason"] = reason
    template = messages.get(kind) or (messages["url_parsing"] if kind.startswith("url_")
                                      else messages["default"])
    return template.format_map(_Keep({k: str(v) for k, v in ctx.items()}))


def translate(errors: list[dict[str, Any]], lang: str = DEFAULT) -> list[dict[str, Any]]:
    """FastAPI's error list with ``msg`` rewritten; ``loc``, ``type`` (and ``ctx``) kept."""
    out = []
    for error in errors:
        name = field_name(error.get("loc", ()), lang)
        text = sentence(error, lang)
        item = {"loc": list(error.get("loc", ())), "type": error.get("type", ""),
                "msg": f"{name}: {text}" if name else text}
        if "ctx" in error:
            item["ctx"] = {k: str(v) for k, v in error["ctx"].items()}
        out.append(item)
    return out
