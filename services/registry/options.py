"""The registry client's knobs, with defaults and a bridge from `Settings`.

Owns every tunable the client takes in its constructor (TTL, insecure hosts,
credentials sources, platform, concurrency, timeouts, retry and breaker
policies, page size) so tests can shrink waits and the app can build it from
the environment in one call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from services.frozen import frozen
from services.registry.manifests import Platform
from services.registry.references import DOCKER_HUB
from services.registry.resilience import BreakerPolicy, RetryPolicy

if TYPE_CHECKING:
    from services.config import Settings


@frozen
class RegistryOptions:
    cache_ttl: timedelta = timedelta(hours=1)
    insecure_hosts: frozenset[str] = frozenset()
    github_token: str | None = field(default=None, repr=False)
    docker_config: Path | None = None
    platform: Platform = field(default_factory=Platform)
    # Requests in flight per registry host: enough that latency, not a
    # queue, bounds a check; Docker Hub, which rate-limits, gets fewer.
    concurrency_per_host: int = 32
    host_concurrency: Mapping[str, int] = field(default_factory=lambda: {DOCKER_HUB: 8})
    timeout: float = 30.0
    connect_timeout: float = 10.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    breaker: BreakerPolicy = field(default_factory=BreakerPolicy)
    page_size: int = 1000
    # Bounds on one repository's tag list (REGISTRY_MAX_TAG_PAGES,
    # REGISTRY_MAX_TAGS): a repository past either is reported, not guessed.
    max_pages: int = 100
    max_tags: int = 50_000
    # Bytes of one decoded answer: far above any real tag page, manifest or
    # image config (containerd refuses manifests over 4 MiB), far below
    # what would hurt this process.
    max_response_bytes: int = 16 << 20
    credential_helper_timeout: float = 10.0
    user_agent: str = "docksmith"

    def concurrency_for(self, host: str, registry: str | None = None) -> int:
        """The limit for an endpoint `host` serving `registry` (Docker Hub's
        API and token hosts both count as docker.io)."""
        for name in (registry, host):
            if name is not None and name in self.host_concurrency:
                return self.host_concurrency[name]
        return self.concurrency_per_host

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: object) -> RegistryOptions:
        config = settings.docker_config
        # DOCKER_CONFIG names a directory, as for the docker CLI; accept the file too.
        if config is not None and config.suffix != ".json":
            config = config / "config.json"
        token = settings.github_token
        values: dict[str, object] = {
            "cache_ttl": settings.cache_ttl,
            "insecure_hosts": settings.insecure_registry_hosts,
            "github_token": token.get_secret_value() if token else None,
            "docker_config": config,
            "concurrency_per_host": settings.registry_limits.default,
            "host_concurrency": settings.registry_limits.per_host,
            "max_pages": settings.registry_max_tag_pages,
            "max_tags": settings.registry_max_tags,
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
