"""Download provider image URLs safely: http(s) only, no private/loopback/link-local
targets (SSRF), redirects re-checked, bounded size. A dev/test setting allows private
addresses so the local fake AI server can be used."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import httpx


class FetchRefused(Exception):
    """The URL points somewhere we will not fetch from, or the download is unusable."""


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
                or ip.is_multicast or ip.is_unspecified)


class SafeFetcher:
    def __init__(self, *, allow_private: bool = False, max_bytes: int = 20_000_000,
                 timeout_s: float = 30.0, max_redirects: int = 3):
        self.allow_private, self.max_bytes = allow_private, max_bytes
        self.timeout_s, self.max_redirects = timeout_s, max_redirects

    async def _check(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchRefused(f"only http(s) URLs are fetched: {url[:100]}")
        if self.allow_private:
            return
        infos = await asyncio.get_running_loop().getaddrinfo(
            parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
            type=socket.SOCK_STREAM)
        for info in infos:
            if not is_public_address(info[4][0]):
                raise FetchRefused(f"refusing to fetch from a private address: {parts.hostname}")

    async def fetch(self, url: str) -> tuple[bytes, str]:
        """(bytes, content type)."""
        async with httpx.AsyncClient(timeout=self.timeout_s, follow_redirects=False) as client:
            for _ in range(self.max_redirects + 1):
                await self._check(url)
                async with client.stream("GET", url) as response:
                    if response.is_redirect:
                        url = urljoin(url, response.headers.get("location", ""))
                        continue
                    response.raise_for_status()
                    chunks, size = [], 0
                    async for chunk in response.aiter_bytes():
                        size += len(chunk)
                        if size > self.max_bytes:
                            raise FetchRefused("image larger than the download limit")
                        chunks.append(chunk)
                    return b"".join(chunks), response.headers.get("content-type", "")
        raise FetchRefused("too many redirects")
