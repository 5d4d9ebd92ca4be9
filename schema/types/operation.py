from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from resolvers.operations import OperationDetail, OperationPage, operation_cursor
from schema.types.enums import LogLevel, OperationStatus, OperationType
from services.store.records import OperationLogRecord, OperationRecord


@strawberry.type(description="A line of an operation's log.")
class OperationLogLine:
    at: datetime = strawberry.field(description="When it was written.")
    level: LogLevel = strawberry.field(description="How serious it is.")
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
    operation_type: OperationType = strawberry.field(description="What it does.")
    status: OperationStatus = strawberry.field(
        description="The live stage, then COMPLETE or FAILED."
    )
    stage: OperationStatus | None = strawberry.field(
        description="The last stage reached (kept when it fails)."
    )
    container_name: str = strawberry.field(
        description="The container (or a summary for batches)."
    )
    host: str = strawberry.field(description="The Docker host it acts on.")
    container_id: str | None = strawberry.field(
        description="Engine id of the container."
    )
    stack_name: str | None = strawberry.field(description="Compose project.")
    old_version: str | None = strawberry.field(description="Version before.")
    new_version: str | None = strawberry.field(description="Version after.")
    error_message: str | None = strawberry.field(description="Why it failed.")
    summary: str | None = strawberry.field(
        description="What a run did as a whole (auto-update runs)."
    )
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
    started_by: str | None = strawberry.field(
        description="Who started it: a user, token:<name>, or auto (Docksmith "
        "itself); null for operations from before this was recorded."
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
            host=op.host,
            container_id=op.container_id,
            stack_name=op.stack_name,
            old_version=op.old_version,
            new_version=op.new_version,
            error_message=op.error_message,
            batch_group_id=op.batch_group_id,
            batch_details=cast(JSON, op.batch_details),
            summary=op.summary,
            rollback_occurred=op.rollback_occurred,
            rollback_of=op.rollback_of,
            started_by=op.started_by,
            started_at=op.started_at,
            completed_at=op.completed_at,
            log=[OperationLogLine.from_domain(line) for line in log or []],
        )

    @classmethod
    def from_detail(cls, detail: OperationDetail) -> Operation:
        return cls.from_domain(detail.operation, detail.log)


@strawberry.type(description="An operation and its place in the list.")
class OperationEdge:
    cursor: str = strawberry.field(description="Pass as `after` to continue past it.")
    node: Operation = strawberry.field(description="The operation.")


@strawberry.type(description="Where a page sits in the whole list (Relay).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow.")
    has_previous_page: bool = strawberry.field(
        description="Items come before this page (it was asked for with `after`)."
    )
    start_cursor: str | None = strawberry.field(
        description="Cursor of the first edge (null when the page is empty)."
    )
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last edge; pass it as `after` for the next page."
    )

    @classmethod
    def of(cls, cursors: list[str], *, has_next: bool, after: str | None) -> PageInfo:
        return cls(
            has_next_page=has_next,
            has_previous_page=after is not None,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        )


@strawberry.type(description="A page of operations, newest first.")
class OperationConnection:
    edges: list[OperationEdge] = strawberry.field(description="The operations.")
    page_info: PageInfo = strawberry.field(description="Paging state.")

    @classmethod
    def from_domain(
        cls, page: OperationPage, *, after: str | None
    ) -> OperationConnection:
        edges = [
            OperationEdge(cursor=operation_cursor(op), node=Operation.from_domain(op))
            for op in page.operations
        ]
        return cls(
            edges=edges,
            page_info=PageInfo.of(
                [e.cursor for e in edges], has_next=page.has_more, after=after
            ),
        )


@strawberry.input(description="Which operations to list.")
class OperationFilter:
    container: str | None = strawberry.field(
        default=None, description="Container name."
    )
    status: OperationStatus | None = strawberry.field(
        default=None, description="Exact status."
    )
    type: OperationType | None = strawberry.field(
        default=None, description="Operation type."
    )
    batch_group_id: str | None = strawberry.field(
        default=None, description="Batch group."
    )
    started_since: datetime | None = strawberry.field(
        default=None, description="Started at or after (no zone: UTC)."
    )
    started_before: datetime | None = strawberry.field(
        default=None, description="Started before (no zone: UTC)."
    )
    host: str | None = strawberry.field(
        default=None, description="One Docker host's operations only."
    )
