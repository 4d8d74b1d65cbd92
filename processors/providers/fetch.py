"""Download provider image URLs through the one SSRF-safe fetcher (infra/fetch.py): http(s)
only, every hop's addresses resolved and checked (private, loopback, link-local and metadata
ranges refused, redirects included), bounded size and time. PDP_FETCH_ALLOW_PRIVATE lists
networks let through anyway — only for a local fake AI server in development and tests."""

from __future__ import annotations

from infra.fetch import FetchFailed, FetchRefused, FetchTooLarge, fetch, parse_networks

__all__ = ["FetchFailed", "FetchRefused", "FetchTooLarge", "SafeFetcher"]


class SafeFetcher:
    def __init__(self, *, allow_private: str = "", max_bytes: int = 20_000_000,
                 timeout_s: float = 30.0, max_redirects: int = 3):
        self.allowed = parse_networks(allow_private)
        self.max_bytes, self.timeout_s, self.max_redirects = max_bytes, timeout_s, max_redirects

    async def fetch(self, url: str) -> tuple[bytes, str]:
        """(bytes, content type); raises infra.fetch.FetchRefused / FetchTooLarge / FetchFailed."""
        got = await fetch(url, max_bytes=self.max_bytes, allow_private=self.allowed,
                          timeout_s=self.timeout_s, max_redirects=self.max_redirects)
        return got.content, got.content_type
