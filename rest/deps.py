from __future__ import annotations

from typing import Annotated

from rest.api import AppContextDep, Closed, Query, get_app_context
from services.checks.model import HistoryType
from services.operations import OperationStatus, OperationType

__all__ = [
    "AppContextDep",
    "HistoryTypeQuery",
    "HostQuery",
    "OperationStatusQuery",
    "OperationTypeQuery",
    "get_app_context",
]

HostQuery = Annotated[
    str | None,
    Query(
        description="A Docker host's name (GET /api/hosts): only its containers; "
        "one container is looked up on `local` unless a host is given"
    ),
]

# Closed sets: a value outside one is refused in the services' words.
HistoryTypeQuery = Annotated[HistoryType | None, Closed(HistoryType)]
OperationStatusQuery = Annotated[OperationStatus | None, Closed(OperationStatus)]
OperationTypeQuery = Annotated[OperationType | None, Closed(OperationType)]
