"""Server-Sent Events of domain events, one wire form for every SSE route:
`{"type": ..., "payload": ...}` per event, a keep-alive comment, and a
stream that ends with an error (its credentials ended) says so in a last
`error` event in the error envelope, since after the 200 the status cannot.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterable, AsyncIterator
from typing import Any

import msgspec
from sse_starlette import EventSourceResponse, ServerSentEvent

from rest.envelope import ErrorBody, ErrorEnvelope
from services.config import Settings
from services.errors import DocksmithError
from services.events import Event


def event_message(event: Event) -> ServerSentEvent:
    body = {"type": str(event.kind), "payload": dict(event.payload)}
    return ServerSentEvent(event=str(event.kind), data=json.dumps(body, default=str))


async def messages(source: AsyncIterable[Event]) -> AsyncIterator[ServerSentEvent]:
    """Each event of `source`; a DocksmithError ending it is the last event."""
    try:
        async for event in source:
            yield event_message(event)
    except DocksmithError as exc:
        envelope = ErrorEnvelope(error=ErrorBody(message=exc.message, code=exc.code))
        yield ServerSentEvent(
            event="error", data=msgspec.json.encode(envelope).decode()
        )


def event_stream(
    settings: Settings, stream: AsyncIterable[ServerSentEvent], **options: Any
) -> EventSourceResponse:
    return EventSourceResponse(
        stream,
        ping=settings.sse_keepalive.total_seconds(),
        ping_message_factory=lambda: ServerSentEvent(comment="keepalive"),
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        **options,
    )
