from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from resolvers.operations import OperationDetail, OperationPage
from services.store.records import OperationLogRecord, OperationRecord


@strawberry.type(description="A line of an operation's log.")
class OperationLogLine:
    at: datetime = strawberry.field(description="When it was written.")
    level: str = strawberry.field(description="info, warning or error.")
    message: str = strawberry.field(
        description="The text (stage changes, CLI and script output)."
    )

    @classmethod
    def from_domain(cls, line: OperationLogRecord) -> OperationLogLine:
        return cls(at=line.at, level=line.level, message=line.message)


@strawberry.type(description="One action Docksmith performed or is performing.")
class Operation:
    operation_id: str = strawberry.field(
        description="Stable id (op_<timestamp>_<suffix>)."
    )
    operation_type: str = strawberry.field(
        description="update, batch, rollback, restart..."
    )
    status: str = strawberry.field(description="The live stage, complete or failed.")
    stage: str | None = strawberry.field(description="The last stage reached.")
    container_name: str = strawberry.field(
        description="The container (or a summary for batches)."
    )
    container_id: str | None = strawberry.field(
        description="Engine id of the container."
    )
    stack_name: str | None = strawberry.field(description="Compose project.")
    old_version: str | None = strawberry.field(description="Version before.")
    new_version: str | None = strawberry.field(description="Version after.")
    error_message: str | None = strawberry.field(description="Why it failed.")
    batch_group_id: str | None = strawberry.field(
        description="Shared by a batch's operations."
    )
    batch_details: JSON | None = strawberry.field(
        description="Per-container details of a batch."
    )
    rollback_occurred: bool = strawberry.field(
        description="Whether it was rolled back."
    )
    rollback_of: str | None = strawberry.field(
        description="The operation this one rolls back."
    )
    started_at: datetime | None = strawberry.field(description="Start time.")
    completed_at: datetime | None = strawberry.field(description="End time.")
    log: list[OperationLogLine] = strawberry.field(
        description="What happened, in order."
    )

    @classmethod
    def from_domain(
        cls, op: OperationRecord, log: list[OperationLogRecord] | None = None
    ) -> Operation:
        return cls(
            operation_id=op.operation_id,
            operation_type=op.operation_type,
            status=op.status,
            stage=op.stage,
            container_name=op.container_name,
            container_id=op.container_id,
            stack_name=op.stack_name,
            old_version=op.old_version,
            new_version=op.new_version,
            error_message=op.error_message,
            batch_group_id=op.batch_group_id,
            batch_details=op.batch_details,
            rollback_occurred=op.rollback_occurred,
            rollback_of=op.rollback_of,
            started_at=op.started_at,
            completed_at=op.completed_at,
            log=[OperationLogLine.from_domain(line) for line in log or []],
        )

    @classmethod
    def from_detail(cls, detail: OperationDetail) -> Operation:
        return cls.from_domain(detail.operation, detail.log)


@strawberry.type(description="An operation and its place in the list.")
class OperationEdge:
    cursor: str | None = strawberry.field(
        description="Pass as `after` to continue past it."
    )
    node: Operation = strawberry.field(description="The operation.")


@strawberry.type(description="Paging state.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More operations follow.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last edge.")


@strawberry.type(description="A page of operations, newest first.")
class OperationConnection:
    edges: list[OperationEdge] = strawberry.field(description="The operations.")
    page_info: PageInfo = strawberry.field(description="Paging state.")

    @classmethod
    def from_domain(cls, page: OperationPage) -> OperationConnection:
        return cls(
            edges=[
                OperationEdge(
                    cursor=page.next_cursor if i == len(page.operations) - 1 else None,
                    node=Operation.from_domain(op),
                )
                for i, op in enumerate(page.operations)
            ],
            page_info=PageInfo(
                has_next_page=page.has_more, end_cursor=page.next_cursor
            ),
        )


@strawberry.input(description="Which operations to list.")
class OperationFilter:
    container: str | None = strawberry.field(
        default=None, description="Container name."
    )
    status: str | None = strawberry.field(default=None, description="Exact status.")
    type: str | None = strawberry.field(default=None, description="Operation type.")
    batch_group_id: str | None = strawberry.field(
        default=None, description="Batch group."
    )
