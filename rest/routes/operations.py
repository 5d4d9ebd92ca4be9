from __future__ import annotations

from typing import Annotated

from starlette.responses import Response

from resolvers import operations
from rest.api import APIRouter, Query
from rest.deps import (
    AppContextDep,
    HostQuery,
    OperationStatusQuery,
    OperationTypeQuery,
)
from rest.envelope import Envelope
from rest.models import OperationDetailOut, OperationLogOut, OperationOut
from rest.openapi import LOOKUP, STORAGE, errors
from rest.wire import as_dict

router = APIRouter(tags=["operations"])


@router.get(
    "/operations",
    summary="Operations, newest first; next page cursor in X-Next-Cursor",
    responses=errors(LOOKUP, STORAGE),
)
async def get_operations(
    ctx: AppContextDep,
    response: Response,
    container: str | None = None,
    status: OperationStatusQuery = None,
    type: OperationTypeQuery = None,
    limit: Annotated[
        int, Query(description=f"Operations, 1 to {operations.MAX_PAGE}")
    ] = 20,
    cursor: str | None = None,
    host: HostQuery = None,
) -> Envelope[list[OperationOut]]:
    page = await operations.list_operations(
        ctx,
        container=container,
        status=status,
        operation_type=type,
        limit=limit,
        cursor=cursor,
        host=host,
    )
    if page.next_cursor:
        response.headers["X-Next-Cursor"] = page.next_cursor
    return Envelope(data=[OperationOut.read(op) for op in page.operations])


@router.get(
    "/operations/{operation_id}",
    summary="One operation with its log",
    responses=errors(LOOKUP, STORAGE),
)
async def get_operation(
    ctx: AppContextDep, operation_id: str
) -> Envelope[OperationDetailOut]:
    detail = await operations.get_operation(ctx, operation_id=operation_id)
    out = OperationDetailOut(
        **as_dict(OperationOut.read(detail.operation)),
        log=[OperationLogOut.read(entry) for entry in detail.log],
    )
    return Envelope(data=out)
