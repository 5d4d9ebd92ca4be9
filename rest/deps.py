from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query
from starlette.requests import HTTPConnection

from resolvers.context import AppContext
from rest.auth import principal_of
from rest.closed import refused_as
from services.checks.model import HistoryType
from services.operations import OperationStatus, OperationType


def get_app_context(conn: HTTPConnection) -> AppContext:
    """The app's context acting as the request's principal (rest/auth.py)."""
    ctx: AppContext = conn.state.ctx
    return ctx.as_principal(principal_of(conn))


AppContextDep = Annotated[AppContext, Depends(get_app_context)]

HostQuery = Annotated[
    str | None,
    Query(
        description="A Docker host's name (GET /api/hosts): only its containers; "
        "one container is looked up on `local` unless a host is given"
    ),
]

# Closed sets: a value outside one is refused in the services' words.
HistoryTypeQuery = Annotated[
    Annotated[HistoryType, refused_as(HistoryType, "type")] | None, Query()
]
OperationStatusQuery = Annotated[
    Annotated[OperationStatus, refused_as(OperationStatus, "status")] | None, Query()
]
OperationTypeQuery = Annotated[
    Annotated[OperationType, refused_as(OperationType, "type")] | None, Query()
]
