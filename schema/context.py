from __future__ import annotations

import strawberry

from resolvers.context import AppContext
from services.auth.principal import Principal


class GraphQLContext:
    """What a resolver reaches besides its arguments. Over a WebSocket one
    context serves every operation of the connection, so it caches no answer:
    what a field reads is read by the operation that asks (a list reads its
    rows' last operations in one batch, schema/types/container.py)."""

    # Set by the transport: a socket's connection_init payload.
    connection_params: object | None = None

    def __init__(self, app: AppContext) -> None:
        self.app = app

    def act_as(self, principal: Principal) -> None:
        """A WebSocket that signed in with its connection_init payload."""
        self.app = self.app.as_principal(principal)


Info = strawberry.Info[GraphQLContext, None]
