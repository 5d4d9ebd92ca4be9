"""The app's lifespan: build one AppContext, hand it to every request, close it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import TypedDict

from starlette.applications import Starlette

from resolvers.context import AppContext, open_app_context
from services.config import Settings

ContextFactory = Callable[[Settings], AbstractAsyncContextManager[AppContext]]


class State(TypedDict):
    ctx: AppContext


def build_lifespan(
    settings: Settings, context_factory: ContextFactory = open_app_context
) -> Callable[[Starlette], AbstractAsyncContextManager[State]]:
    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[State]:
        async with context_factory(settings) as ctx:
            yield {"ctx": ctx}

    return lifespan
