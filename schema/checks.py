"""GraphQL fields of the update checker (mixed into the root types)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated

import strawberry

from resolvers import checks, events
from schema.context import Info
from schema.errors import NotFoundError, UpstreamFailureError
from schema.types.container import (
    CheckRunResult,
    CheckStatus,
    Container,
    ContainerFilterInput,
    HistoryItem,
    Stack,
)
from schema.types.event import EventMessage
from services.events import EventKind

CheckNowResult = Annotated[
    CheckRunResult | UpstreamFailureError, strawberry.union("CheckNowResult")
]
RecheckResult = Annotated[
    Container | NotFoundError | UpstreamFailureError, strawberry.union("RecheckResult")
]


@strawberry.type(description="A check was started in the background.")
class CheckTriggered:
    message: str = strawberry.field(description="What happened.")


@strawberry.type
class ChecksQuery:
    @strawberry.field(description="Containers as the last check saw them.")
    async def containers(
        self, info: Info, filter: ContainerFilterInput | None = None
    ) -> list[Container]:
        f = filter or ContainerFilterInput()
        found = await checks.list_containers(
            info.context.app,
            filter=checks.ContainerFilter(
                status=f.status,
                stack=f.stack,
                search=f.search,
                update_available=f.update_available,
            ),
        )
        return [Container.from_domain(r) for r in found]

    @strawberry.field(description="One container as the last check saw it.")
    async def container(self, info: Info, name: str) -> Container:
        return Container.from_domain(
            await checks.get_container(info.context.app, name=name)
        )

    @strawberry.field(description="Compose stacks and their containers.")
    async def stacks(self, info: Info) -> list[Stack]:
        return [
            Stack.from_domain(s) for s in await checks.list_stacks(info.context.app)
        ]

    @strawberry.field(
        description="State of the checker (the Homepage widget's fields)."
    )
    async def status(self, info: Info) -> CheckStatus:
        return CheckStatus.from_domain(await checks.get_status(info.context.app))

    @strawberry.field(description="Check and update history, newest first.")
    async def history(
        self,
        info: Info,
        container: str | None = None,
        type: str | None = None,
        since: datetime | None = None,
        limit: int = 100,
    ) -> list[HistoryItem]:
        entries = await checks.get_history(
            info.context.app, container=container, type=type, since=since, limit=limit
        )
        return [HistoryItem.from_domain(e) for e in entries]


@strawberry.type
class ChecksMutation:
    @strawberry.mutation(
        description="Clear the registry cache and check every container now."
    )
    async def check_now(self, info: Info) -> CheckNowResult:
        run = await checks.check_now(info.context.app)
        return CheckRunResult(
            containers=[Container.from_domain(r) for r in run.results],
            total=len(run.results),
            updates_available=run.updates_available,
        )

    @strawberry.mutation(
        description="Start a background check (cached answers allowed)."
    )
    async def trigger_check(self, info: Info) -> CheckTriggered:
        return CheckTriggered(message=await checks.trigger_check(info.context.app))

    @strawberry.mutation(description="Check one container now.")
    async def recheck_container(self, info: Info, name: str) -> RecheckResult:
        return Container.from_domain(
            await checks.recheck_container(info.context.app, name=name)
        )


@strawberry.type
class ChecksSubscription:
    @strawberry.subscription(
        description="Progress of checks (discovering, checking, complete)."
    )
    async def check_progress(self, info: Info) -> AsyncGenerator[EventMessage, None]:
        async for event in events.stream_events(
            info.context.app, [EventKind.CHECK_PROGRESS]
        ):
            yield EventMessage.from_domain(event)
