from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator, Mapping
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from typing import Any

from resolvers.access import requires, while_credentials_last
from resolvers.context import AppContext
from resolvers.events import Until, closed_when
from services.auth.principal import Scope
from services.events import Event, EventKind
from services.frozen import frozen
from services.store.records import OperationRecord

_DONE = ("complete", "failed")
_KINDS = [EventKind.RESTART_PROGRESS, EventKind.CONTAINER_UPDATED]
# What a `restart.progress` payload carries (services/lifecycle/progress.py).
_RESTART_FIELDS = (
    "operation_id",
    "operation_type",
    "container_name",
    "stack_name",
    "stage",
    "progress",
    "message",
    "timestamp",
)


@requires(Scope.OPERATE)
async def restart_container(
    ctx: AppContext, *, container: str, force: bool = False, host: str | None = None
) -> OperationRecord:
    return await ctx.lifecycle.restart(
        container, force=force, host=ctx.hosts.known(host)
    )


@requires(Scope.OPERATE)
async def restart_stack(
    ctx: AppContext, *, stack: str, force: bool = False, host: str | None = None
) -> OperationRecord:
    return await ctx.lifecycle.restart_stack(
        stack, force=force, host=ctx.hosts.known(host)
    )


@frozen
class RestartStream:
    operation: OperationRecord
    events: AsyncIterator[Event]


@requires(Scope.OPERATE)
async def start_restart_stream(
    ctx: AppContext,
    *,
    container: str,
    force: bool = False,
    host: str | None = None,
    until: Until | None = None,
) -> RestartStream:
    """Start a restart and stream its `restart.progress` events to the end.

    The subscription opens before the restart is queued, so no event is
    missed; a refused request (404, 409) raises before anything streams. The
    stream ends with UnauthenticatedError when the caller's credentials end,
    as every stream does, and quietly once `until()` returns (the server
    stopping); the restart itself goes on either way.
    """
    on_host = ctx.hosts.known(host)
    stack = AsyncExitStack()
    subscription = await stack.enter_async_context(ctx.events.subscribe(_KINDS))
    try:
        await stack.enter_async_context(closed_when(subscription, until))
        record = await ctx.lifecycle.restart(container, force=force, host=on_host)
    except BaseException:
        await stack.aclose()
        raise

    async def events() -> AsyncGenerator[Event, None]:
        async with stack:
            yield _restart_event(
                record.operation_id,
                record.operation_type,
                record.container_name,
                record.stack_name,
                str(record.status),
                0,
                f"restart of {record.container_name} {record.status}",
            )
            async for event in _follow(subscription, record.operation_id):
                yield event

    # The restart goes on when its caller's credentials end; only their
    # view of it ends.
    return RestartStream(operation=record, events=while_credentials_last(ctx, events()))


@requires(Scope.READ)
async def stream_restart_progress(
    ctx: AppContext, *, operation_id: str
) -> AsyncIterator[Event]:
    """`restart.progress` of one operation until it completes or fails: its
    current state first, then every later stage once, however late the
    subscriber comes (the operation's own `follow`, told as restart events).
    """
    # Every restart stage is also the operation's own `update.progress` (see
    # services/lifecycle/progress.py), which is what `follow` remembers.
    async for event in ctx.operations.follow(operation_id):  # 404: unknown id
        p = event.payload
        if event.kind is EventKind.CONTAINER_UPDATED:
            yield _final(p, operation_id, sequence=event.sequence)
            return
        if p.get("stage") not in _DONE:
            yield Event(
                kind=EventKind.RESTART_PROGRESS,
                payload={key: p.get(key) for key in _RESTART_FIELDS},
                at=event.at,
                sequence=event.sequence,
            )


async def _follow(
    subscription: AsyncIterable[Event], operation_id: str
) -> AsyncIterator[Event]:
    # The operation's end is its `container.updated` event, published even
    # when the operation dies of an unexpected error; it becomes the stream's
    # last `restart.progress`.
    async for event in subscription:
        p = event.payload
        if p.get("operation_id") != operation_id:
            continue
        if event.kind is EventKind.CONTAINER_UPDATED:
            yield _final(p, operation_id)
            return
        if p.get("stage") not in _DONE:
            yield event


def _final(
    finished: Mapping[str, Any], operation_id: str, *, sequence: int = 0
) -> Event:
    """The stream's last event, from the operation's `container.updated`."""
    status = str(finished.get("status"))
    return _restart_event(
        operation_id,
        finished.get("operation_type"),
        finished.get("container_name"),
        finished.get("stack_name"),
        status,
        100 if status == "complete" else 0,
        finished.get("error") or f"restart {status}",
        sequence=sequence,
    )


def _restart_event(
    operation_id: str,
    operation_type: str | None,
    container: str | None,
    stack: str | None,
    stage: str,
    progress: int,
    message: str,
    *,
    sequence: int = 0,
) -> Event:
    """A `restart.progress` made here, with every field the engine's carry
    (services/lifecycle/progress.py), so a client reads each event alike."""
    at = datetime.now(UTC)
    return Event(
        sequence=sequence,
        at=at,
        kind=EventKind.RESTART_PROGRESS,
        payload={
            "operation_id": operation_id,
            "operation_type": operation_type,
            "container_name": container,
            "stack_name": stack,
            "stage": stage,
            "progress": progress,
            "message": message,
            "timestamp": int(at.timestamp()),
        },
    )
