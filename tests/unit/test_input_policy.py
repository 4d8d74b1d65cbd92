"""The gateway's input policy: examples for each rule, and a hypothesis fuzz that holds it to
an independent oracle — a value passes exactly when PostgreSQL and a JSON answer can carry
it, and whatever the input, the checks never raise and their answer is always encodable."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.input_policy import (
    INT64,
    MAX_DEPTH,
    MAX_PARAM_CHARS,
    InvalidJson,
    json_problems,
    needs_path_check,
    param_problems,
    parse_json,
    path_params,
)


def _nested(depth: int) -> object:
    value: object = "leaf"
    for _ in range(depth):
        value = {"k": value}
    return value


@pytest.mark.parametrize(("raw", "loc", "kind"), [
    (b'{"name":"a\\u0000b"}', ["body", "name"], "string_nul"),
    (b'{"name":"\\ud800"}', ["body", "name"], "string_unicode"),
    (b'{"features":["ok","\\udfff x"]}', ["body", "features", 1], "string_unicode"),
    (b'{"template_set_id":NaN}', ["body", "template_set_id"], "finite_number"),
    (b'{"price":Infinity}', ["body", "price"], "finite_number"),
    (b'{"price":-Infinity}', ["body", "price"], "finite_number"),
    (b'{"price":1e400}', ["body", "price"], "finite_number"),
    (b'{"template_set_id":18446744073709551616}', ["body", "template_set_id"], "int_too_large"),
    (b'{"data":{"\\u0000":1}}', ["body", "data", "\\x00"], "string_nul"),
])
def test_each_forbidden_value_is_named_by_its_field(raw, loc, kind):
    assert [(p["loc"], p["type"]) for p in json_problems(parse_json(raw))] == [(loc, kind)]


def test_nesting_is_bounded_and_the_bound_itself_passes():
    assert json_problems({"data": _nested(MAX_DEPTH - 1)}) == []
    deep = json_problems({"data": _nested(MAX_DEPTH + 5)})
    assert [p["type"] for p in deep] == ["json_too_deep"]
    assert deep[0]["loc"][:2] == ["body", "data"]


def test_unparseable_bodies_are_one_problem_not_an_exception():
    for raw in (b"\xff\xfe", b"{", b"[" * 100_000, b"1" * 5000):
        with pytest.raises(InvalidJson) as caught:
            parse_json(raw)
        assert caught.value.problem["loc"][0] == "body"


def test_ordinary_korean_product_input_passes():
    body = {"product_data": "무선 이어폰\n가격: 89,000원 😀", "features": ["노이즈 캔슬링"],
            "price": 89000.5, "template_ids": [1, 2], "controls": {"translate": False}}
    assert json_problems(parse_json(json.dumps(body).encode())) == []


def test_path_segments_are_named_after_the_route_template():
    templates = ["/api/products/{product_id}", "/api/generation/generation/status/{task_id}"]
    params = path_params("/api/generation/generation/status/a\x00b", templates)
    assert params == [("task_id", "a\x00b")]
    assert param_problems("path", params)[0]["loc"] == ["path", "task_id"]
    assert path_params("/media/x\x00.png", templates) == [("1", "media"), ("2", "x\x00.png")]
    assert needs_path_check("/api/x\x00") and not needs_path_check("/api/products/1")


def test_query_values_with_nul_or_beyond_the_limit_are_refused():
    long_value = "y" * (MAX_PARAM_CHARS + 1)
    found = param_problems("query", [("q", "a\x00"), ("page", "1"), ("x", long_value)])
    assert [(p["loc"], p["type"]) for p in found] == [
        (["query", "q"], "string_nul"), (["query", "x"], "string_too_long")]


# --- fuzz --------------------------------------------------------------------------------

# Surrogates are not in hypothesis' default alphabet: mix them (and NUL) in on purpose.
ANY_TEXT = st.text(st.characters() | st.sampled_from(["\x00", "\ud800", "\udfff", "\ud83d"]),
                   max_size=12)
SCALARS = (st.none() | st.booleans() | st.floats(allow_nan=True, allow_infinity=True)
           | st.integers(min_value=-2 * INT64, max_value=2 * INT64) | ANY_TEXT)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=40)


def _acceptable(value: object, depth: int = 0) -> bool:
    """The oracle, written independently of the policy: what storage and answers can carry."""
    if isinstance(value, (dict, list)):
        if depth >= MAX_DEPTH:
            return False
        items = value.items() if isinstance(value, dict) else enumerate(value)
        return all((not isinstance(k, str) or _acceptable(k, depth)) and _acceptable(v, depth + 1)
                   for k, v in items)
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return "\x00" not in value
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return -INT64 <= value < INT64
    return True


def _deepen(value: object, extra: int) -> object:
    for _ in range(extra):
        value = [value]
    return value


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(JSON_VALUES, st.integers(min_value=0, max_value=MAX_DEPTH + 3))
def test_fuzz_a_value_passes_exactly_when_storage_and_answers_can_carry_it(value, extra):
    value = _deepen(value, extra)
    found = json_problems(value)
    assert (found == []) == _acceptable(value)
    json.dumps({"detail": found}, ensure_ascii=False).encode("utf-8")  # the 422 always encodes
    if not found:
        json.dumps(value, allow_nan=False, ensure_ascii=False).encode("utf-8")


@settings(max_examples=300)
@given(st.binary(max_size=200))
def test_fuzz_raw_bytes_give_a_value_or_one_problem(raw):
    try:
        value = parse_json(raw)
    except InvalidJson as exc:
        json.dumps(exc.problem).encode("utf-8")
        return
    json.dumps(json_problems(value), ensure_ascii=False).encode("utf-8")


@settings(max_examples=300)
@given(st.lists(st.tuples(ANY_TEXT, ANY_TEXT), max_size=4))
def test_fuzz_params_pass_exactly_without_nul_surrogates_or_excess(pairs):
    found = param_problems("query", pairs)
    clean = all(_acceptable(n) and _acceptable(v) and len(v) <= MAX_PARAM_CHARS for n, v in pairs)
    assert (found == []) == clean
    json.dumps({"detail": found}, ensure_ascii=False).encode("utf-8")
