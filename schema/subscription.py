from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from resolvers import events
from schema.checks import ChecksSubscription
from schema.context import Info
from schema.explorer import ExplorerSubscription
from schema.lifecycle import LifecycleSubscription
from schema.types.enums import EventType
from schema.types.event import EventMessage
from schema.updates import UpdatesSubscription


@strawberry.type
class Subscription(
    UpdatesSubscription, ChecksSubscription, ExplorerSubscription, LifecycleSubscription
):
    @strawberry.subscription(
        description="Live events (all kinds, or only those listed in `types`)."
    )
    async def events(
        self, info: Info, types: list[EventType] | None = None
    ) -> AsyncGenerator[EventMessage, None]:
        async for event in events.stream_events(info.context.app, types):
            yield EventMessage.from_domain(event)
