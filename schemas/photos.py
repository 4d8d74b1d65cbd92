"""The seller's photo URL at the edge (pure): this service's own stored image, or a public
http(s) URL. Kept beside schemas/urls.py (the private-address rules), which it uses."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from pydantic import HttpUrl, TypeAdapter, ValidationError

from schemas.urls import refuse_private_host

# How storage names an image (pdp/storage.py content_key): the sha256 of its bytes, so a name
# can only be known by someone who has the image. Raster formats only (a photo to compose).
MEDIA_PATH = re.compile(r"/media/[0-9a-f]{2}/[0-9a-f]{64}\.(?:jpg|png|webp)")

# Private networks let through anyway (PDP_FETCH_ALLOW_PRIVATE, for a local image server in
# development and tests; empty in production). Set once per process from its settings.
_allowed_private: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
_HTTP_URL = TypeAdapter(HttpUrl)


def allow_private_networks(spec: str) -> None:
    global _allowed_private
    _allowed_private = tuple(ipaddress.ip_network(part.strip(), strict=False)
                             for part in spec.split(",") if part.strip())


def own_media_path(url: str) -> str | None:
    """The /media/… path when ``url`` names an image in this service's storage — relative, as
    an upload returns it, or absolute (any host: only the gateway knows its own, and it reads
    the path from storage, never over HTTP) — else None."""
    parts = urlsplit(url)
    if parts.query or parts.fragment or not MEDIA_PATH.fullmatch(parts.path):
        return None
    if not parts.scheme and not parts.netloc:
        return parts.path
    if parts.scheme in ("http", "https") and parts.hostname and not parts.username:
        return parts.path
    return None


def check_photo_url(url: str) -> str:
    """A seller's photo: this service's own stored image, or a public http(s) URL."""
    return url if own_media_path(url) else check_public_url(url)


def check_public_url(url: str) -> str:
    """A public http(s) URL (or one in the allowed private networks), as pydantic's HttpUrl
    normalises it; raises ValueError."""
    try:
        parsed = _HTTP_URL.validate_python(url)
    except ValidationError:
        raise ValueError("must be a public http(s) URL or an uploaded image (/media/…)") from None
    if parsed.username or parsed.password:
        raise ValueError("URLs with credentials are not allowed")
    try:
        if any(ipaddress.ip_address(parsed.host.strip("[]")) in net for net in _allowed_private):
            return str(parsed)
    except ValueError:
        pass
    refuse_private_host(parsed.host)
    return str(parsed)
