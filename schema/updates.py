"""GraphQL fields of the update engine (mixed into the root types)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from resolvers import updates
from schema.context import Info
from schema.errors import UserErrors
from schema.types.event import OperationEvent, operation_event
from schema.types.inputs import (
    FixComposeMismatchInput,
    RemoveRollbackPolicyInput,
    RollbackOperationInput,
    SetRollbackPolicyInput,
    UpdateContainerInput,
    UpdateContainersInput,
)
from schema.types.update import (
    BatchUpdateStarted,
    ContainerRollback,
    OperationStarted,
    Policies,
    RollbackPolicy,
    RollbackPolicyRemoved,
)
from services.hosts import DEFAULT_HOST
from services.updates.requests import BatchItem

StartResult = Annotated[
    OperationStarted | UserErrors, strawberry.union("OperationStartResult")
]
BatchResult = Annotated[
    BatchUpdateStarted | UserErrors, strawberry.union("BatchUpdateResult")
]
PolicyResult = Annotated[
    RollbackPolicy | UserErrors, strawberry.union("SetRollbackPolicyResult")
]
RemovePolicyResult = Annotated[
    RollbackPolicyRemoved | UserErrors, strawberry.union("RemoveRollbackPolicyResult")
]


@strawberry.type
class UpdatesQuery:
    @strawberry.field(
        description="Rollback state per container and auto-rollback policies."
    )
    async def policies(
        self,
        info: Info,
        host: Annotated[
            str | None,
            strawberry.argument(
                description="One Docker host's (default: every host's)."
            ),
        ] = None,
    ) -> Policies:
        overview = await updates.get_policies(info.context.app, host=host)
        return Policies(
            containers=[ContainerRollback.from_domain(c) for c in overview.containers],
            policies=[RollbackPolicy.from_domain(p) for p in overview.policies],
        )


@strawberry.type
class UpdatesMutation:
    @strawberry.mutation(
        description="Update one container (to `version`, else the latest allowed)."
    )
    async def update_container(
        self, info: Info, input: UpdateContainerInput
    ) -> StartResult:
        record = await updates.update_container(
            info.context.app,
            container=input.container,
            version=input.version,
            script=input.script,
            force=input.force,
            host=input.host,
        )
        return OperationStarted.from_domain(record)

    @strawberry.mutation(description="Update several containers in dependency order.")
    async def update_containers(
        self, info: Info, input: UpdateContainersInput
    ) -> BatchResult:
        items = [
            BatchItem(
                container=c.container,
                version=c.version,
                host=c.host or DEFAULT_HOST,
            )
            for c in input.containers
        ]
        started = await updates.update_containers(
            info.context.app, items=items, force=input.force
        )
        return BatchUpdateStarted.from_domain(started)

    @strawberry.mutation(
        description="Roll back an update (all its containers, or those named)."
    )
    async def rollback_operation(
        self, info: Info, input: RollbackOperationInput
    ) -> StartResult:
        record = await updates.rollback_operation(
            info.context.app,
            operation_id=input.operation_id,
            containers=input.containers,
            force=input.force,
        )
        return OperationStarted.from_domain(record)

    @strawberry.mutation(
        description="Recreate a container from its compose file's image."
    )
    async def fix_compose_mismatch(
        self, info: Info, input: FixComposeMismatchInput
    ) -> StartResult:
        record = await updates.fix_compose_mismatch(
            info.context.app, container=input.container, host=input.host
        )
        return OperationStarted.from_domain(record)

    @strawberry.mutation(
        description="Set the global, a stack's or a container's auto-rollback policy."
    )
    async def set_rollback_policy(
        self, info: Info, input: SetRollbackPolicyInput
    ) -> PolicyResult:
        record = await updates.set_rollback_policy(
            info.context.app,
            entity_type=input.entity_type,
            entity_id=input.entity_id,
            auto_rollback=input.auto_rollback,
            health_timeout_seconds=input.health_timeout_seconds,
            stability_window_seconds=input.stability_window_seconds,
            host=input.host,
        )
        return RollbackPolicy.from_domain(record)

    @strawberry.mutation(
        description="Remove a stack's or a container's rollback policy (the next "
        "level decides)."
    )
    async def remove_rollback_policy(
        self, info: Info, input: RemoveRollbackPolicyInput
    ) -> RemovePolicyResult:
        on_host = await updates.remove_rollback_policy(
            info.context.app,
            entity_type=input.entity_type,
            entity_id=input.entity_id,
            host=input.host,
        )
        return RollbackPolicyRemoved(
            entity_type=input.entity_type,
            entity_id=input.entity_id.strip(),
            host=on_host,
        )


@strawberry.type
class UpdatesSubscription:
    @strawberry.subscription(
        description="Progress of one operation: OperationProgress steps, then one "
        "OperationFinished."
    )
    async def operation_progress(
        self, info: Info, operation_id: str
    ) -> AsyncGenerator[OperationEvent, None]:
        async for event in updates.stream_operation_progress(
            info.context.app, operation_id=operation_id
        ):
            yield operation_event(event)
