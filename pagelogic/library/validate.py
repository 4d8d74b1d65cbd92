"""Check a template before it is saved — pure.

A template is admin-supplied HTML + Jinja2 that every future page will run, so it must:
compile in the sandbox; render only declared slots of its block type; contain no script,
event handler, javascript: URL, inline style, external resource or construct that escapes
the sandbox. Each failure names the problem (the gateway answers 422 with it).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from jinja2 import TemplateError, meta, nodes

from pagelogic.blocks.render import ENV, TemplateRenderError, render_block
from pagelogic.library.slots import SlotDeclarationError, normalize, sample_model
from pagelogic.sanitize import ALLOWED_TAGS, IMAGE_SCHEME
from schemas.plan import BlockType

MAX_TEMPLATE_CHARS = 50_000
CONTEXT_NAMES = {"s", "index", "block_type", "image_src"}
FORBIDDEN_FILTERS = {"attr": "the attr filter reaches object internals",
                     "safe": "the safe filter switches off autoescaping",
                     "xmlattr": "the xmlattr filter writes raw attributes"}
URL_ATTRS = {"href", "src", "srcset", "action", "formaction", "poster", "background", "data",
             "xlink:href", "cite", "longdesc", "ping"}
_UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)
_EXPR = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


class TemplateInvalid(ValueError):
    """The template must not be saved; ``code`` is a stable name for the problem."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def validate_template(block_type: str, template_html: str,
                      declared: list[str | dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Return the normalized slot declarations, or raise TemplateInvalid."""
    try:
        kind = BlockType(block_type)
    except ValueError:
        raise TemplateInvalid("block_type", f"unknown block type {block_type!r}") from None
    if len(template_html) > MAX_TEMPLATE_CHARS:
        raise TemplateInvalid("too_large", f"template exceeds {MAX_TEMPLATE_CHARS} characters")
    try:
        slots = normalize(kind, declared)
    except SlotDeclarationError as exc:
        raise TemplateInvalid("slots", str(exc)) from None
    try:
        tree = ENV.parse(template_html)
    except TemplateError as exc:
        raise TemplateInvalid("syntax", f"template does not compile: {exc}") from None
    _check_constructs(tree)
    _check_slots(tree, {d["name"] for d in slots})
    _check_markup(_EXPR.sub(lambda m: "x" if m.group().startswith("{{") else " ", template_html),
                  where="template")
    try:
        rendered = render_block(template_html, sample_model(kind, slots), index=0,
                                block_type=kind.value, sanitize=False)
    except TemplateRenderError as exc:
        code = ("limits" if "RenderLimitExceeded" in str(exc)
                else "sandbox" if "SecurityError" in str(exc) else "render")
        raise TemplateInvalid(code, f"template does not render with its sample values: {exc}") \
            from None
    _check_markup(rendered, where="rendered sample")
    return slots


def _check_constructs(tree: nodes.Template) -> None:
    for node in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
        raise TemplateInvalid("sandbox", f"{type(node).__name__.lower()} is not allowed: "
                                         "a template is one self-contained block")
    for node in tree.find_all(nodes.EvalContextModifier):
        raise TemplateInvalid("sandbox", "autoescape blocks are not allowed")
    for node in tree.find_all(nodes.Getattr):
        if node.attr.startswith("_"):
            raise TemplateInvalid("sandbox", f"attribute {node.attr!r} escapes the sandbox")
    for node in tree.find_all(nodes.Const):
        if isinstance(node.value, str) and "__" in node.value:
            raise TemplateInvalid("sandbox", f"string {node.value!r} names Python internals")
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        if node.name in FORBIDDEN_FILTERS:
            raise TemplateInvalid("sandbox", f"filter {node.name!r}: {FORBIDDEN_FILTERS[node.name]}")
    if any(n.name == "self" for n in tree.find_all(nodes.Name)):
        raise TemplateInvalid("sandbox", "'self' (the template object) is not allowed")
    unknown = meta.find_undeclared_variables(tree) - CONTEXT_NAMES
    if unknown:
        raise TemplateInvalid("unknown_name", f"unknown name(s) {sorted(unknown)}: a template "
                              f"sees only {sorted(CONTEXT_NAMES)}")


def _check_slots(tree: nodes.Template, declared: set[str]) -> None:
    used: set[str] = set()
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if isinstance(node.node, nodes.Name) and node.node.name == "s":
            key = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
            if not isinstance(key, str):
                raise TemplateInvalid("slots", "slots must be read by name (s.name)")
            used.add(key)
    for name_node in tree.find_all(nodes.Name):
        if name_node.name == "s" and not _is_slot_access(tree, name_node):
            raise TemplateInvalid("slots", "use slots by name (s.name), not the whole slot object")
    undeclared = used - declared
    if undeclared:
        raise TemplateInvalid("slots", f"slot(s) {sorted(undeclared)} are used but not declared")


def _is_slot_access(tree: nodes.Template, name_node: nodes.Name) -> bool:
    return any(n.node is name_node for n in tree.find_all((nodes.Getattr, nodes.Getitem)))


class _MarkupCheck(HTMLParser):
    def __init__(self, where: str):
        super().__init__(convert_charrefs=True)
        self.where = where

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            raise TemplateInvalid("script", f"{self.where}: <script> is not allowed")
        if tag not in ALLOWED_TAGS:
            raise TemplateInvalid("tag", f"{self.where}: element <{tag}> is not allowed")
        for name, value in attrs:
            self._attribute(tag, name, value or "")

    def _attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on"):
            raise TemplateInvalid("event_handler",
                                  f"{self.where}: event handler attribute {name!r} on <{tag}>")
        if name == "style":
            raise TemplateInvalid("style", f"{self.where}: style attribute on <{tag}> (use the "
                                           "page's pdp-* CSS classes)")
        if name not in URL_ATTRS:
            return
        if _UNSAFE_SCHEME.match(value) or "javascript:" in value.lower().replace(" ", ""):
            raise TemplateInvalid("javascript_url", f"{self.where}: {name}={value!r} uses a "
                                                    "javascript:/data: URL")
        internal = value.startswith(f"{IMAGE_SCHEME}://") or value == "x"
        if tag == "a" and name == "href" and value.startswith("#"):
            return
        if not internal:
            raise TemplateInvalid("external_resource",
                                  f"{self.where}: {name}={value!r} on <{tag}> — external "
                                  "resources are not allowed; images come from image_src(slot)")


def _check_markup(html: str, *, where: str) -> None:
    checker = _MarkupCheck(where)
    checker.feed(html)
    checker.close()
