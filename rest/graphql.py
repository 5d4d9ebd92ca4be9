from __future__ import annotations

from collections.abc import Collection

from strawberry.fastapi import GraphQLRouter
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL

from rest.deps import AppContextDep
from schema import build_schema
from schema.context import GraphQLContext


async def get_graphql_context(app: AppContextDep) -> GraphQLContext:
    return GraphQLContext(app)


def build_graphql_router(
    *, allowed_origins: Collection[str] = ()
) -> GraphQLRouter[GraphQLContext, None]:
    return GraphQLRouter(
        build_schema(),
        # Strawberry checks WebSocket origins itself; ALLOWED_ORIGINS widens
        # both its check and rest/guard.py's.
        allowed_origins=sorted(allowed_origins),
        context_getter=get_graphql_context,
        graphql_ide="graphiql",
        subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL],
    )
