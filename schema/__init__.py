"""Docksmith's GraphQL schema (Strawberry): root types call resolvers only."""

from __future__ import annotations

import strawberry

from schema.errors import DocksmithErrors
from schema.query import Query
from schema.subscription import Subscription


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        subscription=Subscription,
        extensions=[DocksmithErrors],
    )
