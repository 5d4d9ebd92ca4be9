from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from resolvers.context import AppContext


def get_app_context(conn: HTTPConnection) -> AppContext:
    ctx: AppContext = conn.state.ctx
    return ctx


AppContextDep = Annotated[AppContext, Depends(get_app_context)]
