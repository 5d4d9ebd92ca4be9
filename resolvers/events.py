from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Collection

from resolvers.access import requires
from resolvers.context import AppContext
from services.auth.principal import Scope
from services.events import Event, EventKind, Subscription

# Awaited by an edge's stream to end it cleanly (the SSE edge passes the
# server's shutdown signal, so clients see a finished response instead of
# one cut when the graceful period runs out).
Until = Callable[[], Awaitable[object]]


@contextlib.asynccontextmanager
async def closed_when(
    subscription: Subscription, until: Until | None
) -> AsyncIterator[None]:
    """While inside, `subscription` is closed as soon as `until()` returns."""
    if until is None:
        yield
        return

    async def close_when_done() -> None:
        await until()
        subscription.close()

    watcher = asyncio.create_task(close_when_done())
    try:
        yield
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher


@requires(Scope.READ)
async def stream_events(
    ctx: AppContext,
    kinds: Collection[EventKind] | None = None,
    *,
    until: Until | None = None,
) -> AsyncIterator[Event]:
    """The one event stream; SSE and GraphQL subscriptions both serve it."""
    async with (
        ctx.events.subscribe(kinds) as subscription,
        closed_when(subscription, until),
    ):
        async for event in subscription:
            yield event
