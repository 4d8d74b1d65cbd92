"""One URL rule for every field that takes a URL: every request body of the API and every
event model that carries one uses schemas/urls.py, and each refuses private hosts with a
422-style error naming the field."""

from __future__ import annotations

import typing

import pytest
from pydantic import AfterValidator, ValidationError

from gateway.app import create_app
from infra.settings import Settings
from schemas import urls
from schemas.api import GenerationRequest, ImageRequest
from schemas.plan import ImagePlan
from schemas.product_events import PRODUCT_EVENT, ProductPayload
from schemas.resources import ReplaceImage

RULES = {urls._public_http_url, urls.check_stored_or_public}
PRIVATE = ["http://127.0.0.1/a.png", "http://169.254.169.254/latest/meta-data/",
           "http://localhost:8000/a.png", "http://10.1.2.3/a.png", "http://[::1]/a.png",
           "http://metadata.google.internal/", "http://user:secret@cdn.example.com/a.png",
           "file:///etc/passwd", "gopher://example.com/"]
# (model, field, the other required fields)
FIELDS = [(GenerationRequest, "product_image_url", {"product_data": "x"}),
          (ImageRequest, "image_url", {"prompt_data": "x"}),
          (ReplaceImage, "reference_url", {"prompt": "x", "kind": "edit"}),
          (ProductPayload, "product_image_url", {"name": "n", "product_data": "x"}),
          (ImagePlan, "reference_url", {"index": 0, "kind": "edit", "prompt": "p", "alt": "a"})]


def _uses_rule(annotation) -> bool:
    if any(isinstance(m, AfterValidator) and m.func in RULES
           for m in getattr(annotation, "__metadata__", ())):
        return True
    return any(_uses_rule(arg) for arg in typing.get_args(annotation))


def _url_properties(schema: dict, components: dict, seen: set) -> set[tuple[str, str]]:
    """(schema name, property) for every property named like a URL, following $refs."""
    found = set()
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        if name in seen:
            return found
        seen.add(name)
        target = components[name]
        for prop, sub in target.get("properties", {}).items():
            if "url" in prop.lower():
                found.add((name, prop))
            found |= _url_properties(sub, components, seen)
        return found
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            found |= _url_properties(schema[key], components, seen)
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            found |= _url_properties(sub, components, seen)
    return found


def test_every_request_body_url_field_is_one_of_the_checked_fields(tmp_path):
    app = create_app(Settings(database_url="postgresql://unused", home=tmp_path,
                              kafka_bootstrap_servers="127.0.0.1:1"))
    spec = app.openapi()
    components = spec["components"]["schemas"]
    found: set = set()
    for operations in spec["paths"].values():
        for operation in operations.values():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                found |= _url_properties(media.get("schema", {}), components, set())
    checked = {(model.__name__, name) for model, name, _ in FIELDS}
    assert found <= checked, f"URL field(s) without the URL rule: {found - checked}"
    assert {("GenerationRequest", "product_image_url"), ("ImageRequest", "image_url"),
            ("ReplaceImage", "reference_url")} <= found


@pytest.mark.parametrize(("model", "field", "_"), FIELDS, ids=[f"{m.__name__}.{f}" for m, f, _ in FIELDS])
def test_each_url_field_uses_the_shared_rule(model, field, _):
    assert _uses_rule(model.model_fields[field].annotation)


@pytest.mark.parametrize("url", PRIVATE)
@pytest.mark.parametrize(("model", "field", "required"), FIELDS,
                         ids=[f"{m.__name__}.{f}" for m, f, _ in FIELDS])
def test_private_urls_are_refused_naming_the_field(model, field, required, url):
    with pytest.raises(ValidationError) as refused:
        model(**required, **{field: url})
    assert refused.value.errors()[0]["loc"][-1] == field


@pytest.mark.parametrize(("model", "field", "required"), FIELDS,
                         ids=[f"{m.__name__}.{f}" for m, f, _ in FIELDS])
def test_public_urls_are_accepted(model, field, required):
    value = model(**required, **{field: "https://cdn.example.com/p/a.png"})
    assert str(getattr(value, field)) == "https://cdn.example.com/p/a.png"


def test_stored_media_urls_are_accepted_where_a_stored_image_may_be_named():
    assert ReplaceImage(prompt="x", kind="edit", reference_url="/media/ab/" + "ab" * 32 + ".jpg").reference_url
    with pytest.raises(ValidationError):
        ReplaceImage(prompt="x", kind="edit", reference_url="/media/../etc/passwd")


def test_a_product_event_with_a_private_image_url_is_refused():
    event = {"event_type": "product.created", "product_id": "p1", "seller_id": "s1",
             "version": 1, "product": {"name": "n", "product_data": "x",
                                       "product_image_url": "http://169.254.169.254/"}}
    with pytest.raises(ValidationError) as refused:
        PRODUCT_EVENT.validate_python(event)
    assert "product_image_url" in refused.value.errors()[0]["loc"]
