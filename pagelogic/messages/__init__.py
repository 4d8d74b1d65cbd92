"""One place for seller-facing text: Korean first, English for sellers whose UI language is
English. Pure (no HTTP, no DB): the gateway translates errors with it, the workers write
task errors and version notes with it, and GET /api/messages hands the same tables to the UI.

    not_found("page")                         -> "페이지를 찾을 수 없습니다."
    block_label("KeyFeatures", 2)             -> "2번 블록 · 주요 특징"
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from pagelogic.messages import en, ko
from pagelogic.messages import ui as ui_text

LANGUAGES: dict[str, ModuleType] = {"ko": ko, "en": en}
DEFAULT = "ko"
TABLES = ("BLOCK_TYPES", "TONES", "STYLES", "STAGES", "STATUSES", "PAGE_STATUSES", "PROBLEMS",
          "FIELDS", "VALIDATION", "VALUE_REASONS", "TEXT")


class _Keep(dict):
    """format_map that leaves unknown {fields} as they are instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def language(accept_language: str | None) -> str:
    """'en' when the first language the client names is English, else Korean: the service's
    sellers are Korean, and a client that says nothing gets Korean."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if not tag or tag == "*":
            continue
        return "en" if tag.startswith("en") else DEFAULT
    return DEFAULT


def table(name: str, lang: str = DEFAULT) -> dict[str, str]:
    """One table in ``lang``, Korean filling what the language lacks."""
    base = getattr(ko, name)
    return base if lang == DEFAULT else {**base, **getattr(LANGUAGES.get(lang, ko), name, {})}


def t(key: str, lang: str = DEFAULT, **fields: Any) -> str:
    text = table("TEXT", lang).get(key, key)
    return text.format_map(_Keep({k: v for k, v in fields.items()})) if fields else text


def object_particle(word: str) -> str:
    """을 after a final consonant, 를 after a vowel (or a non-Hangul ending)."""
    last = word[-1:] or "a"
    return "을" if "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 else "를"


def not_found(what: str, lang: str = DEFAULT) -> str:
    key = f"what.{what}"
    name = t(key, lang) if key in table("TEXT", lang) else what
    return t("not_found", lang, what=name, eul=object_particle(name))


def block_type_label(block_type: str, lang: str = DEFAULT) -> str:
    return table("BLOCK_TYPES", lang).get(block_type, block_type)


def block_label(block_type: str, position: int, lang: str = DEFAULT) -> str:
    """A block as the seller sees it: its 1-based place on the page and its kind."""
    return t("block_label", lang, position=position, type=block_type_label(block_type, lang))


def style_label(style: str | None, lang: str = DEFAULT) -> str:
    return table("STYLES", lang).get(style or "", style or "")


def note(kind: str, lang: str = DEFAULT, **fields: Any) -> str:
    """A version note ("4번 블록 · 주요 특징 다시 생성"), stored with the version."""
    return t(f"note.{kind}", lang, **fields)


def bundle(lang: str = DEFAULT) -> dict[str, Any]:
    """Everything the UI shows, for GET /api/messages: the tables above plus the UI's own
    strings (pagelogic/messages/ui.py)."""
    out: dict[str, Any] = {"lang": lang if lang in LANGUAGES else DEFAULT}
    for name in TABLES:
        out[name.lower()] = table(name, lang)
    out["ui"] = {**ui_text.KO, **(ui_text.EN if lang == "en" else {})}
    return out
