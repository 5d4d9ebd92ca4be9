"""What a caller asks for, as stored in the queue until the operation runs."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from services.frozen import frozen
from services.hosts import DEFAULT_HOST
from services.operations import RunKind


@frozen
class BatchItem:
    container: str
    version: str | None = None
    host: str = DEFAULT_HOST


@frozen
class StackOperation:
    stack: str
    containers: list[str]
    operation_id: str
    status: str
    host: str = DEFAULT_HOST


@frozen
class BatchStarted:
    batch_group_id: str
    operations: list[StackOperation] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


def payload(kind: RunKind, **values: Any) -> dict[str, Any]:
    """What the queue stores for an operation: the JSON column keeps the
    kind's plain value, as rows written before it was an enum do."""
    return {"kind": kind.value, **values}
