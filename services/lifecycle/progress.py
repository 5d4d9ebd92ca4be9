"""Stages of a restart, recorded on the operation and published as
`restart.progress` events (besides the operation's own `update.progress`),
so a client watching restarts does not have to filter update traffic."""

from __future__ import annotations

from datetime import UTC, datetime

from services.events import EventBus, EventKind
from services.frozen import frozen
from services.operations import OperationStatus
from services.operations.recorder import OperationHandle


@frozen
class RestartProgress:
    op: OperationHandle
    events: EventBus

    async def stage(self, stage: OperationStatus, progress: int, message: str) -> None:
        await self.op.stage(stage, progress, message)
        self.publish(str(stage), progress, message)

    def publish(self, stage: str, progress: int, message: str) -> None:
        record = self.op.record
        self.events.publish(
            EventKind.RESTART_PROGRESS,
            {
                "operation_id": record.operation_id,
                "operation_type": record.operation_type,
                "container_name": record.container_name,
                "stack_name": record.stack_name,
                "stage": stage,
                "progress": max(0, min(100, progress)),
                "message": message,
                "timestamp": int(datetime.now(UTC).timestamp()),
            },
        )

    async def complete(self, message: str, **fields: object) -> None:
        await self.op.complete(message, **fields)
        self.publish("complete", 100, message)

    async def fail(self, message: str, **fields: object) -> None:
        await self.op.fail(message, **fields)
        self.publish("failed", 0, message)
