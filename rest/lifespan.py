"""The app's lifespan: build one AppContext, hand it to every request, close it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import TypedDict

from fastapi import FastAPI

from resolvers.context import AppContext, open_app_context
from services.config import Settings
from services.holdback import held_back

# FastAPI asks of each route's types whether they are pydantic.v1 models,
# importing pydantic.v1 (~2 MB) to ask, as routes are made and again as
# requests first reach them. None can be while nothing else has imported it,
# so while the app runs it is held back: the same answer, without the module.
PYDANTIC_V1 = "pydantic.v1"

ContextFactory = Callable[[Settings], AbstractAsyncContextManager[AppContext]]


class State(TypedDict):
    ctx: AppContext


def build_lifespan(
    settings: Settings, context_factory: ContextFactory = open_app_context
) -> Callable[[FastAPI], AbstractAsyncContextManager[State]]:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[State]:
        with held_back(PYDANTIC_V1):
            async with context_factory(settings) as ctx:
                yield {"ctx": ctx}

    return lifespan
