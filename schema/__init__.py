"""Docksmith's GraphQL schema (Strawberry): root types call resolvers only."""

from __future__ import annotations

import strawberry

from schema.errors import HANDLERS, DocksmithErrors
from schema.mutation import Mutation
from schema.query import Query
from schema.subscription import Subscription


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[DocksmithErrors],
        exception_handlers=HANDLERS,
    )
