"""Live events with typed payloads, one GraphQL type per event kind.

The SSE stream at /api/events sends the same payloads as JSON; here each
kind has its own type so a client gets enums and types instead of a `JSON`
blob, and `EventMessage.payload` is a union a client switches on with
`__typename`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any

import strawberry

from schema.types.enums import (
    CheckPhase,
    EventType,
    HostStatus,
    OperationStatus,
    OperationType,
)
from services.events import Event, EventKind


def _str(payload: Mapping[str, Any], key: str) -> str | None:
    value = payload.get(key)
    return None if value is None else str(value)


def _int(payload: Mapping[str, Any], key: str) -> int:
    return int(payload.get(key) or 0)


def _operation_type(payload: Mapping[str, Any]) -> OperationType | None:
    value = payload.get("operation_type")
    return OperationType(value) if value else None


@strawberry.type(
    description="A step of an operation (update.progress, restart.progress)."
)
class OperationProgress:
    operation_id: str = strawberry.field(description="The operation.")
    operation_type: OperationType | None = strawberry.field(description="What it does.")
    container_name: str | None = strawberry.field(
        description="The container (or a batch summary)."
    )
    stack_name: str | None = strawberry.field(description="Compose project.")
    stage: OperationStatus = strawberry.field(
        description="The stage it reached (COMPLETE or FAILED at the end)."
    )
    progress: int = strawberry.field(description="0 to 100.")
    message: str = strawberry.field(description="For a person.")
    at: datetime = strawberry.field(description="When it was published.")

    @classmethod
    def from_domain(cls, event: Event) -> OperationProgress:
        p = event.payload
        return cls(
            operation_id=str(p.get("operation_id")),
            operation_type=_operation_type(p),
            container_name=_str(p, "container_name"),
            stack_name=_str(p, "stack_name"),
            stage=OperationStatus(str(p.get("stage"))),
            progress=_int(p, "progress"),
            message=str(p.get("message") or ""),
            at=event.at,
        )


@strawberry.type(description="An operation ended (container.updated).")
class OperationFinished:
    operation_id: str = strawberry.field(description="The operation.")
    operation_type: OperationType | None = strawberry.field(description="What it did.")
    container_id: str | None = strawberry.field(description="Engine id.")
    container_name: str | None = strawberry.field(description="The container.")
    stack_name: str | None = strawberry.field(description="Compose project.")
    status: OperationStatus = strawberry.field(description="COMPLETE or FAILED.")
    error: str | None = strawberry.field(description="Why it failed.")
    at: datetime = strawberry.field(description="When it was published.")

    @classmethod
    def from_domain(cls, event: Event) -> OperationFinished:
        p = event.payload
        return cls(
            operation_id=str(p.get("operation_id")),
            operation_type=_operation_type(p),
            container_id=_str(p, "container_id"),
            container_name=_str(p, "container_name"),
            stack_name=_str(p, "stack_name"),
            status=OperationStatus(str(p.get("status"))),
            error=_str(p, "error"),
            at=event.at,
        )


@strawberry.type(description="Progress of a check run (check.progress).")
class CheckProgress:
    phase: CheckPhase = strawberry.field(description="Where the run is.")
    total: int = strawberry.field(description="Containers to check.")
    checked: int = strawberry.field(description="Containers checked so far.")
    percent: int = strawberry.field(description="0 to 100.")
    message: str = strawberry.field(description="For a person.")
    container_name: str | None = strawberry.field(
        description="The container just checked."
    )
    at: datetime = strawberry.field(description="When it was published.")

    @classmethod
    def from_domain(cls, event: Event) -> CheckProgress:
        p = event.payload
        return cls(
            phase=CheckPhase(str(p.get("stage"))),
            total=_int(p, "total"),
            checked=_int(p, "checked"),
            percent=_int(p, "percent"),
            message=str(p.get("message") or ""),
            container_name=_str(p, "container_name"),
            at=event.at,
        )


@strawberry.type(
    description="A container was stopped or removed (the event's `type` says which)."
)
class ContainerChanged:
    container_id: str | None = strawberry.field(description="Engine id.")
    container_name: str | None = strawberry.field(description="The container.")
    stack_name: str | None = strawberry.field(description="Compose project.")
    operation_id: str = strawberry.field(description="The operation that did it.")
    at: datetime = strawberry.field(description="When it was published.")

    @classmethod
    def from_domain(cls, event: Event) -> ContainerChanged:
        p = event.payload
        return cls(
            container_id=_str(p, "container_id"),
            container_name=_str(p, "container_name"),
            stack_name=_str(p, "stack_name"),
            operation_id=str(p.get("operation_id")),
            at=event.at,
        )


@strawberry.type(
    description="This subscriber fell behind and lost events "
    "(system.events_dropped): refetch what it shows."
)
class EventsDropped:
    dropped_count: int = strawberry.field(description="Lost since the last report.")
    total_dropped: int = strawberry.field(description="Lost since the server started.")
    message: str = strawberry.field(description="For a person.")
    at: datetime = strawberry.field(description="When it was published.")

    @classmethod
    def from_domain(cls, event: Event) -> EventsDropped:
        p = event.payload
        return cls(
            dropped_count=_int(p, "dropped_count"),
            total_dropped=_int(p, "total_dropped"),
            message=str(p.get("message") or ""),
            at=event.at,
        )


@strawberry.type(description="A Docker host went down or came back (host.status).")
class HostStatusChanged:
    host: str = strawberry.field(description="The host's name.")
    host_status: HostStatus = strawberry.field(description="up or down.")
    error: str | None = strawberry.field(description="Why it is down.")
    at: datetime = strawberry.field(description="When it was published.")

    @classmethod
    def from_domain(cls, event: Event) -> HostStatusChanged:
        p = event.payload
        return cls(
            host=str(p.get("host") or ""),
            host_status=HostStatus(p.get("status") or HostStatus.UNKNOWN),
            error=p.get("error"),
            at=event.at,
        )


EventPayload = Annotated[
    OperationProgress
    | OperationFinished
    | CheckProgress
    | ContainerChanged
    | EventsDropped
    | HostStatusChanged,
    strawberry.union("EventPayload", description="The details of one event kind."),
]
OperationEvent = Annotated[
    OperationProgress | OperationFinished,
    strawberry.union(
        "OperationEvent",
        description="A step of an operation, or (last) its end.",
    ),
]

_PAYLOADS: dict[EventKind, Any] = {
    EventKind.UPDATE_PROGRESS: OperationProgress,
    EventKind.RESTART_PROGRESS: OperationProgress,
    EventKind.CONTAINER_UPDATED: OperationFinished,
    EventKind.CHECK_PROGRESS: CheckProgress,
    EventKind.CONTAINER_STOPPED: ContainerChanged,
    EventKind.CONTAINER_REMOVED: ContainerChanged,
    EventKind.EVENTS_DROPPED: EventsDropped,
    EventKind.HOST_STATUS: HostStatusChanged,
}


def payload_of(event: Event) -> EventPayload:
    """The typed payload of any event (a KeyError names a kind left out)."""
    projected: EventPayload = _PAYLOADS[event.kind].from_domain(event)
    return projected


def operation_event(event: Event) -> OperationEvent:
    if event.kind is EventKind.CONTAINER_UPDATED:
        return OperationFinished.from_domain(event)
    return OperationProgress.from_domain(event)


@strawberry.type(description="One live event, as also sent over SSE at /api/events.")
class EventMessage:
    type: EventType = strawberry.field(description="What happened.")
    payload: EventPayload = strawberry.field(description="The event's details.")
    timestamp: datetime = strawberry.field(description="When it was published.")
    sequence: int = strawberry.field(description="Increasing number per server run.")

    @classmethod
    def from_domain(cls, event: Event) -> EventMessage:
        return cls(
            type=event.kind,
            payload=payload_of(event),
            timestamp=event.at,
            sequence=event.sequence,
        )
