"""GraphQL fields of notifications (mixed into the root types)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers import notifications
from schema.context import Info
from schema.errors import UserErrors
from schema.types.notifications import (
    AddNotificationChannelInput,
    NotificationChannel,
    NotificationsTested,
    RemoveNotificationChannelInput,
    SendTestNotificationInput,
)

AddChannelResult = Annotated[
    NotificationChannel | UserErrors, strawberry.union("AddNotificationChannelResult")
]
RemoveChannelResult = Annotated[
    NotificationChannel | UserErrors,
    strawberry.union("RemoveNotificationChannelResult"),
]
TestResult = Annotated[
    NotificationsTested | UserErrors, strawberry.union("SendTestNotificationResult")
]


@strawberry.type
class NotificationsQuery:
    @strawberry.field(
        description="Notification channels (environment and stored), URLs masked, "
        "each with its last delivery."
    )
    async def notification_channels(self, info: Info) -> list[NotificationChannel]:
        found = await notifications.list_notification_channels(info.context.app)
        return [NotificationChannel.from_domain(c) for c in found]


@strawberry.type
class NotificationsMutation:
    @strawberry.mutation(description="Store a new Apprise notification channel.")
    async def add_notification_channel(
        self, info: Info, input: AddNotificationChannelInput
    ) -> AddChannelResult:
        added = await notifications.add_notification_channel(
            info.context.app,
            name=input.name,
            url=input.url,
            events=input.events,
            min_change=input.min_change,
            include_stacks=input.include_stacks,
            exclude_stacks=input.exclude_stacks,
            include_containers=input.include_containers,
            exclude_containers=input.exclude_containers,
            title_template=input.title_template,
            body_template=input.body_template,
        )
        return NotificationChannel.from_domain(added)

    @strawberry.mutation(
        description="Remove a stored channel (environment ones are refused)."
    )
    async def remove_notification_channel(
        self, info: Info, input: RemoveNotificationChannelInput
    ) -> RemoveChannelResult:
        removed = await notifications.remove_notification_channel(
            info.context.app, channel_id=input.id
        )
        return NotificationChannel.from_domain(removed)

    @strawberry.mutation(
        description="Send a test notification now and wait for each channel's outcome."
    )
    async def send_test_notification(
        self, info: Info, input: SendTestNotificationInput
    ) -> TestResult:
        tested = await notifications.send_test_notification(
            info.context.app, channel_id=input.id
        )
        return NotificationsTested(
            channels=[NotificationChannel.from_domain(c) for c in tested]
        )
