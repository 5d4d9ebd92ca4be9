from __future__ import annotations

from datetime import datetime

from resolvers.access import requires
from resolvers.context import AppContext
from services.auth.principal import Scope
from services.frozen import frozen
from services.hosts import DEFAULT_HOST
from services.operations import OperationStatus, OperationType, listing
from services.operations.listing import MAX_PAGE, OperationPage
from services.store.records import OperationLogRecord, OperationRecord

# The page types are the service's; the edges reach them through here.
__all__ = [
    "MAX_PAGE",
    "OperationDetail",
    "OperationPage",
    "get_operation",
    "latest_operations",
    "list_operations",
    "operation_cursor",
]


@frozen
class OperationDetail:
    operation: OperationRecord
    log: list[OperationLogRecord]


def operation_cursor(op: OperationRecord) -> str:
    """Relay's edge cursor: what continues a listing after `op`."""
    cursor = listing.encode_cursor(op)
    if cursor is None:  # `start` stamps every operation; this row is damaged
        raise ValueError(f"operation {op.operation_id} has no start time")
    return cursor


@requires(Scope.READ)
async def list_operations(
    ctx: AppContext,
    *,
    container: str | None = None,
    status: OperationStatus | None = None,
    operation_type: OperationType | None = None,
    batch_group_id: str | None = None,
    started_since: datetime | None = None,
    started_before: datetime | None = None,
    limit: int = 20,
    cursor: str | None = None,
    host: str | None = None,
) -> OperationPage:
    """`host`: one Docker host's operations only (every host's when None)."""
    return await listing.list_operations(
        ctx.repos.operations,
        container=container,
        status=status,
        operation_type=operation_type,
        batch_group_id=batch_group_id,
        started_since=started_since,
        started_before=started_before,
        limit=limit,
        cursor=cursor,
        host=ctx.hosts.known(host) if host is not None else None,
    )


@requires(Scope.READ)
async def get_operation(ctx: AppContext, *, operation_id: str) -> OperationDetail:
    operation = await ctx.repos.operations.get(operation_id)
    log = await ctx.repos.operations.log(operation_id)
    return OperationDetail(operation=operation, log=log)


@requires(Scope.READ)
async def latest_operations(
    ctx: AppContext, *, containers: list[str], host: str = DEFAULT_HOST
) -> list[OperationRecord | None]:
    """Each container's newest operation on `host` (batched for GraphQL
    DataLoaders)."""
    found = await ctx.repos.operations.latest_for(containers, host=host)
    return [found.get(name) for name in containers]
