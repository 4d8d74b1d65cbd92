"""The one rule for URLs that clients and upstream systems give us (pure; the fetcher
re-checks resolved addresses when it downloads).

Only absolute http(s) URLs to public hosts, without credentials: loopback, private,
link-local (cloud metadata 169.254.169.254), multicast, reserved and unspecified addresses
are refused, as are local host names. Every URL field of every API body and event uses one
of the annotated types below, so the rule — and any exception to it — lives here only:

- ``PublicHttpUrl``: a public http(s) URL (pydantic ``HttpUrl``, normalized);
- ``StoredOrPublicUrl``: that, or one of this service's stored images — ``/media/ab/<sha256>.ext``
  as storage names them, relative (as an upload returns it) or absolute on any host (only the
  gateway knows its own host; whoever uses the path reads it from storage, never over HTTP,
  and the gateway checks the seller owns it: gateway/photos.py).

The one exception to "public only": networks named in PDP_FETCH_ALLOW_PRIVATE (a local image
server in development and tests; empty in production), set once per process.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, HttpUrl
from pydantic_core import PydanticCustomError

LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "metadata.google.internal")
LOCAL_SUFFIXES = (".localhost", ".local", ".internal")
MEDIA_PREFIX = "/media/"
# How storage names an image (infra/storage.py content_key): the sha256 of its bytes, so a name
# can only be known by someone who has the image. Raster formats only.
MEDIA_PATH = re.compile(r"/media/[0-9a-f]{2}/[0-9a-f]{64}\.(?:jpg|png|webp)")
_allowed_private: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()


def allow_private_networks(spec: str) -> None:
    """PDP_FETCH_ALLOW_PRIVATE: comma-separated networks let through although private."""
    global _allowed_private
    _allowed_private = tuple(ipaddress.ip_network(part.strip(), strict=False)
                             for part in spec.split(",") if part.strip())


def own_media_path(url: str) -> str | None:
    """The /media/… path when ``url`` names an image in this service's storage (relative or
    absolute), else None."""
    parts = urlsplit(url)
    if parts.query or parts.fragment or not MEDIA_PATH.fullmatch(parts.path):
        return None
    if not parts.scheme and not parts.netloc:
        return parts.path
    if parts.scheme in ("http", "https") and parts.hostname and not parts.username:
        return parts.path
    return None


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def refuse_private_host(host: str | None) -> None:
    """Raise ValueError when ``host`` is obviously not a public internet host."""
    if not host:
        raise ValueError("URL has no host")
    name = host.strip("[]").lower().rstrip(".")
    if name in LOCAL_NAMES or name.endswith(LOCAL_SUFFIXES):
        raise ValueError(f"host {host!r} is local; only public http(s) URLs are allowed")
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        if name.replace(".", "").isdigit() or name.startswith("0x"):
            raise ValueError(f"host {host!r} is not a valid public address") from None
        return  # a DNS name: its addresses are checked when it is fetched
    if any(address in network for network in _allowed_private):
        return
    if not is_public_address(address):
        raise ValueError(f"address {host!r} is private, loopback or reserved; "
                         "only public http(s) URLs are allowed")


def check_public_url(url: str) -> str:
    """The rule itself, on a URL string; returns it unchanged or raises ValueError."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        # pydantic's own error types, so a client sees the same `type` as for HttpUrl fields
        # (PydanticCustomError is a ValueError for callers outside pydantic).
        kind = "url_scheme" if parts.scheme and parts.netloc else "url_parsing"
        raise PydanticCustomError(kind, "only http(s) URLs are allowed")
    if parts.username is not None or parts.password is not None:
        raise ValueError("URLs with credentials are not allowed")
    refuse_private_host(parts.hostname)
    return url


def _public_http_url(url: HttpUrl) -> HttpUrl:
    check_public_url(str(url))
    return url


def check_stored_or_public(url: str) -> str:
    """A stored image of this service (/media/...) or a public http(s) URL."""
    return url if own_media_path(url) else check_public_url(url)


PublicHttpUrl = Annotated[HttpUrl, AfterValidator(_public_http_url)]
StoredOrPublicUrl = Annotated[str, AfterValidator(check_stored_or_public)]
