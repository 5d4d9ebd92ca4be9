from __future__ import annotations

import asyncio
from dataclasses import dataclass

from resolvers.context import AppContext
from services.about import docksmith_version
from services.health import HealthStatus


@dataclass(frozen=True, slots=True)
class HealthReport:
    status: HealthStatus
    version: str
    docker: bool
    storage: bool


async def get_health(ctx: AppContext) -> HealthReport:
    docker_ok, storage_ok = await asyncio.gather(ctx.docker.ping(), ctx.store.ping())
    return HealthReport(
        status=HealthStatus.OK if docker_ok and storage_ok else HealthStatus.DEGRADED,
        version=docksmith_version(),
        docker=docker_ok,
        storage=storage_ok,
    )
