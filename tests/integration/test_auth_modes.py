"""Over HTTP: in JWT mode the user comes from the token's sub and a bare X-User-Id is refused."""

from __future__ import annotations

import time

import httpx
import jwt
import pytest

from tests.integration.conftest import running_stack

pytestmark = pytest.mark.integration
SECRET = "integration-secret-integration-secret"


def test_jwt_mode_over_http(pg_admin_url, tmp_path_factory):
    env = {"PDP_AUTH_MODE": "jwt", "PDP_JWT_SECRET": SECRET}
    with running_stack(pg_admin_url, tmp_path_factory.mktemp("jwt"), env=env) as stack:
        def bearer(sub, **claims):
            value = jwt.encode({"sub": sub, "exp": int(time.time()) + 60, **claims}, SECRET)
            return {"Authorization": f"Bearer {value}"}
        url = stack.url + "/api/products"
        assert httpx.get(url, headers={"X-User-Id": "alice"}).status_code == 401
        assert httpx.get(url, headers={"Authorization": "Bearer nonsense"}).status_code == 401
        made = httpx.post(url, json={"name": "토큰 상품"}, headers=bearer("alice"))
        assert made.status_code == 201
        assert httpx.get(url, headers=bearer("alice")).json()["total"] == 1
        assert httpx.get(url, headers=bearer("bob")).json()["total"] == 0
        spoof = bearer("bob") | {"X-User-Id": "alice"}
        assert httpx.get(url, headers=spoof).status_code == 401

        # The raw message route: a seller's token is refused, an operator's role is not.
        message = {"topic": "commerce.product-events", "value": {
            "event_type": "product.deleted", "product_id": "p1", "seller_id": "bob",
            "version": 1}}
        raw = stack.url + "/api/generation/message"
        assert httpx.post(raw, json=message, headers=bearer("alice")).status_code == 403
        assert httpx.post(raw, json=message, headers=bearer("alice", roles="viewer")
                          ).status_code == 403
        assert httpx.post(raw, json=message, headers=bearer("ops", roles=["pdp-admin"])
                          ).status_code == 201
