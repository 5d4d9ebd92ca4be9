from __future__ import annotations

import strawberry

from resolvers import health
from schema.context import Info
from schema.types.health import Health


@strawberry.type
class Query:
    @strawberry.field(
        description="Health of Docksmith, the Docker engine and the database."
    )
    async def health(self, info: Info) -> Health:
        return Health.from_domain(await health.get_health(info.context.app))
