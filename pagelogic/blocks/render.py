"""Render a block template with slot values in a sandboxed, autoescaped Jinja2 environment.

Templates come from the database and may be edited by admins; slot values may come from an
LLM. The sandbox blocks attribute access to Python internals and bounds output, repetition,
steps and time (pagelogic/blocks/sandbox.py — the gateway's previews use this same ENV),
autoescape turns every value into text, and the result is sanitized once more before anyone
stores it.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import StrictUndefined, TemplateError
from pydantic import BaseModel

from pagelogic.blocks.sandbox import LimitedSandbox
from pagelogic.sanitize import IMAGE_SCHEME, sanitize_html

MAX_OUTPUT_CHARS = 200_000


class TemplateRenderError(Exception):
    """The template does not compile or does not fit the slot values."""


ENV = LimitedSandbox(autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                     lstrip_blocks=True, max_output=MAX_OUTPUT_CHARS)
ENV.globals.clear()
ENV.globals["image_src"] = lambda slot: f"{IMAGE_SCHEME}://{int(slot.ref)}"


@lru_cache(maxsize=256)
def _compile(template_html: str):
    return ENV.from_string(template_html)


def render_block(template_html: str, slots: BaseModel, *, index: int, block_type: str,
                 sanitize: bool = True) -> str:
    """``sanitize=False`` only for the template validator, which inspects the raw output."""
    try:
        html = _compile(template_html).render(s=slots, index=index, block_type=block_type)
    except TemplateError as exc:  # includes SecurityError and RenderLimitExceeded
        raise TemplateRenderError(f"{type(exc).__name__}: {exc}") from exc
    return sanitize_html(html, allow_image_refs=True) if sanitize else html
