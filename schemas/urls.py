"""Edge checks for user-supplied URLs (pure; the fetcher re-checks resolved addresses).

Only http(s) to public hosts: loopback, private, link-local (cloud metadata 169.254.169.254),
multicast, reserved and unspecified addresses are refused, as are local host names.
"""

from __future__ import annotations

import ipaddress

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
