from __future__ import annotations

from datetime import datetime

import strawberry

from services.notify.model import (
    ChangeLevel,
    ChannelInfo,
    ChannelKind,
    ChannelSource,
    DeliveryOutcome,
    DeliveryStatus,
    NotificationEvent,
)

strawberry.enum(
    NotificationEvent,
    name="NotificationEvent",
    description="What a notification is about (TEST: sent by sendTestNotification).",
)
strawberry.enum(
    ChangeLevel,
    name="ChangeLevel",
    description="The smallest update a channel hears about (DIGEST < PATCH < "
    "MINOR < MAJOR).",
)
strawberry.enum(
    ChannelKind,
    name="NotificationChannelKind",
    description="An Apprise URL or the signed webhook.",
)
strawberry.enum(
    ChannelSource,
    name="NotificationChannelSource",
    description="ENV: from NOTIFY_URLS / NOTIFY_WEBHOOK_URL (read-only); API: stored.",
)
strawberry.enum(
    DeliveryOutcome,
    name="DeliveryOutcome",
    description="How a delivery ended (DROPPED: the channel's queue was full).",
)


@strawberry.type(description="The last delivery attempt of a channel.")
class NotificationDelivery:
    outcome: DeliveryOutcome = strawberry.field(description="How it ended.")
    at: datetime = strawberry.field(description="When it ended.")
    event: NotificationEvent = strawberry.field(description="What it was about.")
    error: str | None = strawberry.field(description="Why it failed.")

    @classmethod
    def from_domain(cls, status: DeliveryStatus) -> NotificationDelivery:
        return cls(
            outcome=status.outcome, at=status.at, event=status.event, error=status.error
        )


@strawberry.type(description="Where notifications go, and which ones.")
class NotificationChannel:
    id: str = strawberry.field(description="Stable id (env-N, webhook, ch_...).")
    name: str = strawberry.field(description="A name people recognise.")
    url: str = strawberry.field(
        description="The URL with everything after the scheme masked."
    )
    kind: ChannelKind = strawberry.field(description="Apprise or webhook.")
    source: ChannelSource = strawberry.field(description="Where it is configured.")
    events: list[NotificationEvent] = strawberry.field(
        description="Events it receives; empty means all."
    )
    min_change: ChangeLevel | None = strawberry.field(
        description="Smallest update announced; null means all."
    )
    include_stacks: list[str] = strawberry.field(
        description="Only these stacks (with includeContainers; empty: all)."
    )
    exclude_stacks: list[str] = strawberry.field(description="Never these stacks.")
    include_containers: list[str] = strawberry.field(
        description="Only these containers (with includeStacks; empty: all)."
    )
    exclude_containers: list[str] = strawberry.field(
        description="Never these containers."
    )
    title_template: str | None = strawberry.field(
        description="Title template ($summary, $count, $event, $severity, $details)."
    )
    body_template: str | None = strawberry.field(description="Body template.")
    last_delivery: NotificationDelivery | None = strawberry.field(
        description="The last delivery attempt since start-up."
    )

    @classmethod
    def from_domain(cls, info: ChannelInfo) -> NotificationChannel:
        return cls(
            id=info.id,
            name=info.name,
            url=info.url,
            kind=info.kind,
            source=info.source,
            events=list(info.events),
            min_change=info.min_change,
            include_stacks=list(info.include_stacks),
            exclude_stacks=list(info.exclude_stacks),
            include_containers=list(info.include_containers),
            exclude_containers=list(info.exclude_containers),
            title_template=info.title_template,
            body_template=info.body_template,
            last_delivery=None
            if info.last_delivery is None
            else NotificationDelivery.from_domain(info.last_delivery),
        )


@strawberry.type(description="The channels a test notification was sent to.")
class NotificationsTested:
    channels: list[NotificationChannel] = strawberry.field(
        description="Each channel with the test's outcome as its last delivery."
    )


@strawberry.input(description="A new Apprise channel and what it receives.")
class AddNotificationChannelInput:
    name: str = strawberry.field(description="A unique name.")
    url: str = strawberry.field(
        description="An Apprise URL (ntfy://, gotify://, discord://, ...)."
    )
    events: list[NotificationEvent] = strawberry.field(
        default_factory=list, description="Events to receive (default: all)."
    )
    min_change: ChangeLevel | None = strawberry.field(
        default=None, description="Smallest update announced (default: all)."
    )
    include_stacks: list[str] = strawberry.field(
        default_factory=list, description="Only these stacks."
    )
    exclude_stacks: list[str] = strawberry.field(
        default_factory=list, description="Never these stacks."
    )
    include_containers: list[str] = strawberry.field(
        default_factory=list, description="Only these containers."
    )
    exclude_containers: list[str] = strawberry.field(
        default_factory=list, description="Never these containers."
    )
    title_template: str | None = strawberry.field(
        default=None, description="Title template (default: Docksmith: $summary)."
    )
    body_template: str | None = strawberry.field(
        default=None, description="Body template (default: $details)."
    )


@strawberry.input(description="Which stored channel to remove.")
class RemoveNotificationChannelInput:
    id: str = strawberry.field(description="The channel's id.")


@strawberry.input(description="Where to send a test notification.")
class SendTestNotificationInput:
    id: str | None = strawberry.field(
        default=None, description="One channel's id (default: every channel)."
    )
