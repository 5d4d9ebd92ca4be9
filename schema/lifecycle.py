"""GraphQL fields for labels and restarts (mixed into the root types)."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from resolvers import labels as label_use_cases
from resolvers import restarts
from schema.context import Info
from schema.types.event import EventMessage
from schema.types.lifecycle import ContainerLabels, LabelInput, TypedLabelsInput
from schema.types.update import OperationStarted
from schema.updates import StartResult


@strawberry.type
class LifecycleQuery:
    @strawberry.field(
        description="A container's labels, and which docksmith.* ones its compose file sets."
    )
    async def container_labels(self, info: Info, container: str) -> ContainerLabels:
        found = await label_use_cases.get_labels(info.context.app, container=container)
        return ContainerLabels.from_domain(found)


@strawberry.type
class LifecycleMutation:
    @strawberry.mutation(
        description="Set labels in the compose file and recreate the container."
    )
    async def set_labels(
        self,
        info: Info,
        container: str,
        labels: list[LabelInput] | None = None,
        typed: TypedLabelsInput | None = None,
        no_restart: bool = False,
        force: bool = False,
    ) -> StartResult:
        record = await label_use_cases.set_labels(
            info.context.app,
            container=container,
            labels={item.key: item.value for item in labels or []},
            typed=vars(typed) if typed else None,
            no_restart=no_restart,
            force=force,
        )
        return OperationStarted.from_domain(record)

    @strawberry.mutation(
        description="Remove labels from the compose file and recreate the container."
    )
    async def remove_labels(
        self,
        info: Info,
        container: str,
        labels: list[str],
        no_restart: bool = False,
        force: bool = False,
    ) -> StartResult:
        record = await label_use_cases.remove_labels(
            info.context.app,
            container=container,
            labels=labels,
            no_restart=no_restart,
            force=force,
        )
        return OperationStarted.from_domain(record)

    @strawberry.mutation(
        description="Restart a container as an operation (pre-update checks unless "
        "forced), then its docksmith.restart-after dependants; follow it with "
        "restartProgress."
    )
    async def restart_with_dependants(
        self, info: Info, container: str, force: bool = False
    ) -> StartResult:
        record = await restarts.restart_container(
            info.context.app, container=container, force=force
        )
        return OperationStarted.from_domain(record)

    @strawberry.mutation(
        description="Restart a stack level by level in dependency order."
    )
    async def restart_stack(
        self, info: Info, stack: str, force: bool = False
    ) -> StartResult:
        record = await restarts.restart_stack(
            info.context.app, stack=stack, force=force
        )
        return OperationStarted.from_domain(record)


@strawberry.type
class LifecycleSubscription:
    @strawberry.subscription(
        description="restart.progress events of one restart until it completes or fails."
    )
    async def restart_progress(
        self, info: Info, operation_id: str
    ) -> AsyncGenerator[EventMessage, None]:
        async for event in restarts.stream_restart_progress(
            info.context.app, operation_id=operation_id
        ):
            yield EventMessage.from_domain(event)
