from __future__ import annotations

import json
from collections.abc import AsyncIterator

import anyio
from sse_starlette import EventSourceResponse, ServerSentEvent

from resolvers import events
from rest.api import APIRouter
from rest.deps import AppContextDep
from rest.openapi import SSE_RESPONSE
from rest.sse import event_stream, messages

router = APIRouter(tags=["events"])


@router.get(
    "/events",
    summary="Live events as Server-Sent Events",
    responses=SSE_RESPONSE,
)
async def get_events(ctx: AppContextDep) -> EventSourceResponse:
    # Set by sse-starlette when the server shuts down: the stream then ends
    # like a finished response instead of being cut mid-body.
    shutdown = anyio.Event()
    # Called here, not inside the stream, so a refusal is the response and
    # not an error after a 200 has gone out.
    source = events.stream_events(ctx, until=shutdown.wait)

    async def stream() -> AsyncIterator[ServerSentEvent]:
        yield ServerSentEvent(
            event="connected", data=json.dumps({"status": "connected"})
        )
        async for message in messages(source):
            yield message

    return event_stream(
        ctx.settings,
        stream(),
        shutdown_event=shutdown,
        shutdown_grace_period=3,
    )
