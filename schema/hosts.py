"""GraphQL fields of the Docker hosts (mixed into the root types)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers import hosts
from schema.context import Info
from schema.errors import UserErrors, or_none
from schema.types.host import (
    AddHostInput,
    DockerHost,
    DockerHostRemoved,
    RemoveHostInput,
    TestHostConnectionInput,
)

HostResult = Annotated[DockerHost | UserErrors, strawberry.union("HostResult")]
RemoveHostResult = Annotated[
    DockerHostRemoved | UserErrors, strawberry.union("RemoveHostResult")
]


@strawberry.type
class HostsQuery:
    @strawberry.field(description="The Docker hosts, the default (`local`) first.")
    async def hosts(self, info: Info) -> list[DockerHost]:
        return [
            DockerHost.from_domain(s) for s in await hosts.list_hosts(info.context.app)
        ]

    @strawberry.field(description="One Docker host; null when unknown.")
    async def host(self, info: Info, name: str) -> DockerHost | None:
        found = await or_none(hosts.get_host(info.context.app, name=name))
        return DockerHost.from_domain(found) if found else None


@strawberry.type
class HostsMutation:
    @strawberry.mutation(
        description="Add a Docker host (its TLS/SSH material must be in "
        "HOSTS_DIR/<name>/); the answer shows whether it could be reached."
    )
    async def add_host(self, info: Info, input: AddHostInput) -> HostResult:
        state = await hosts.add_host(info.context.app, name=input.name, url=input.url)
        return DockerHost.from_domain(state)

    @strawberry.mutation(description="Remove a host added through the API.")
    async def remove_host(self, info: Info, input: RemoveHostInput) -> RemoveHostResult:
        await hosts.remove_host(info.context.app, name=input.name)
        return DockerHostRemoved(name=input.name)

    @strawberry.mutation(description="Connect to a host now and report its status.")
    async def test_host_connection(
        self, info: Info, input: TestHostConnectionInput
    ) -> HostResult:
        return DockerHost.from_domain(
            await hosts.test_host(info.context.app, name=input.name)
        )
