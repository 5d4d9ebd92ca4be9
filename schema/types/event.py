from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from services.events import Event, EventKind

EventType = strawberry.enum(
    EventKind,
    name="EventType",
    description="Kinds of live events Docksmith publishes.",
)


@strawberry.type(description="One live event, as also sent over SSE at /api/events.")
class EventMessage:
    type: EventType = strawberry.field(description="What happened.")
    payload: JSON = strawberry.field(
        description="The event's details (as in the SSE stream)."
    )
    timestamp: datetime = strawberry.field(description="When it was published.")
    sequence: int = strawberry.field(description="Increasing number per server run.")

    @classmethod
    def from_domain(cls, event: Event) -> EventMessage:
        payload: Any = dict(event.payload)
        return cls(
            type=event.kind,
            payload=payload,
            timestamp=event.at,
            sequence=event.sequence,
        )
