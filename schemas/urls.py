"""Edge checks for user-supplied URLs (pure; the fetcher re-checks resolved addresses).

Only http(s) to public hosts: loopback, private, link-local (cloud metadata 169.254.169.254),
multicast, reserved and unspecified addresses are refused, as are local host names.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from pydantic import HttpUrl, TypeAdapter, ValidationError

LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "metadata.google.internal")
LOCAL_SUFFIXES = (".localhost", ".local", ".internal")


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
    if not is_public_address(address):
        raise ValueError(f"address {host!r} is private, loopback or reserved; "
                         "only public http(s) URLs are allowed")


# --- the seller's photo: this service's own stored image, or a public URL ---------------------

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
