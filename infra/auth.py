"""Optional JWT mode (PDP_AUTH_MODE=jwt): the user id is the token's ``sub``.

One algorithm per configured key, never chosen by the token: HS256 with PDP_JWT_SECRET, or
RS256 with PDP_JWT_PUBLIC_KEY_FILE (PEM) / PDP_JWT_JWKS_FILE (a JWKS JSON document, the key
picked by the token's ``kid``). ``exp`` and ``sub`` are required; audience and issuer are
checked when configured.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

# PyJWT (with cryptography, ~20 MB) is imported only when JWT mode is used: header mode
# gateways should not carry it.


class AuthError(Exception):
    """The token is missing, malformed, expired or not signed by a configured key."""


@lru_cache(maxsize=4)
def _pem(path: Path) -> str:
    return path.read_text()


@lru_cache(maxsize=4)
def _jwks(path: Path) -> Any:
    import jwt

    return jwt.PyJWKSet.from_json(path.read_text())


def _key(token: str, settings) -> tuple[object, str]:
    import jwt

    if settings.jwt_secret:
        return settings.jwt_secret, "HS256"
    if settings.jwt_public_key_file:
        return _pem(Path(settings.jwt_public_key_file)), "RS256"
    if settings.jwt_jwks_file:
        kid = jwt.get_unverified_header(token).get("kid")
        keys = _jwks(Path(settings.jwt_jwks_file))
        try:
            return (keys[kid] if kid else keys.keys[0]).key, "RS256"
        except (KeyError, IndexError) as exc:
            raise AuthError("token signed by an unknown key") from exc
    raise AuthError("JWT mode is on but no key is configured")


def user_from_token(token: str, settings) -> str:
    return identity_from_token(token, settings)[0]


def identity_from_token(token: str, settings) -> tuple[str, frozenset[str]]:
    """(subject, roles) of a valid token. Roles come from the ``roles`` claim (a list or a
    space-separated string), as most identity providers can emit it."""
    import jwt

    try:
        key, algorithm = _key(token, settings)
        claims = jwt.decode(token, key, algorithms=[algorithm], audience=settings.jwt_audience,
                            issuer=settings.jwt_issuer,
                            options={"require": ["exp", "sub"],
                                     "verify_aud": settings.jwt_audience is not None})
    except jwt.PyJWTError as exc:
        raise AuthError(f"invalid token: {exc}") from exc
    subject = str(claims["sub"]).strip()
    if not subject or len(subject) > 128:
        raise AuthError("token subject must be 1-128 characters")
    roles = claims.get("roles") or []
    if isinstance(roles, str):
        roles = roles.split()
    return subject, frozenset(str(r) for r in roles if isinstance(r, (str, int)))
