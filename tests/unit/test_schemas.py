"""Contracts: topic registry and request bounds."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from schemas.api import GenerationRequest
from schemas.events import PART_RESULT, BlockRendered, GenerationRequested
from schemas.topics import ALL_TOPICS


def test_topic_names_are_unique_and_documented():
    names = [t.name for t in ALL_TOPICS]
    assert len(names) == len(set(names))
    assert all(t.description and t.key for t in ALL_TOPICS)


def test_events_round_trip_and_carry_a_version():
    event = GenerationRequested(task_id="t", user_id="u",
                                request=GenerationRequest(product_data="x"))
    decoded = GenerationRequested.model_validate_json(event.to_bytes())
    assert decoded == event and decoded.schema_version == 1


def test_part_results_are_discriminated_by_event_type():
    block = BlockRendered(task_id="t", index=0, block_type="FAQ", html="<p>x</p>")
    assert isinstance(PART_RESULT.validate_json(block.to_bytes()), BlockRendered)


def test_unknown_schema_version_is_refused():
    raw = GenerationRequested(task_id="t", user_id="u",
                              request=GenerationRequest(product_data="x")).model_dump()
    raw["schema_version"] = 2
    with pytest.raises(ValidationError):
        GenerationRequested.model_validate(raw)


@pytest.mark.parametrize("body", [
    {"product_data": "x", "features": ["a" * 201]},
    {"product_data": "x", "features": ["f"] * 21},
    {"product_data": "x", "target_customer": "t" * 501},
    {"product_data": "x", "product_image_url": "ftp://example.com/a.png"},
])
def test_request_sizes_are_bounded(body):
    with pytest.raises(ValidationError):
        GenerationRequest(**body)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/a.png", "http://localhost:8000/a.png", "http://169.254.169.254/latest",
    "http://10.0.0.5/a.png", "http://192.168.1.1/a.png", "http://[::1]/a.png",
    "http://[::ffff:127.0.0.1]/a.png", "http://0.0.0.0/a.png", "http://2130706433/a.png",
    "http://service.internal/a.png", "file:///etc/passwd", "gopher://example.com/",
])
def test_private_and_non_http_image_urls_are_refused_at_the_edge(url):
    with pytest.raises(ValidationError):
        GenerationRequest(product_data="x", product_image_url=url)


def test_public_image_url_is_accepted():
    assert GenerationRequest(product_data="x", product_image_url="https://cdn.example.com/a.png")
