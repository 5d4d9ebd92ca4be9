"""GraphQL fields of the update checker (mixed into the root types)."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from typing import Annotated

import strawberry

from resolvers import checks, events
from schema.context import Info
from schema.errors import UserErrors, or_none
from schema.types.container import (
    CheckCompleted,
    CheckStatus,
    Container,
    ContainerFilterInput,
    HistoryConnection,
    HistoryFilter,
    Stack,
    containers_of,
)
from schema.types.event import CheckProgress
from schema.types.inputs import RecheckContainerInput
from services.events import EventKind

CheckNowResult = Annotated[
    CheckCompleted | UserErrors, strawberry.union("CheckNowResult")
]
RecheckResult = Annotated[Container | UserErrors, strawberry.union("RecheckResult")]


@strawberry.type(description="A check was started in the background.")
class CheckTriggered:
    message: str = strawberry.field(description="What happened.")


@strawberry.type
class ChecksQuery:
    @strawberry.field(description="Containers as the last check saw them.")
    async def containers(
        self, info: Info, filter: ContainerFilterInput | None = None
    ) -> Sequence[Container]:
        f = filter or ContainerFilterInput()
        found = await checks.list_containers(
            info.context.app,
            filter=checks.ContainerFilter(
                status=f.status,
                stack=f.stack,
                search=f.search,
                update_available=f.update_available,
                host=f.host,
            ),
        )
        return await containers_of(info, found)

    @strawberry.field(
        description="One container (name or id prefix) as the last check saw it; "
        "null when the last check does not know it."
    )
    async def container(
        self, info: Info, name: str, host: str | None = None
    ) -> Container | None:
        found = await or_none(
            checks.get_container(info.context.app, name=name, host=host)
        )
        return (await containers_of(info, [found]))[0] if found else None

    @strawberry.field(description="Compose stacks and their containers.")
    async def stacks(self, info: Info) -> list[Stack]:
        return await Stack.all_of(info, await checks.list_stacks(info.context.app))

    @strawberry.field(
        description="State of the checker (the Homepage widget's fields)."
    )
    async def status(self, info: Info) -> CheckStatus:
        return CheckStatus.from_domain(await checks.get_status(info.context.app))

    @strawberry.field(description="Check and update history, newest first, paginated.")
    async def history(
        self,
        info: Info,
        filter: HistoryFilter | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> HistoryConnection:
        f = filter or HistoryFilter()
        page = await checks.history_page(
            info.context.app,
            container=f.container,
            type=f.type,
            since=f.since,
            first=first,
            after=after,
            host=f.host,
        )
        return HistoryConnection.from_domain(page, after=after)


@strawberry.type
class ChecksMutation:
    @strawberry.mutation(
        description="Clear the registry cache and check every container now."
    )
    async def check_now(self, info: Info) -> CheckNowResult:
        run = await checks.check_now(info.context.app)
        return CheckCompleted(
            containers=await containers_of(info, run.results),
            total=len(run.results),
            updates_available=run.updates_available,
        )

    @strawberry.mutation(
        description="Start a background check (cached answers allowed)."
    )
    async def trigger_check(self, info: Info) -> CheckTriggered:
        return CheckTriggered(message=await checks.trigger_check(info.context.app))

    @strawberry.mutation(description="Check one container now.")
    async def recheck_container(
        self, info: Info, input: RecheckContainerInput
    ) -> RecheckResult:
        found = await checks.recheck_container(
            info.context.app, name=input.container, host=input.host
        )
        return (await containers_of(info, [found]))[0]


@strawberry.type
class ChecksSubscription:
    @strawberry.subscription(
        description="Progress of checks (discovering, checking, complete)."
    )
    async def check_progress(self, info: Info) -> AsyncGenerator[CheckProgress, None]:
        async for event in events.stream_events(
            info.context.app, [EventKind.CHECK_PROGRESS]
        ):
            yield CheckProgress.from_domain(event)
