from __future__ import annotations

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from resolvers import operations
from resolvers.context import AppContext
from services.auth.principal import Principal
from services.store.records import OperationRecord


class Loaders:
    """Per-request DataLoaders, so a list of N containers costs one query per
    field instead of N."""

    def __init__(self, app: AppContext) -> None:
        async def latest(
            keys: list[tuple[str, str]],
        ) -> list[OperationRecord | None]:
            # One query per host among the keys (usually one).
            found: dict[tuple[str, str], OperationRecord | None] = {}
            for host in dict.fromkeys(h for h, _ in keys):
                names = [n for h, n in keys if h == host]
                rows = await operations.latest_operations(
                    app, containers=names, host=host
                )
                found.update(zip(((host, n) for n in names), rows, strict=True))
            return [found[key] for key in keys]

        self.latest_operations = latest
        # Keyed by (host, container name): container identity.
        self.latest_operation: DataLoader[tuple[str, str], OperationRecord | None] = (
            DataLoader(latest)
        )


class GraphQLContext(BaseContext):
    def __init__(self, app: AppContext) -> None:
        super().__init__()
        self.app = app
        self.loaders = Loaders(app)

    def act_as(self, principal: Principal) -> None:
        """A WebSocket that signed in with its connection_init payload."""
        self.app = self.app.as_principal(principal)
        self.loaders = Loaders(self.app)


Info = strawberry.Info[GraphQLContext, None]
