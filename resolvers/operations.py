from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

from resolvers.context import AppContext
from services.errors import InvalidInputError
from services.store.records import OperationLogRecord, OperationRecord

MAX_PAGE = 500


@dataclass(frozen=True, slots=True)
class OperationPage:
    operations: list[OperationRecord]
    has_more: bool
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class OperationDetail:
    operation: OperationRecord
    log: list[OperationLogRecord]


def _encode_cursor(op: OperationRecord) -> str | None:
    if op.started_at is None:
        return None
    return base64.urlsafe_b64encode(op.started_at.isoformat().encode()).decode()


def _decode_cursor(cursor: str) -> datetime:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        return datetime.fromisoformat(text)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise InvalidInputError(f"invalid cursor: {cursor!r}") from exc


async def list_operations(
    ctx: AppContext,
    *,
    container: str | None = None,
    status: str | None = None,
    operation_type: str | None = None,
    batch_group_id: str | None = None,
    limit: int = 20,
    cursor: str | None = None,
) -> OperationPage:
    if limit < 1 or limit > MAX_PAGE:
        raise InvalidInputError(f"limit must be between 1 and {MAX_PAGE}")
    rows = await ctx.repos.operations.search(
        container=container,
        status=status,
        operation_type=operation_type,
        batch_group_id=batch_group_id,
        before=_decode_cursor(cursor) if cursor else None,
        limit=limit + 1,
    )
    page, has_more = rows[:limit], len(rows) > limit
    next_cursor = _encode_cursor(page[-1]) if has_more and page else None
    return OperationPage(operations=page, has_more=has_more, next_cursor=next_cursor)


async def get_operation(ctx: AppContext, *, operation_id: str) -> OperationDetail:
    operation = await ctx.repos.operations.get(operation_id)
    log = await ctx.repos.operations.log(operation_id)
    return OperationDetail(operation=operation, log=log)


async def latest_operations(
    ctx: AppContext, *, containers: list[str]
) -> list[OperationRecord | None]:
    """Each container's newest operation (batched for GraphQL DataLoaders)."""
    found = await ctx.repos.operations.latest_for(containers)
    return [found.get(name) for name in containers]
