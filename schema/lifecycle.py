"""GraphQL fields for labels and restarts (mixed into the root types)."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from resolvers import labels as label_use_cases
from resolvers import restarts
from schema.context import Info
from schema.errors import or_none
from schema.types.event import OperationProgress
from schema.types.inputs import (
    RemoveLabelsInput,
    RestartStackInput,
    RestartWithDependantsInput,
    SetLabelsInput,
    ValidateLabelsInput,
)
from schema.types.lifecycle import ContainerLabels, LabelValidation
from schema.types.update import OperationStarted
from schema.updates import StartResult


@strawberry.type
class LifecycleQuery:
    @strawberry.field(
        description="A container's labels, and which docksmith.* ones its compose "
        "file sets; null when there is no such container."
    )
    async def container_labels(self, info: Info, name: str) -> ContainerLabels | None:
        found = await or_none(
            label_use_cases.get_labels(info.context.app, container=name)
        )
        return ContainerLabels.from_domain(found) if found else None

    @strawberry.field(
        description="Check a label change as setLabels would (the same input), "
        "changing nothing: each label's problems, then the whole change's."
    )
    async def validate_labels(
        self, info: Info, input: ValidateLabelsInput
    ) -> LabelValidation:
        problems = await label_use_cases.check_labels(
            info.context.app,
            host=input.host,
            container=input.container,
            labels={item.key: item.value for item in input.labels or []},
            typed=vars(input.typed) if input.typed else None,
        )
        return LabelValidation.from_domain(problems)


@strawberry.type
class LifecycleMutation:
    @strawberry.mutation(
        description="Set labels in the compose file and recreate the container."
    )
    async def set_labels(self, info: Info, input: SetLabelsInput) -> StartResult:
        record = await label_use_cases.set_labels(
            info.context.app,
            host=input.host,
            container=input.container,
            labels={item.key: item.value for item in input.labels or []},
            typed=vars(input.typed) if input.typed else None,
            no_restart=input.no_restart,
            force=input.force,
        )
        return OperationStarted.from_domain(record)

    @strawberry.mutation(
        description="Remove labels from the compose file and recreate the container."
    )
    async def remove_labels(self, info: Info, input: RemoveLabelsInput) -> StartResult:
        record = await label_use_cases.remove_labels(
            info.context.app,
            host=input.host,
            container=input.container,
            labels=input.labels,
            no_restart=input.no_restart,
            force=input.force,
        )
        return OperationStarted.from_domain(record)

    @strawberry.mutation(
        description="Restart a container as an operation (pre-update checks unless "
        "forced), then its docksmith.restart-after dependants; follow it with "
        "restartProgress."
    )
    async def restart_with_dependants(
        self, info: Info, input: RestartWithDependantsInput
    ) -> StartResult:
        record = await restarts.restart_container(
            info.context.app,
            host=input.host,
            container=input.container,
            force=input.force,
        )
        return OperationStarted.from_domain(record)

    @strawberry.mutation(
        description="Restart a stack level by level in dependency order."
    )
    async def restart_stack(self, info: Info, input: RestartStackInput) -> StartResult:
        record = await restarts.restart_stack(
            info.context.app, host=input.host, stack=input.stack, force=input.force
        )
        return OperationStarted.from_domain(record)


@strawberry.type
class LifecycleSubscription:
    @strawberry.subscription(
        description="restart.progress events of one restart until it completes or fails."
    )
    async def restart_progress(
        self, info: Info, operation_id: str
    ) -> AsyncGenerator[OperationProgress, None]:
        async for event in restarts.stream_restart_progress(
            info.context.app, operation_id=operation_id
        ):
            yield OperationProgress.from_domain(event)
