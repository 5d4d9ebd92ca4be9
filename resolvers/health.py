from __future__ import annotations

import asyncio

from resolvers.access import public
from resolvers.context import AppContext
from services.about import docksmith_version
from services.auth.principal import Scope
from services.frozen import frozen
from services.health import HealthStatus


@frozen
class ServiceStates:
    docker: bool
    storage: bool


@frozen
class HealthReport:
    status: HealthStatus
    # Only for callers that may read: Docker's HEALTHCHECK and uptime
    # monitors ask without credentials and learn up or down, nothing more.
    version: str | None
    services: ServiceStates | None


@public
async def get_health(ctx: AppContext) -> HealthReport:
    docker_ok, storage_ok = await asyncio.gather(ctx.hosts.ping(), ctx.store.ping())
    status = HealthStatus.OK if docker_ok and storage_ok else HealthStatus.DEGRADED
    if not ctx.principal.may(Scope.READ):
        return HealthReport(status=status, version=None, services=None)
    return HealthReport(
        status=status,
        version=docksmith_version(),
        services=ServiceStates(docker=docker_ok, storage=storage_ok),
    )
