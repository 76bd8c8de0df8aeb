"""The address a request came from, for every part that needs it (the complaint form's limit,
django-axes and the sign-in events of the audit trail), and whether a header a proxy sets may
be believed (`from_trusted_proxy`: the request id, sro/core/middleware.py).

It is REMOTE_ADDR, unless REMOTE_ADDR is one of the reverse proxies listed in
`SRO_TRUSTED_PROXIES`: then the proxy's header names the client (`SRO_CLIENT_IP_HEADER`): in
X-Forwarded-For the rightmost hop that is not itself a trusted proxy (every proxy appends the
address it saw, so hops to the left of that one are whatever the client chose to send), or
X-Real-IP. A header from anyone else is never believed, and a header a trusted proxy passes
that holds no address gives the proxy's own address, never one a client wrote."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings

type Address = ipaddress.IPv4Address | ipaddress.IPv6Address
type Network = ipaddress.IPv4Network | ipaddress.IPv6Network

FORWARDED_FOR = "X-Forwarded-For"
REAL_IP = "X-Real-IP"
HEADERS = (FORWARDED_FOR, REAL_IP)


def parse(text: str) -> Address | None:
    """An IP address written any way (IPv4 inside IPv6 as plain IPv4), or None."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted() -> list[Network]:
    return [ipaddress.ip_network(entry, strict=False) for entry in settings.SRO_TRUSTED_PROXIES]


def _is_trusted(address: Address, networks: list[Network]) -> bool:
    return any(address in network for network in networks)


def _meta_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


def from_trusted_proxy(request: Any) -> bool:
    """Whether the request came from one of SRO_TRUSTED_PROXIES, whose headers are believed."""
    remote = parse(str(getattr(request, "META", {}).get("REMOTE_ADDR") or ""))
    return remote is not None and _is_trusted(remote, _trusted())


def client_ip(request: Any) -> str | None:
    """The client's address, written one way (`2001:db8::1`, never `2001:DB8:0::1`); None
    when the request has none (a Unix socket, a test's bare request)."""
    meta = getattr(request, "META", {})
    remote = parse(str(meta.get("REMOTE_ADDR") or ""))
    if remote is None:
        return None
    networks = _trusted()
    if not _is_trusted(remote, networks):
        return str(remote)
    header = settings.SRO_CLIENT_IP_HEADER
    value = str(meta.get(_meta_key(header)) or "")
    if header == REAL_IP:
        return str(parse(value) or remote)
    # X-Forwarded-For, read from the right: skip our own proxies; the first other hop is the
    # client. A hop that is not an address ends the walk at the last proxy we trust.
    client = remote
    for hop in reversed(value.split(",")):
        address = parse(hop)
        if address is None:
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)
