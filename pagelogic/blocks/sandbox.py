"""A Jinja2 sandbox that also bounds what a template may cost — pure (jinja2 only).

Jinja's sandbox keeps templates away from Python internals but not from memory or CPU:
``{{ "a" * 400000000 }}`` is even folded at compile time (1.7 GB, 9 s in the gateway), and
nested loops over a long string run for hours. Block templates are written by admins and
rendered by the gateway (previews, library saves) and by every worker, so every render here:

- refuses an operator, filter or method call whose result would exceed ``MAX_TEXT``
  (repetition, concatenation with ``+`` or ``~``, printf widths, huge integers), checked
  *before* the value is built; intercepted operators are never folded at compile time;
- stops after ``MAX_STEPS`` loop iterations, calls and operators, after ``MAX_PRINTED``
  printed characters (also those a ``{% set %}`` block or macro captures), or at a
  wall-clock deadline (checked at each step and at each output chunk);
- stops once the output passes ``max_output`` characters.

Breaking a limit raises ``RenderLimitExceeded`` (a jinja2 ``SecurityError``).
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes, pass_context
from jinja2.compiler import CodeGenerator
from jinja2.environment import Template
from jinja2.exceptions import SecurityError, TemplateRuntimeError
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_TEXT = 200_000         # longest string (or printed list) a single value may become
MAX_STEPS = 200_000        # loop iterations + calls + operators in one render
MAX_PRINTED = 1_000_000    # all {{ }} values of one render, also those captured by set/macro
MAX_INT_BITS = 4_096       # integers from arithmetic (2**4096 has 1,234 digits)
MAX_SIZE_ARG = 10_000      # widths and counts given to filters (batch, truncate, …)
MAX_FORMAT_WIDTH = 1_000   # "%0999d" is fine, "%0999999999d" is not
DEADLINE_S = 2.0
GUARD = "limited_iter"  # the filter wrapped around every {% for %} iterable

# Filters whose output can be many times their input (width × lines): not available.
AMPLIFYING_FILTERS = frozenset({"center", "indent", "wordwrap", "pprint", "urlize"})
AMPLIFYING_STR_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "join",
                                    "replace", "format", "format_map", "encode", "translate"})
SIZE_ARG_FILTERS = frozenset({"batch", "slice", "truncate", "round", "wordcount"})
# What template code can make Python raise on bad values: a template error, not a crash.
_VALUE_ERRORS = (ArithmeticError, TypeError, ValueError, LookupError)
_PRINTF_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


class RenderLimitExceeded(SecurityError):
    """The template would use more memory or time than one render may."""


@dataclass
class _Budget:
    deadline: float
    steps: int = 0
    printed: int = 0

    def charge(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > MAX_STEPS:
            raise RenderLimitExceeded(f"template needs more than {MAX_STEPS} steps")
        if time.monotonic() > self.deadline:
            raise RenderLimitExceeded("template rendering took too long")


    def print(self, size: int) -> None:
        self.printed += size
        if self.printed > MAX_PRINTED:
            raise RenderLimitExceeded(f"template prints more than {MAX_PRINTED} characters")


_BUDGET: ContextVar[_Budget | None] = ContextVar("render_budget", default=None)


def _charge(n: int = 1) -> None:
    budget = _BUDGET.get()
    if budget is not None:  # None while compiling: only the size checks apply then
        budget.charge(n)


def printed_size(value: Any, limit: int = MAX_TEXT) -> int:
    """Roughly len(str(value)) without building it; stops counting once past ``limit``."""
    total, stack = 0, [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1
        else:
            total += 16
    return total


def _check_size(value: Any, what: str) -> None:
    if printed_size(value) > MAX_TEXT:
        raise RenderLimitExceeded(f"{what} would exceed {MAX_TEXT} characters")


def _check_printf(spec: str) -> None:
    for match in _PRINTF_SPEC.finditer(spec):
        for number in match.groups():
            if number == "*" or (number and int(number) > MAX_FORMAT_WIDTH):
                raise RenderLimitExceeded(f"format width over {MAX_FORMAT_WIDTH}")


def _check_binop(operator: str, left: Any, right: Any) -> None:
    sized = (str, list, tuple)
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, sized) and isinstance(times, int):
                if printed_size(seq) * max(times, 0) > MAX_TEXT:
                    raise RenderLimitExceeded(f"repetition would exceed {MAX_TEXT} characters")
        if isinstance(left, int) and isinstance(right, int) \
                and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise RenderLimitExceeded("integer too large")
    elif operator == "**" and isinstance(left, int) and isinstance(right, int):
        if abs(left) > 1 and right * left.bit_length() > MAX_INT_BITS:
            raise RenderLimitExceeded("integer too large")
    elif operator == "+" and isinstance(left, sized):
        if printed_size(left) + printed_size(right) > MAX_TEXT:
            raise RenderLimitExceeded(f"concatenation would exceed {MAX_TEXT} characters")
    elif operator == "%" and isinstance(left, str):
        _check_printf(left)
        _check_size((left, right), "formatted text")


def _limit_filter(name: str, func):
    """Size checks around one built-in filter (``pass_*`` markers are kept by wraps)."""
    passes_first = getattr(func, "jinja_pass_arg", None) is not None

    @functools.wraps(func)
    def limited(*args, **kwargs):
        _charge()
        values = list(args[1:] if passes_first else args) + list(kwargs.values())
        for value in values:
            if not isinstance(value, Iterator):
                _check_size(value, f"input of filter {name!r}")
        if name in SIZE_ARG_FILTERS and any(
                isinstance(v, int) and v > MAX_SIZE_ARG for v in values[1:]):
            raise RenderLimitExceeded(f"filter {name!r} argument over {MAX_SIZE_ARG}")
        if name == "format" and values and isinstance(values[0], str):
            _check_printf(values[0])
        if name == "replace" and len(values) >= 3 and isinstance(values[0], str):
            text, old, new = (str(v) for v in values[:3])
            grown = (text.count(old) if old else len(text) + 1) * len(new)
            if len(text) + grown > MAX_TEXT:
                raise RenderLimitExceeded(f"replace would exceed {MAX_TEXT} characters")
        if name == "join" and values:
            separator = str(values[1]) if len(values) > 1 else ""
            items = values[0] if isinstance(values[0], (list, tuple, str)) else ()
            if printed_size(items) + len(separator) * len(items) > MAX_TEXT:
                raise RenderLimitExceeded(f"join would exceed {MAX_TEXT} characters")
        try:
            return func(*args, **kwargs)
        except _VALUE_ERRORS as exc:
            raise TemplateRuntimeError(f"filter {name!r}: {exc}") from None
    return limited


@pass_context
def _limited_iter(_context, iterable: Iterable) -> Iterator:
    for item in iterable:
        _charge()
        yield item


class _LimitedCodeGenerator(CodeGenerator):
    """Routes ``~`` through a size check and every for-loop iterable through GUARD."""

    def visit_Template(self, node: nodes.Template, frame=None) -> None:
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, GUARD, [], [], None, None, lineno=loop.lineno)
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"{join}(environment.checked_parts((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write(")))")


class _LimitedTemplate(Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        token = _BUDGET.set(_Budget(time.monotonic() + self.environment.deadline_s))
        try:
            return super().render(*args, **kwargs)
        finally:
            _BUDGET.reset(token)


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """ImmutableSandboxedEnvironment with the memory and time limits of the module doc."""

    code_generator_class = _LimitedCodeGenerator
    template_class = _LimitedTemplate
    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    def __init__(self, *args: Any, max_output: int = MAX_TEXT, deadline_s: float = DEADLINE_S,
                 **kwargs: Any) -> None:
        super().__init__(*args, finalize=self._finalize, **kwargs)
        self.max_output, self.deadline_s = max_output, deadline_s
        self.filters = {name: _limit_filter(name, f) for name, f in self.filters.items()
                        if name not in AMPLIFYING_FILTERS}
        self.filters[GUARD] = _limited_iter

    def concat(self, chunks: Iterable[str]) -> str:  # type: ignore[override]
        parts, length = [], 0
        for chunk in chunks:
            _charge()
            length += len(chunk)
            if length > self.max_output:
                raise RenderLimitExceeded(f"output exceeds {self.max_output} characters")
            parts.append(chunk)
        return "".join(parts)

    @staticmethod
    def _finalize(value: Any) -> Any:
        # Every {{ }} passes here, also inside {% set %} blocks and macros whose output is
        # joined later: counting it all bounds the memory those buffers can hold.
        size = printed_size(value)
        if size > MAX_TEXT:
            raise RenderLimitExceeded(f"printed value would exceed {MAX_TEXT} characters")
        budget = _BUDGET.get()
        if budget is not None:
            budget.print(size)
        return value

    def wrap_str_format(self, value: Any):
        """str.format widths come from the format string ("{:>999999999}"): refused; the
        format filter (printf style, widths checked) does the same job."""
        if super().wrap_str_format(value) is None:
            return None

        def refused(*_args: Any, **_kwargs: Any) -> str:
            raise RenderLimitExceeded("str.format is not available in templates; "
                                      "use the format filter")
        return refused

    @staticmethod
    def checked_parts(parts: tuple) -> tuple:
        _charge()
        _check_size(parts, "joined text (~)")
        return parts

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr in AMPLIFYING_STR_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        _charge()
        _check_binop(operator, left, right)
        try:
            return super().call_binop(context, operator, left, right)
        except _VALUE_ERRORS as exc:
            raise TemplateRuntimeError(f"{operator}: {exc}") from None

    def call(__self, __context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _charge()
        for value in (*args, *kwargs.values()):
            _check_size(value, "call argument")
        try:
            result = super().call(__context, __obj, *args, **kwargs)
        except RecursionError:
            raise RenderLimitExceeded("macro recursion too deep") from None
        except _VALUE_ERRORS as exc:
            raise TemplateRuntimeError(f"call: {exc}") from None
        if not isinstance(result, Iterator):
            _check_size(result, "call result")
        return result
