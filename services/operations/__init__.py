"""Recording operations: ids, live stages, logs and their progress events."""

from services.operations.recorder import (
    LogLevel,
    OperationHandle,
    OperationRecorder,
    OperationStatus,
    OperationType,
    new_operation_id,
)

__all__ = [
    "LogLevel",
    "OperationHandle",
    "OperationRecorder",
    "OperationStatus",
    "OperationType",
    "new_operation_id",
]
