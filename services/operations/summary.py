"""The one log line an operation leaves when it ends.

Admins read the server log (journald, `docker logs`, a log shipper) to learn
what changed on their host; each finished operation says it once, in words:
`updated web from 1.2.0 to 1.3.0 in 4.1 s`, `rolled back web from 1.3.0 to
1.2.0 in 2.0 s`, `update of web failed: ...`.
"""

from __future__ import annotations

from services.operations.model import OperationStatus, OperationType
from services.store.records import OperationRecord

# What a finished operation did (past tense) and what it is (for failures).
_DONE = {
    OperationType.UPDATE: "updated",
    OperationType.BATCH: "updated",
    OperationType.ROLLBACK: "rolled back",
    OperationType.FIX_MISMATCH: "fixed the compose mismatch of",
    OperationType.LABEL_CHANGE: "changed the labels of",
    OperationType.RESTART: "restarted",
    OperationType.STOP: "stopped",
    OperationType.START: "started",
    OperationType.REMOVE: "removed",
}
_NOUN = {
    OperationType.BATCH: "batch update",
    OperationType.FIX_MISMATCH: "mismatch fix",
    OperationType.LABEL_CHANGE: "label change",
}
# Types whose versions are tags worth naming (a label change stores JSON).
_VERSIONED = frozenset(
    {OperationType.UPDATE, OperationType.BATCH, OperationType.ROLLBACK}
)


def finished_line(record: OperationRecord) -> str:
    kind = record.operation_type
    name = record.container_name
    took = _duration(record)
    if record.status is OperationStatus.FAILED:
        line = f"{_NOUN.get(kind, kind)} of {name} failed: {record.error_message or 'no reason recorded'}"
        if record.rollback_occurred:
            line += (
                f"; rolled back to {record.old_version}"
                if record.old_version
                else "; rolled back"
            )
        return line + took
    line = f"{_DONE.get(kind, kind + ' of')} {name}"
    if kind in _VERSIONED and record.old_version and record.new_version:
        line += f" from {record.old_version} to {record.new_version}"
    elif kind in _VERSIONED and record.new_version:
        line += f" to {record.new_version}"
    return line + took


def _duration(record: OperationRecord) -> str:
    if record.started_at is None or record.completed_at is None:
        return ""
    seconds = (record.completed_at - record.started_at).total_seconds()
    return f" in {max(seconds, 0):.1f} s"
