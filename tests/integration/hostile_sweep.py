"""Fire every hostile value at every route of a running gateway and count the answers.

For each operation in the gateway's own OpenAPI document: each path parameter, each query
parameter and each top-level body field in turn gets each hostile value while everything else
holds a valid value (real ids of a product, a page, a template… created first), plus whole
bodies that are hostile as such. The count of 5xx answers must be zero.

    python -m tests.integration.hostile_sweep http://127.0.0.1:8000 [X-User-Id]
"""

from __future__ import annotations

import collections
import json
import sys
import time
from typing import Any
from urllib.parse import quote

import httpx

# The raw message route publishes to the pipeline's topics and is guarded by its own change.
SKIP = ("/api/generation/message",)
DEEP = "[" * 64 + "1" + "]" * 64
# Body field values, as raw JSON text (NaN and 1e400 cannot be written by json.dumps).
BODY_VALUES = [
    "NaN", "Infinity", "-Infinity", "1e400", "-1e400", "18446744073709551616",
    "-9223372036854775809", "9223372036854775807", "-1", "0", "true", "null", "[]", "{}",
    '"a\\u0000b"', '"\\ud800"', '"\\udfff\\ud800"', '"x\\ud83d"', json.dumps("가" * 60_000),
    DEEP, '{"k":' * 40 + "1" + "}" * 40, '["\\u0000"]', '{"\\u0000":1}', '{"\\ud800":1}',
]
WHOLE_BODIES = [b"NaN", b"\xff\xfe", b'"\\ud800"', DEEP.encode(), b"[" * 5000, b"{", b"",
                b"null", b'{"a":' * 2000 + b"1" + b"}" * 2000, b"1" * 5000]
# Path and query values, already percent-encoded where needed (%ED%A0%80 is a surrogate's
# CESU bytes: invalid UTF-8).
PARAM_VALUES = ["a%00b", "%00", "%ED%A0%80", "x" * 5000, "NaN", "Infinity", "1e400",
                "9" * 30, "9223372036854775808", "-1", "0", "%20", "..%2F..%2Fetc%2Fpasswd",
                "%F0%9F%98%80", "true"]


def _schema(doc: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def minimal(doc: dict, schema: dict) -> Any:
    """A small instance of ``schema`` (required fields only)."""
    schema = _schema(doc, schema)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return minimal(doc, options[0]) if options else None
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {name: minimal(doc, sub) for name, sub in schema.get("properties", {}).items()
                if name in schema.get("required", [])}
    if kind == "array":
        return [minimal(doc, schema.get("items", {}))] * schema.get("minItems", 0)
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    return "ko" if "pattern" in schema else "테스트" * max(1, schema.get("minLength", 1))


def seed(client: httpx.Client) -> dict[str, str]:
    """Real ids for every path parameter name, so one hostile value at a time goes deep."""
    product = client.post("/api/products", json={"name": "스윕 상품"}).json()
    task = client.post("/api/generation/display-list", params={"force": "true"}, json={
        "product_data": "스윕 텀블러\n가격: 10,000원\n용량: 500ml\n소재: 스테인리스",
        "features": ["보온 12시간"]}).json()["task_id"]
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        status = client.get(f"/api/generation/generation/status/{task}").json()["status"]
        if status in ("completed", "failed"):
            break
        time.sleep(0.5)
    page = client.get(f"/api/generation/generation/result/{task}").json()["result"] or {}
    template = client.get("/api/templates").json()["items"][0]
    sets = client.get("/api/template-sets").json()
    images = client.get("/api/images").json()["items"]
    return {"product_id": str(product["id"]), "task_id": task,
            "page_id": str(page.get("page_id", 1)), "template_id": str(template["id"]),
            "set_id": str(sets[0]["id"] if sets else 1), "category_id": "1",
            "image_id": str(images[0]["id"] if images else 1), "version": "1", "index": "0"}


def _raw_body(base: dict, field: str, raw: str) -> bytes:
    marker = "__hostile__"
    text = json.dumps({**base, field: marker}, ensure_ascii=False)
    return text.replace(json.dumps(marker), raw).encode("utf-8")


def requests_for(doc: dict, path: str, method: str, op: dict, ids: dict[str, str]):
    """(method, url, body bytes or None, content type) for every hostile variant."""
    params = op.get("parameters", [])
    path_names = [p["name"] for p in params if p["in"] == "path"]
    query_names = [p["name"] for p in params if p["in"] == "query"]

    def url(path_value: dict[str, str], query: str = "") -> str:
        filled = path
        for name in path_names:
            filled = filled.replace("{" + name + "}", path_value.get(name, ids.get(name, "1")))
        return filled + (f"?{query}" if query else "")

    content = op.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    base = minimal(doc, schema) if schema else None
    body = json.dumps(base, ensure_ascii=False).encode() if schema else None
    for name in path_names:
        for value in PARAM_VALUES:
            yield method, url({name: value}), body, "application/json"
    for name in query_names:
        for value in PARAM_VALUES:
            yield method, url({}, f"{quote(name)}={value}"), body, "application/json"
    if schema is None:
        return
    fields = list(_schema(doc, schema).get("properties", {}))
    for field in fields:
        for raw in BODY_VALUES:
            yield method, url({}), _raw_body(base, field, raw), "application/json"
    for whole in WHOLE_BODIES:
        yield method, url({}), whole, "application/json"
    yield method, url({}), b"\xff\xfe", "text/plain"


def sweep(client: httpx.Client) -> tuple[collections.Counter, list[str]]:
    """Status-code counts over all hostile requests, and a line for each 5xx."""
    doc = client.get("/openapi.json").json()
    ids = seed(client)
    counts: collections.Counter = collections.Counter()
    failures = []
    for path, operations in doc["paths"].items():
        if path in SKIP:
            continue
        for method, op in operations.items():
            for verb, target, body, ctype in requests_for(doc, path, method.upper(), op, ids):
                try:
                    answer = client.request(verb, target, content=body,
                                            headers={"content-type": ctype} if body else {})
                    status = answer.status_code
                except httpx.HTTPError as exc:  # a reset connection counts as a server error
                    status, answer = 599, exc
                counts[status] += 1
                if status >= 500:
                    failures.append(f"{status} {verb} {target[:120]} {(body or b'')[:120]!r}")
    return counts, failures


def main() -> None:
    base, user = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "sweep-seller")
    with httpx.Client(base_url=base, headers={"X-User-Id": user}, timeout=60) as client:
        counts, failures = sweep(client)
    print("\n".join(failures))
    print(f"{sum(counts.values())} requests: " +
          ", ".join(f"{code} x {n}" for code, n in sorted(counts.items())))
    print(f"5xx: {sum(n for code, n in counts.items() if code >= 500)}")


if __name__ == "__main__":
    main()
