from __future__ import annotations

from collections.abc import Collection

from strawberry.fastapi import GraphQLRouter
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL

from rest.consoles import graphiql_html
from rest.deps import AppContextDep
from schema import build_schema
from schema.context import GraphQLContext


async def get_graphql_context(app: AppContextDep) -> GraphQLContext:
    return GraphQLContext(app)


class DocksmithGraphQLRouter(GraphQLRouter[GraphQLContext, None]):
    """Serves GraphiQL from Docksmith's own files instead of Strawberry's
    CDN-backed page (see rest/consoles)."""

    @property
    def graphql_ide_html(self) -> str:
        return graphiql_html()


def build_graphql_router(
    *, allowed_origins: Collection[str] = ()
) -> GraphQLRouter[GraphQLContext, None]:
    return DocksmithGraphQLRouter(
        build_schema(),
        # Strawberry checks WebSocket origins itself; ALLOWED_ORIGINS widens
        # both its check and rest/guard.py's.
        allowed_origins=sorted(allowed_origins),
        context_getter=get_graphql_context,
        graphql_ide="graphiql",
        subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL],
    )
