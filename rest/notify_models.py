"""REST shapes of notification channels (the GraphQL twins are in
schema/types/notifications.py; tests/parity/test_wire_shapes.py pairs them)."""

from __future__ import annotations

from datetime import datetime

import msgspec

from rest.wire import In, Out
from services.notify.model import (
    ChangeLevel,
    ChannelKind,
    ChannelSource,
    DeliveryOutcome,
    NotificationEvent,
)


class NotificationDeliveryOut(Out, kw_only=True):
    outcome: DeliveryOutcome
    at: datetime
    event: NotificationEvent
    error: str | None


class NotificationChannelOut(Out, kw_only=True):
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


class AddNotificationChannelRequest(In, kw_only=True):
    # Enum names are checked by the service (either edge's spelling), so
    # both edges refuse an unknown one with the same message.
    name: str
    url: str
    events: list[str] = msgspec.field(default_factory=list)
    min_change: str | None = None
    include_stacks: list[str] = msgspec.field(default_factory=list)
    exclude_stacks: list[str] = msgspec.field(default_factory=list)
    include_containers: list[str] = msgspec.field(default_factory=list)
    exclude_containers: list[str] = msgspec.field(default_factory=list)
    title_template: str | None = None
    body_template: str | None = None


class NotificationTestRequest(In, kw_only=True):
    id: str | None = None
