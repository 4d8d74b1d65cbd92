"""The SSRF-safe fetcher for user-supplied URLs (upload-image, reference photos).

Every hop — the first URL and each redirect — is checked the same way: http/https only, the
host name resolved here and *every* address it resolves to must be public (no loopback,
private, link-local / cloud metadata 169.254.169.254, multicast, reserved or unspecified),
then the connection goes to the address that was checked (the Host header and TLS SNI carry
the name), so a DNS answer that changes between check and connect (DNS rebinding) cannot
steer the request inside. Bodies are streamed with a byte limit; connect/read timeouts and an
overall deadline bound the time.

``allow_private`` (PDP_FETCH_ALLOW_PRIVATE) lists networks that are let through anyway — for
local development and tests only (a test image server on 127.0.0.1); empty in production.

Self-contained on purpose (httpx + the standard library) so every caller can reuse it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
REDIRECTS = (301, 302, 303, 307, 308)


class FetchRefused(ValueError):
    """The URL is not allowed (scheme, host, address, redirect) — the caller's fault."""


class FetchTooLarge(ValueError):
    """The body is larger than the limit."""


class FetchFailed(RuntimeError):
    """The remote side failed (unreachable, timeout, HTTP error status)."""


@dataclass(frozen=True)
class Fetched:
    url: str
    content: bytes
    content_type: str


def parse_networks(spec: str | list[str] | None) -> tuple[ipaddress._BaseNetwork, ...]:
    items = spec.split(",") if isinstance(spec, str) else (spec or [])
    return tuple(ipaddress.ip_network(i.strip(), strict=False) for i in items if i.strip())


def is_public(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def check_address(address: Address, allowed: tuple) -> None:
    if is_public(address) or any(address in net for net in allowed):
        return
    raise FetchRefused(f"address {address} is private, loopback, link-local or reserved; "
                       "only public http(s) URLs are allowed")


async def resolve(host: str, port: int) -> list[Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise FetchFailed(f"host {host!r} does not resolve") from exc
    # Scope ids (fe80::1%eth0) are dropped: link-local is refused anyway.
    return list(dict.fromkeys(ipaddress.ip_address(i[4][0].split("%")[0]) for i in infos))


async def _check_hop(url: str, allowed: tuple) -> tuple[str, str, Address]:
    """(pinned URL to connect to, host name, checked address) for one hop."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchRefused(f"scheme {parts.scheme or '(none)'!r} is not allowed; use http or https")
    if parts.username or parts.password:
        raise FetchRefused("URLs with credentials are not allowed")
    host = parts.hostname
    if not host:
        raise FetchRefused("URL has no host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchRefused("URL has an invalid port") from exc
    addresses = await resolve(host, port)
    if not addresses:
        raise FetchFailed(f"host {host!r} does not resolve")
    for address in addresses:  # all of them: a name must not mix public and private answers
        check_address(address, allowed)
    pinned_host = f"[{addresses[0]}]" if addresses[0].version == 6 else str(addresses[0])
    pinned = urlunsplit((parts.scheme, f"{pinned_host}:{port}", parts.path or "/",
                         parts.query, ""))
    return pinned, host, addresses[0]


async def fetch(url: str, *, max_bytes: int, allow_private: tuple = (), timeout_s: float = 10.0,
                max_redirects: int = 3, accept: str = "image/*") -> Fetched:
    """GET ``url`` safely (see the module docstring); raises FetchRefused / FetchTooLarge /
    FetchFailed."""
    try:
        return await asyncio.wait_for(
            _fetch(url, max_bytes, allow_private, timeout_s, max_redirects, accept),
            timeout_s * (max_redirects + 1))
    except asyncio.TimeoutError as exc:
        raise FetchFailed("fetching the URL took too long") from exc


async def _fetch(url: str, max_bytes: int, allowed: tuple, timeout_s: float,
                 max_redirects: int, accept: str) -> Fetched:
    # Imported here: httpx also imports its command-line client (rich, click), ~0.25 s of
    # every gateway start-up for a path only URL uploads take.
    import httpx

    timeout = httpx.Timeout(timeout_s, connect=min(5.0, timeout_s))
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for _ in range(max_redirects + 1):
            pinned, host, _address = await _check_hop(url, allowed)
            parts = urlsplit(url)
            host_header = host if parts.port is None else f"{host}:{parts.port}"
            request = client.build_request(
                "GET", pinned, headers={"Host": host_header, "Accept": accept,
                                        "User-Agent": "pdp-fetch/1"},
                extensions={"sni_hostname": host} if parts.scheme == "https" else {})
            try:
                response = await client.send(request, stream=True)
            except httpx.HTTPError as exc:
                raise FetchFailed(f"could not fetch the URL: {type(exc).__name__}") from exc
            try:
                if response.status_code in REDIRECTS:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchFailed("redirect without a Location header")
                    url = urljoin(url, location)
                    continue
                if response.status_code >= 400:
                    raise FetchFailed(f"the URL answered HTTP {response.status_code}")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchTooLarge(f"the body is larger than {max_bytes} bytes")
                body = bytearray()
                try:
                    async for chunk in response.aiter_bytes():
                        body += chunk
                        if len(body) > max_bytes:
                            raise FetchTooLarge(f"the body is larger than {max_bytes} bytes")
                except httpx.HTTPError as exc:
                    raise FetchFailed(f"reading the body failed: {type(exc).__name__}") from exc
                return Fetched(url, bytes(body), response.headers.get("content-type", ""))
            finally:
                await response.aclose()
        raise FetchRefused(f"more than {max_redirects} redirects")
