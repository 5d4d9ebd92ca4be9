"""Which peers are trusted proxies, and who the client behind one is."""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address

Networks = Sequence[IPv4Network | IPv6Network]


def is_trusted(address: str | None, networks: Networks) -> bool:
    if not address or not networks:
        return False
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_address(
    peer: str | None, forwarded_for: str | None, networks: Networks
) -> str:
    """The address to throttle: the peer, or, behind trusted proxies, the
    nearest X-Forwarded-For hop that is not one of them (the part a client
    can forge lies further left and is ignored)."""
    address = peer or "unknown"
    if not is_trusted(peer, networks) or not forwarded_for:
        return address
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        address = hop
        if not is_trusted(hop, networks):
            break
    return address
