from __future__ import annotations

from collections.abc import Sequence

from resolvers.access import requires
from resolvers.context import AppContext
from services.auth.principal import Scope
from services.notify.channels import ChannelSpec, parse_change, parse_events
from services.notify.model import ChannelInfo


@requires(Scope.READ)
async def list_notification_channels(ctx: AppContext) -> list[ChannelInfo]:
    return [view.info for view in ctx.notifications.list_channels()]


@requires(Scope.ADMIN)
async def add_notification_channel(
    ctx: AppContext,
    *,
    name: str,
    url: str,
    events: Sequence[str] = (),
    min_change: str | None = None,
    include_stacks: Sequence[str] = (),
    exclude_stacks: Sequence[str] = (),
    include_containers: Sequence[str] = (),
    exclude_containers: Sequence[str] = (),
    title_template: str | None = None,
    body_template: str | None = None,
) -> ChannelInfo:
    spec = ChannelSpec(
        name=name,
        url=url,
        events=parse_events(events),
        min_change=parse_change(min_change),
        include_stacks=tuple(include_stacks),
        exclude_stacks=tuple(exclude_stacks),
        include_containers=tuple(include_containers),
        exclude_containers=tuple(exclude_containers),
        title_template=title_template,
        body_template=body_template,
    )
    return (await ctx.notifications.add_channel(spec)).info


@requires(Scope.ADMIN)
async def remove_notification_channel(
    ctx: AppContext, *, channel_id: str
) -> ChannelInfo:
    removed = await ctx.notifications.remove_channel(channel_id)
    return ChannelInfo.of(removed, None)


@requires(Scope.ADMIN)
async def send_test_notification(
    ctx: AppContext, *, channel_id: str | None
) -> list[ChannelInfo]:
    return [view.info for view in await ctx.notifications.test(channel_id)]
