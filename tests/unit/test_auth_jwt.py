"""JWT mode: HS256 secret, RS256 PEM and JWKS file; forged, expired and wrong-algorithm tokens."""

from __future__ import annotations

import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from infra.auth import AuthError, user_from_token
from infra.settings import Settings


def token(key, alg="HS256", **claims):
    body = {"sub": "seller-9", "exp": int(time.time()) + 60} | claims
    headers = {"kid": "k1"} if alg == "RS256" else None
    return jwt.encode(body, key, algorithm=alg, headers=headers)


def test_hs256_secret():
    settings = Settings(auth_mode="jwt", jwt_secret="s3cret-s3cret-s3cret-s3cret-s3cret")
    assert user_from_token(token(settings.jwt_secret), settings) == "seller-9"
    with pytest.raises(AuthError):
        user_from_token(token("another-secret-another-secret-xx"), settings)
    with pytest.raises(AuthError):
        user_from_token(token(settings.jwt_secret, exp=int(time.time()) - 5), settings)
    with pytest.raises(AuthError):  # no sub
        user_from_token(jwt.encode({"exp": int(time.time()) + 60}, settings.jwt_secret), settings)


def test_rs256_pem_and_jwks(tmp_path):
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.public_key().public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)
    (tmp_path / "pub.pem").write_bytes(pem)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key())) | {"kid": "k1"}
    (tmp_path / "jwks.json").write_text(json.dumps({"keys": [jwk]}))
    good = token(private, "RS256")
    for settings in (Settings(auth_mode="jwt", jwt_public_key_file=tmp_path / "pub.pem"),
                     Settings(auth_mode="jwt", jwt_jwks_file=tmp_path / "jwks.json")):
        assert user_from_token(good, settings) == "seller-9"
        # Algorithm confusion: an HS256 token "signed" with the public key is refused.
        with pytest.raises(AuthError):
            user_from_token(jwt.encode({"sub": "x", "exp": int(time.time()) + 60}, "k" * 40,
                                       algorithm="HS256"), settings)
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(AuthError):
        user_from_token(token(other, "RS256"),
                        Settings(auth_mode="jwt", jwt_jwks_file=tmp_path / "jwks.json"))
