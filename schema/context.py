from __future__ import annotations

import strawberry
from strawberry.fastapi import BaseContext

from resolvers.context import AppContext


class GraphQLContext(BaseContext):
    def __init__(self, app: AppContext) -> None:
        super().__init__()
        self.app = app


Info = strawberry.Info[GraphQLContext, None]
