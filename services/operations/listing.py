"""Listing operations a page at a time, newest first.

Owns the page size limits and the cursor: an opaque token holding the full
sort key (`started_at`, `operation_id`) of the last row shown. A cursor of
the timestamp alone would skip every operation that shares it with the
last row of a page. Both edges call `list_operations`, so they accept and
refuse the same arguments.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime

from services import inputs
from services.errors import InvalidInputError
from services.frozen import frozen
from services.operations import OperationStatus, OperationType
from services.store.records import OperationCursor, OperationRecord
from services.store.repositories import OperationRepository

MAX_PAGE = 500
# A timestamp and an operation id, base64-encoded JSON.
_MAX_CURSOR = 256


@frozen
class OperationPage:
    operations: list[OperationRecord]
    has_more: bool
    next_cursor: str | None


def encode_cursor(op: OperationRecord) -> str | None:
    """The cursor that continues after `op` (None for a row without a start)."""
    if op.started_at is None:
        return None
    key = [op.started_at.isoformat(), op.operation_id]
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


def decode_cursor(cursor: str) -> OperationCursor:
    inputs.bounded(cursor, "cursor", _MAX_CURSOR)
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
        started_at, operation_id = key
        if not isinstance(started_at, str) or not isinstance(operation_id, str):
            raise TypeError("cursor fields are not strings")
        return OperationCursor(datetime.fromisoformat(started_at), operation_id)
    except (binascii.Error, UnicodeError, TypeError, ValueError) as exc:
        raise InvalidInputError(
            f"invalid cursor: {inputs.preview(cursor)}; pass the cursor of a previous page"
        ) from exc


async def list_operations(
    repo: OperationRepository,
    *,
    container: str | None = None,
    status: OperationStatus | str | None = None,
    operation_type: OperationType | str | None = None,
    batch_group_id: str | None = None,
    started_since: datetime | None = None,
    started_before: datetime | None = None,
    limit: int = 20,
    cursor: str | None = None,
    host: str | None = None,
) -> OperationPage:
    """`started_since` is inclusive and `started_before` exclusive; a time
    without a zone is taken as UTC (the zone every start is stored in)."""
    inputs.page_size(limit, MAX_PAGE)
    wanted_status, wanted_type = _check_filters(
        container, status, operation_type, batch_group_id
    )
    since, before = _aware(started_since), _aware(started_before)
    if since is not None and before is not None and since >= before:
        raise InvalidInputError(
            f"started_since ({since.isoformat()}) must be before "
            f"started_before ({before.isoformat()})"
        )
    rows = await repo.search(
        container=container,
        status=wanted_status,
        operation_type=wanted_type,
        batch_group_id=batch_group_id,
        started_since=since,
        started_before=before,
        host=host,
        after=decode_cursor(cursor) if cursor is not None else None,
        limit=limit + 1,
    )
    page, has_more = rows[:limit], len(rows) > limit
    next_cursor = encode_cursor(page[-1]) if has_more and page else None
    return OperationPage(operations=page, has_more=has_more, next_cursor=next_cursor)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _check_filters(
    container: str | None,
    status: OperationStatus | str | None,
    operation_type: OperationType | str | None,
    batch_group_id: str | None,
) -> tuple[OperationStatus | None, OperationType | None]:
    """The status and type asked for. A filter no operation could match is a
    mistake to report, not a query to run (and a value longer than its column
    fails the query)."""
    inputs.optional_docker_name(container, "container")
    wanted_status = wanted_type = None
    if status is not None:
        if status not in set(OperationStatus):
            raise inputs.not_one_of("status", OperationStatus, status)
        wanted_status = OperationStatus(status)
    if operation_type is not None:
        if operation_type not in set(OperationType):
            raise inputs.not_one_of("type", OperationType, operation_type)
        wanted_type = OperationType(operation_type)
    if batch_group_id is not None:
        inputs.operation_id(batch_group_id, "batch_group_id")
    return wanted_status, wanted_type
