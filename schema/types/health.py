from __future__ import annotations

import strawberry

from resolvers.health import HealthReport
from schema.types.enums import HealthStatus


@strawberry.type(description="Whether Docksmith and the services it relies on are up.")
class ServiceHealth:
    docker: bool = strawberry.field(description="The Docker engine answers.")
    storage: bool = strawberry.field(description="The database answers.")


@strawberry.type(description="Health of the Docksmith server.")
class Health:
    status: HealthStatus = strawberry.field(
        description="OK, or DEGRADED when a service is down."
    )
    version: str | None = strawberry.field(
        description="Docksmith's version; null for a caller that may not read."
    )
    services: ServiceHealth | None = strawberry.field(
        description="Each service's state; null for a caller that may not read."
    )

    @classmethod
    def from_domain(cls, report: HealthReport) -> Health:
        return cls(
            status=report.status,
            version=report.version,
            services=ServiceHealth(
                docker=report.services.docker, storage=report.services.storage
            )
            if report.services
            else None,
        )
