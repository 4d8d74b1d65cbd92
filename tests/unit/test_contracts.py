"""The published JSON Schemas match the models, and the product-event rules hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from pagelogic.product_events import Action, content_hash, decide
from schemas.export import json_schemas
from schemas.product_events import PRODUCT_EVENT, ProductPayload

DOCS = Path(__file__).resolve().parents[2] / "docs" / "schemas"


@pytest.mark.parametrize("name, text", sorted(json_schemas().items()))
def test_checked_in_json_schema_matches_the_model(name, text):
    checked_in = (DOCS / name).read_text(encoding="utf-8")
    assert checked_in == text, f"docs/schemas/{name} is stale: run `pdp schemas export`"


def test_product_event_contract_rejects_what_it_should():
    good = {"event_type": "product.created", "product_id": "p-1", "seller_id": "s-1",
            "version": 1, "product": {"name": "n", "product_data": "text"}}
    assert PRODUCT_EVENT.validate_python(good).product.name == "n"
    for bad in ({**good, "event_type": "product.renamed"}, {**good, "version": -1},
                {**good, "product_id": "has space"}, {**good, "extra": 1},
                {k: v for k, v in good.items() if k != "seller_id"}):
        with pytest.raises(ValueError):
            PRODUCT_EVENT.validate_python(bad)


def _payload(**changes) -> ProductPayload:
    return ProductPayload(**{"name": "머그", "product_data": "머그컵\n가격: 9,000원", **changes})


def test_content_hash_ignores_fields_that_do_not_change_the_page():
    assert content_hash(_payload(price=1.0)) == content_hash(_payload(price=2.0))
    assert content_hash(_payload()) != content_hash(_payload(product_data="머그컵\n가격: 8,000원"))
    assert content_hash(_payload(features=["a", "b"])) != content_hash(_payload(features=["b", "a"]))


@pytest.mark.parametrize("kwargs, expected", [
    (dict(version=3, applied_version=3), Action.stale),
    (dict(version=2, applied_version=3), Action.stale),
    (dict(version=4, applied_version=3, deleted=True), Action.archive),
    (dict(version=1, applied_version=None, new_hash="a", generated_hash=None), Action.schedule),
    (dict(version=4, applied_version=3, new_hash="a", generated_hash="a"), Action.unchanged),
    (dict(version=4, applied_version=3, new_hash="a", generated_hash="a", pending=True), Action.cancel),
    (dict(version=4, applied_version=3, new_hash="b", generated_hash="a", auto_generate=False),
     Action.unchanged),
])
def test_decide(kwargs, expected):
    base = dict(deleted=False, new_hash="x", generated_hash="y", pending=False, auto_generate=True)
    assert decide(**{**base, **kwargs}) == expected
