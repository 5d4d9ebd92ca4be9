from __future__ import annotations

from dataclasses import field
from typing import Any

from resolvers.access import requires
from resolvers.context import AppContext
from services.auth.principal import Scope
from services.frozen import frozen
from services.registry.credentials import RegistryUse, registries_in_use


@frozen
class DockerConfigReport:
    """Where the Docker config is and which registries it has credentials for.

    Never carries a secret: only registry names, helper names and flags.
    """

    config_path: str
    config_found: bool
    registries: list[str]
    cred_helpers: dict[str, str]
    creds_store: str | None
    github_token: bool
    error: str | None
    docker_host: str
    insecure_registries: list[str]
    rate_limits: dict[str, dict[str, Any]] = field(default_factory=dict)
    registries_in_use: list[RegistryUse] = field(default_factory=list)


@requires(Scope.READ)
async def get_docker_config(ctx: AppContext) -> DockerConfigReport:
    summary = ctx.registry.describe_docker_config()
    return DockerConfigReport(
        config_path=summary.config_path,
        config_found=summary.config_found,
        registries=list(summary.registries),
        cred_helpers=dict(summary.cred_helpers),
        creds_store=summary.creds_store,
        github_token=summary.github_token,
        error=summary.error,
        docker_host=ctx.docker.host,
        insecure_registries=sorted(ctx.settings.insecure_registry_hosts),
        rate_limits=ctx.registry.ratelimit_status(),
        registries_in_use=await registries_in_use(
            ((r.name, r.image) for r in ctx.checks.state.results),
            ctx.registry.credentials,
        ),
    )
