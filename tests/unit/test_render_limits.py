"""The block renderer's sandbox bounds memory and time: each way a template could build a
huge value or loop for hours is refused quickly, before the value exists."""

from __future__ import annotations

import resource
import time

import pytest
from pydantic import BaseModel

from pagelogic.blocks.render import TemplateRenderError, render_block
from pagelogic.library.validate import TemplateInvalid, validate_template

BOMBS = {
    "repetition": '{{ "a" * 400000000 }}',
    "list_repetition": "{{ ([1] * 400000000)|length }}",
    "concat_tilde": '{% set a = "a" * 100000 %}{{ a ~ a ~ a }}',
    "concat_plus": '{% set a = "a" * 150000 %}{{ a + a }}',
    "doubling_sets": '{% set a = "a" * 90000 %}{% set b = a ~ a %}{% set c = b ~ b %}{{ c }}',
    "printf_width": '{{ "%0999999999d" % 1 }}',
    "format_filter_width": '{{ "%999999999s"|format("x") }}',
    "str_format_width": '{{ "{:>999999999}".format(1) }}',
    "center_method": "{{ s.headline.center(999999999) }}",
    "center_filter": '{{ "x"|center(999999999) }}',
    "replace_amplifies": '{% set a = "a" * 1000 %}{{ a|replace("a", a * 100) }}',
    "join_amplifies": '{{ ("a" * 1000)|join("b" * 1000) }}',
    "batch_fill": '{{ [1]|batch(999999999, "x")|list }}',
    "big_integer": "{{ 10 ** 999999999 }}",
    "nested_loops": '{% for i in "a" * 100000 %}{% for j in "a" * 100000 %}{% endfor %}{% endfor %}',
    "output_loop": '{% set a = "a" * 100000 %}{% for i in "aaaaaaaa" %}{{ a }}{% endfor %}',
    "set_block_buffer": '{% set x %}{% for c in "a" * 9999 %}{{ "b" * 9999 }}{% endfor %}'
                        '{% endset %}{{ x|length }}',
    "macro_recursion": "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}",
}


class Slots(BaseModel):
    headline: str = "오늘의 추천"
    features: list[str] = ["가볍다", "튼튼하다"]


@pytest.mark.parametrize("template", BOMBS.values(), ids=BOMBS.keys())
def test_resource_bombs_are_refused_fast_and_small(template):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(TemplateRenderError):
        render_block(template, Slots(), index=0, block_type="intro", sanitize=False)
    assert time.monotonic() - started < 3.0  # the sandbox's own deadline is 2 s
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 50, f"peak RSS grew by {grown_mb:.0f} MB"


def test_ordinary_templates_still_render():
    template = ('<ol>{% for f in s.features %}<li>{{ "%02d"|format(loop.index) }} '
                '{{ f|upper }}</li>{% endfor %}</ol><h2>{{ s.headline ~ "!" }}</h2>'
                '{{ s.features|join(", ") }} {{ (s.headline * 2)|length }} {{ 3 * 4 }}')
    html = render_block(template, Slots(), index=0, block_type="intro", sanitize=False)
    assert "<li>01 가볍다</li>" in html and "오늘의 추천!" in html
    assert "가볍다, 튼튼하다 12 12" in html


def test_arithmetic_errors_are_template_errors_not_crashes():
    for template in ("{{ 1 / 0 }}", '{{ "a" - 1 }}', "{{ 10.0 ** 400 }}",
                     '{{ s.features|sum }}', '{{ "%d"|format("x") }}',
                     '{{ s.headline.split(1) }}'):
        with pytest.raises(TemplateRenderError):
            render_block(template, Slots(), index=0, block_type="intro", sanitize=False)


def test_saving_a_bomb_template_is_refused_with_a_limits_problem():
    with pytest.raises(TemplateInvalid) as refused:
        validate_template("FAQ", '<section>{{ s.heading }}{{ "a" * 400000000 }}</section>',
                          ["heading"])
    assert refused.value.code == "limits"
