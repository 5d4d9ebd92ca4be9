from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Collection

from resolvers.access import requires
from resolvers.context import AppContext
from services.auth.principal import Scope
from services.events import Event, EventKind


@requires(Scope.READ)
async def stream_events(
    ctx: AppContext,
    kinds: Collection[EventKind] | None = None,
    *,
    until: Callable[[], Awaitable[object]] | None = None,
) -> AsyncIterator[Event]:
    """The one event stream; SSE and GraphQL subscriptions both serve it.

    `until` lets an edge end the stream cleanly (the SSE edge passes the
    server's shutdown signal so clients see a finished response).
    """
    async with ctx.events.subscribe(kinds) as subscription:
        watcher: asyncio.Task[None] | None = None
        if until is not None:

            async def close_when_done() -> None:
                await until()
                subscription.close()

            watcher = asyncio.create_task(close_when_done())
        try:
            async for event in subscription:
                yield event
        finally:
            if watcher is not None:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher
