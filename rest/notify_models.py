"""REST shapes of notification channels (the GraphQL twins are in
schema/types/notifications.py; tests/parity/test_wire_shapes.py pairs them)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from services.notify.model import (
    ChangeLevel,
    ChannelKind,
    ChannelSource,
    DeliveryOutcome,
    NotificationEvent,
)


class _Out(BaseModel):
    model_config = ConfigDict(
        from_attributes=True, json_schema_serialization_defaults_required=True
    )


class _Request(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)


class NotificationDeliveryOut(_Out):
    outcome: DeliveryOutcome
    at: datetime
    event: NotificationEvent
    error: str | None


class NotificationChannelOut(_Out):
    id: str
    name: str
    url: str
    kind: ChannelKind
    source: ChannelSource
    events: list[NotificationEvent]
    min_change: ChangeLevel | None
    include_stacks: list[str]
    exclude_stacks: list[str]
    include_containers: list[str]
    exclude_containers: list[str]
    title_template: str | None
    body_template: str | None
    last_delivery: NotificationDeliveryOut | None


class AddNotificationChannelRequest(_Request):
    # Enum names are checked by the service (either edge's spelling), so
    # both edges refuse an unknown one with the same message.
    name: str
    url: str
    events: list[str] = Field(default_factory=list)
    min_change: str | None = None
    include_stacks: list[str] = Field(default_factory=list)
    exclude_stacks: list[str] = Field(default_factory=list)
    include_containers: list[str] = Field(default_factory=list)
    exclude_containers: list[str] = Field(default_factory=list)
    title_template: str | None = None
    body_template: str | None = None


class NotificationTestRequest(_Request):
    id: str | None = None
