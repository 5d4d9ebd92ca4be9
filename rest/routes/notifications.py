from __future__ import annotations

from resolvers import notifications
from rest.api import APIRouter
from rest.deps import AppContextDep
from rest.envelope import Envelope
from rest.notify_models import (
    AddNotificationChannelRequest,
    NotificationChannelOut,
    NotificationTestRequest,
)
from rest.openapi import CHANGES, LOOKUP, STORAGE, errors

router = APIRouter(tags=["notifications"])


@router.get(
    "/notifications/channels",
    summary="Notification channels (URLs masked) with their last delivery",
)
async def get_notification_channels(
    ctx: AppContextDep,
) -> Envelope[list[NotificationChannelOut]]:
    found = await notifications.list_notification_channels(ctx)
    return Envelope(data=[NotificationChannelOut.read(c) for c in found])


@router.post(
    "/notifications/channels",
    summary="Store a new Apprise notification channel",
    responses=errors(CHANGES, STORAGE),
)
async def post_notification_channel(
    ctx: AppContextDep, body: AddNotificationChannelRequest
) -> Envelope[NotificationChannelOut]:
    added = await notifications.add_notification_channel(
        ctx,
        name=body.name,
        url=body.url,
        events=body.events,
        min_change=body.min_change,
        include_stacks=body.include_stacks,
        exclude_stacks=body.exclude_stacks,
        include_containers=body.include_containers,
        exclude_containers=body.exclude_containers,
        title_template=body.title_template,
        body_template=body.body_template,
    )
    return Envelope(data=NotificationChannelOut.read(added))


@router.delete(
    "/notifications/channels/{channel_id}",
    summary="Remove a stored notification channel",
    responses=errors(LOOKUP, CHANGES, STORAGE),
)
async def delete_notification_channel(
    ctx: AppContextDep, channel_id: str
) -> Envelope[NotificationChannelOut]:
    removed = await notifications.remove_notification_channel(
        ctx, channel_id=channel_id
    )
    return Envelope(data=NotificationChannelOut.read(removed))


@router.post(
    "/notifications/test",
    summary="Send a test notification now (one channel or all) and report each outcome",
    responses=errors(LOOKUP),
)
async def post_notification_test(
    ctx: AppContextDep, body: NotificationTestRequest
) -> Envelope[list[NotificationChannelOut]]:
    tested = await notifications.send_test_notification(ctx, channel_id=body.id)
    return Envelope(data=[NotificationChannelOut.read(c) for c in tested])
