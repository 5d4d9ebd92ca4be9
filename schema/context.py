from __future__ import annotations

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from resolvers import operations
from resolvers.context import AppContext
from services.store.records import OperationRecord


class Loaders:
    """Per-request DataLoaders, so a list of N containers costs one query per
    field instead of N."""

    def __init__(self, app: AppContext) -> None:
        async def latest(names: list[str]) -> list[OperationRecord | None]:
            return await operations.latest_operations(app, containers=names)

        self.latest_operation: DataLoader[str, OperationRecord | None] = DataLoader(
            latest
        )


class GraphQLContext(BaseContext):
    def __init__(self, app: AppContext) -> None:
        super().__init__()
        self.app = app
        self.loaders = Loaders(app)


Info = strawberry.Info[GraphQLContext, None]
