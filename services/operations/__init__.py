"""Recording operations: ids, live stages, logs and their progress events.

The package names only the closed sets (`model`, a leaf the store's records
use too); the recorder is `services.operations.recorder`, so importing the
vocabulary never pulls the store in (which would be a cycle)."""

from services.operations.model import (
    LogLevel,
    OperationStatus,
    OperationType,
    RunKind,
)

__all__ = ["LogLevel", "OperationStatus", "OperationType", "RunKind"]
