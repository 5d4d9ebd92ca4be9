from __future__ import annotations

from datetime import datetime

import strawberry

from schema.types.enums import OperationStatus, PolicyEntityType
from schema.types.operation import Operation
from services.store.records import OperationRecord, RollbackPolicyRecord
from services.updates.requests import BatchStarted
from services.updates.rollbackable import ContainerRollbackInfo


@strawberry.type(description="An operation was accepted (started at once, or queued).")
class OperationStarted:
    operation_id: str = strawberry.field(
        description="Follow it with operation/operationProgress."
    )
    container: str = strawberry.field(description="The container (or a batch summary).")
    queued: bool = strawberry.field(
        description="It waits for another operation on its stack to end."
    )
    operation: Operation = strawberry.field(description="The operation as it is now.")

    @classmethod
    def from_domain(cls, record: OperationRecord) -> OperationStarted:
        return cls(
            operation_id=record.operation_id,
            container=record.container_name,
            queued=record.status == OperationStatus.QUEUED,
            operation=Operation.from_domain(record),
        )


@strawberry.type(description="One stack's share of a batch.")
class StackOperation:
    stack: str = strawberry.field(description="Compose project (or container:<name>).")
    containers: list[str] = strawberry.field(description="In update order.")
    operation_id: str = strawberry.field(description="The stack's operation.")
    queued: bool = strawberry.field(
        description="It waits for another operation on its stack to end."
    )


@strawberry.type(description="A container the batch left out, and why.")
class SkippedContainer:
    container: str = strawberry.field(description="The container.")
    reason: str = strawberry.field(description="Why it was not updated.")


@strawberry.type(description="A batch update was accepted.")
class BatchUpdateStarted:
    batch_group_id: str = strawberry.field(
        description="Shared by the batch's operations."
    )
    operations: list[StackOperation] = strawberry.field(description="One per stack.")
    skipped: list[SkippedContainer] = strawberry.field(
        description="Left out, with reasons."
    )

    @classmethod
    def from_domain(cls, started: BatchStarted) -> BatchUpdateStarted:
        return cls(
            batch_group_id=started.batch_group_id,
            operations=[
                StackOperation(
                    stack=o.stack,
                    containers=o.containers,
                    operation_id=o.operation_id,
                    queued=o.status == OperationStatus.QUEUED,
                )
                for o in started.operations
            ],
            skipped=[
                SkippedContainer(container=k, reason=v)
                for k, v in started.skipped.items()
            ],
        )


@strawberry.type(
    description="Auto-rollback policy of the host, a stack or a container."
)
class RollbackPolicy:
    entity_type: PolicyEntityType = strawberry.field(
        description="What the policy applies to."
    )
    entity_id: str = strawberry.field(
        description="Stack or container name (empty for global)."
    )
    auto_rollback_enabled: bool = strawberry.field(
        description="Roll back a failed update by itself."
    )
    health_timeout_seconds: int = strawberry.field(
        description="How long to wait for healthy."
    )
    stability_window_seconds: int = strawberry.field(
        description="Without a healthcheck: how long it must keep running."
    )
    updated_at: datetime | None = strawberry.field(description="Last change.")
    host: str = strawberry.field(
        description="The Docker host of its stack or container (global: `local`, "
        "and it applies to every host)."
    )

    @classmethod
    def from_domain(cls, p: RollbackPolicyRecord) -> RollbackPolicy:
        return cls(
            entity_type=p.entity_type,
            entity_id=p.entity_id,
            auto_rollback_enabled=p.auto_rollback_enabled,
            health_timeout_seconds=p.health_timeout_seconds,
            stability_window_seconds=p.stability_window_seconds,
            updated_at=p.updated_at,
            host=p.host,
        )


@strawberry.type(description="The rollback policy was removed; the next level decides.")
class RollbackPolicyRemoved:
    entity_type: PolicyEntityType = strawberry.field(
        description="What the policy applied to."
    )
    entity_id: str = strawberry.field(description="Stack or container name.")
    host: str = strawberry.field(description="The Docker host it was for.")


@strawberry.type(description="Whether a container's last update can be rolled back.")
class ContainerRollback:
    container: str = strawberry.field(description="The container.")
    host: str = strawberry.field(description="The container's Docker host.")
    can_rollback: bool = strawberry.field(
        description="Its last update changed it and stands."
    )
    last_operation_id: str = strawberry.field(description="That update.")
    old_version: str | None = strawberry.field(description="Version before.")
    new_version: str | None = strawberry.field(description="Version after.")

    @classmethod
    def from_domain(cls, info: ContainerRollbackInfo) -> ContainerRollback:
        return cls(
            container=info.container,
            host=info.host,
            can_rollback=info.can_rollback,
            last_operation_id=info.last_operation_id,
            old_version=info.old_version,
            new_version=info.new_version,
        )


@strawberry.type(description="Rollback state and policies.")
class Policies:
    containers: list[ContainerRollback] = strawberry.field(description="Per container.")
    policies: list[RollbackPolicy] = strawberry.field(
        description="Global, stack, container."
    )


@strawberry.input(description="A container to update, optionally to a given version.")
class BatchUpdateItem:
    container: str = strawberry.field(description="Name or id.")
    version: str | None = strawberry.field(
        default=None, description="Tag (default: latest allowed)."
    )
    host: str | None = strawberry.field(
        default=None, description="The container's Docker host (default `local`)."
    )
