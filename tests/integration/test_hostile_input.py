"""Hostile input through the real pipeline: scripts, template syntax and SQL in every text
field come out as harmless text; wrong types and private URLs are refused at the edge."""

from __future__ import annotations

import pytest

from tests.integration.support import dangerous_markup, query, wait_done

pytestmark = pytest.mark.integration

XSS = '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>'
TEMPLATE = "{{ 7*7 }} {% for x in range(3) %}loop{% endfor %} {{ ''.__class__.__mro__ }}"
SQL = "'; DROP TABLE tasks; -- \" OR 1=1"


def test_xss_template_and_sql_strings_in_every_field_become_plain_text(stack, client):
    body = {
        "product_data": f"악성 상품 {XSS}\n가격: 10,000원\n소재: {TEMPLATE}\n사용법: {SQL}\n"
                        f"주의: {XSS}",
        "features": [XSS, TEMPLATE, SQL],
        "target_customer": XSS + TEMPLATE,
        "category": SQL,
        "tone": "friendly",
    }
    task_id = client.post("/api/generation/display-list", json=body).json()["task_id"]
    assert wait_done(client, [task_id], 60)[task_id]["status"] == "completed"
    page = client.get(f"/api/generation/generation/result/{task_id}").json()["result"]
    html = page["html"]
    assert dangerous_markup(html) == []
    assert "loop loop" not in html and "&lt;class" not in html  # template syntax not executed
    assert "{{ 7*7 }}" in html  # …it is shown as the seller typed it
    assert "&lt;script&gt;" in html
    assert query(stack.database_url, "SELECT count(*) FROM tasks WHERE id = %s", (task_id,))[0][0] == 1


@pytest.mark.parametrize("body", [
    {"product_data": 123},
    {"product_data": ["a"]},
    {"product_data": "x", "features": [1, {"a": 2}]},
    {"product_data": "x", "template_ids": ["1; DROP TABLE templates"]},
    {"product_data": "x", "product_image_url": "http://169.254.169.254/latest/meta-data/"},
    {"product_data": "x", "product_image_url": "http://localhost:5432/"},
    {"product_data": "x", "product_image_url": "file:///etc/passwd"},
])
def test_wrong_types_and_private_urls_get_422(client, body):
    response = client.post("/api/generation/display-list", json=body)
    assert response.status_code == 422, response.text


def test_non_json_and_empty_bodies_get_4xx_not_5xx(client):
    for content in (b"", b"not json", b"{", b"\xff\xfe"):
        response = client.post("/api/generation/display-list", content=content,
                               headers={"content-type": "application/json"})
        assert 400 <= response.status_code < 500, (content, response.status_code)
