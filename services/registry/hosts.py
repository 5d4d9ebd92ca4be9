"""Where a registry's API lives, and what is special about Docker Hub and GHCR.

Owns the mapping from the registry named in a reference (`docker.io`,
`ghcr.io`, `127.0.0.1:5000`) to the base URL of its v2 API and the scheme:
plain HTTP only for loopback hosts and those listed in `INSECURE_REGISTRIES`.
Docker Hub's API lives on `registry-1.docker.io` with tokens from
`auth.docker.io` and reports pull budgets in `ratelimit-*` headers; GHCR hands
out tokens at `ghcr.io/token`, where a `GITHUB_TOKEN` unlocks private packages.
Both announce their token realm in the standard Bearer challenge, so no realm
is hard-coded here; only the host aliases and the rate-limit reporting are.
"""

from __future__ import annotations

import ipaddress

from services.frozen import frozen
from services.registry.references import DOCKER_HUB

HUB_API_HOST = "registry-1.docker.io"
HUB_AUTH_HOST = "auth.docker.io"
GHCR_HOST = "ghcr.io"
# Registries whose responses carry Docker Hub's pull-budget headers.
RATE_LIMITED_REGISTRIES = frozenset({DOCKER_HUB})


@frozen
class Endpoint:
    registry: str
    base_url: str

    @property
    def host(self) -> str:
        return self.base_url.split("://", 1)[1]


def host_without_port(host: str) -> str:
    if host.startswith("["):
        return host[1 : host.index("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def is_loopback(host: str) -> bool:
    name = host_without_port(host).lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def is_insecure(host: str, insecure_hosts: frozenset[str]) -> bool:
    """Plain HTTP is allowed for loopback and explicitly listed registries."""
    if is_loopback(host):
        return True
    return host in insecure_hosts or host_without_port(host) in insecure_hosts


def endpoint_for(registry: str, insecure_hosts: frozenset[str]) -> Endpoint:
    if registry == DOCKER_HUB:
        return Endpoint(registry, f"https://{HUB_API_HOST}")
    scheme = "http" if is_insecure(registry, insecure_hosts) else "https"
    return Endpoint(registry, f"{scheme}://{registry}")
