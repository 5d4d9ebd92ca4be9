"""Docksmith's GraphQL schema (Strawberry): root types call resolvers only."""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql.error import GraphQLError
from strawberry.types import ExecutionContext

from schema.errors import (
    HANDLERS,
    DocksmithErrors,
    is_unexpected,
    refuse_enums_as_closed_sets,
)
from schema.fastpath import LeafFastPathExecutionContext
from schema.limits import GraphQLLimits, build_limit_extensions
from schema.mutation import Mutation
from schema.query import Query
from schema.subscription import Subscription

log = logging.getLogger("docksmith.graphql")


class DocksmithSchema(strawberry.Schema):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        refuse_enums_as_closed_sets(self._schema)

    def process_errors(
        self,
        errors: list[GraphQLError],
        execution_context: ExecutionContext | None = None,
    ) -> None:
        # Strawberry logs every error at ERROR with its traceback. A bad
        # argument or an unknown name is the client's business, not an
        # incident; unexpected errors are logged once, with their correlation
        # id, when DocksmithErrors masks them.
        for error in errors:
            if not is_unexpected(error):
                log.debug("GraphQL request refused: %s", error.message)


def build_schema(limits: GraphQLLimits | None = None) -> strawberry.Schema:
    return DocksmithSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[
            *build_limit_extensions(limits or GraphQLLimits()),
            DocksmithErrors,
        ],
        exception_handlers=HANDLERS,
        execution_context_class=LeafFastPathExecutionContext,
    )
