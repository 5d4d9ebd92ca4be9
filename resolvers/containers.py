from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from resolvers.context import AppContext
from services.config import parse_go_duration
from services.docker.resources import (
    ContainerDetails,
    ContainerLogs,
    ContainerStats,
    LogLine,
)
from services.docker.self_identity import identify_self
from services.errors import ConflictError, DocksmithError, InvalidInputError
from services.events import EventKind
from services.operations.recorder import OperationStatus

MAX_TAIL = 10_000
# Env names whose values the inspect view hides: people read it on a phone.
_SECRET_NAME = re.compile(r"PASS|SECRET|TOKEN|KEY|CREDENTIAL|AUTH|PRIVATE", re.I)
MASK = "********"


@dataclass(frozen=True, slots=True)
class ContainerAction:
    container: str
    status: str
    operation_id: str
    message: str
    force: bool = False
    volumes: bool = False


async def find_self(ctx: AppContext) -> str | None:
    async def lookup(candidate: str) -> str:
        return (await ctx.docker.get_container(candidate)).id

    return await identify_self(lookup)


async def _guard_self(
    ctx: AppContext, details: ContainerDetails, verb: str, *, force: bool
) -> None:
    if force:
        return
    if await find_self(ctx) == details.id:
        raise ConflictError(
            f"{details.name} is Docksmith's own container; refusing to {verb} it "
            "(use force to do it anyway)"
        )


async def get_logs(
    ctx: AppContext,
    *,
    name: str,
    tail: int | None = 100,
    since: str | None = None,
    timestamps: bool = False,
) -> ContainerLogs:
    if tail is not None and not 0 <= tail <= MAX_TAIL:
        raise InvalidInputError(f"tail must be between 0 and {MAX_TAIL}")
    lines = await ctx.docker.container_logs(
        name, tail=tail, since=parse_since(since) if since else None
    )
    return ContainerLogs(container=name, lines=lines, tail=tail, timestamps=timestamps)


def parse_since(value: str, now: datetime | None = None) -> float:
    """RFC 3339, Unix seconds or a Go duration back from now (`10m`)."""
    text = value.strip()
    try:
        return float(text)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(
            text.replace("Z", "+00:00").replace("z", "+00:00")
        )
    except ValueError:
        try:
            back = parse_go_duration(text)
        except ValueError as exc:
            raise InvalidInputError(
                f"since must be an RFC 3339 time, Unix seconds or a duration "
                f"like 10m, not {value!r}"
            ) from exc
        return ((now or datetime.now(UTC)) - back).timestamp()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


async def inspect_container(ctx: AppContext, *, name: str) -> ContainerDetails:
    details = await ctx.docker.inspect_container(name)
    return replace(details, env=tuple(mask_env(e) for e in details.env))


def mask_env(entry: str) -> str:
    key, sep, value = entry.partition("=")
    if sep and value and _SECRET_NAME.search(key):
        return f"{key}={MASK}"
    return entry


async def get_stats(ctx: AppContext, *, name: str) -> ContainerStats:
    details = await ctx.docker.inspect_container(name)
    if not details.running:
        raise ConflictError(f"container {details.name} is not running")
    return await ctx.docker.container_stats(details.id)


async def stream_logs(
    ctx: AppContext, *, name: str, tail: int = 100
) -> AsyncGenerator[LogLine, None]:
    """Follow a container's log; ends when the container stops."""
    if not 0 <= tail <= MAX_TAIL:
        raise InvalidInputError(f"tail must be between 0 and {MAX_TAIL}")
    async with aclosing(ctx.docker.follow_container_logs(name, tail=tail)) as lines:
        async for line in lines:
            yield line


async def stream_stats(
    ctx: AppContext, *, name: str, interval: float = 1.0
) -> AsyncGenerator[ContainerStats, None]:
    """One sample per `interval` while the container runs."""
    details = await ctx.docker.inspect_container(name)
    while await ctx.docker.container_running(details.id):
        began = time.monotonic()
        sample = await ctx.docker.container_stats(details.id)
        if sample.read_at is None:
            # It stopped while sampling: the engine answers with zeros.
            return
        yield sample
        # The engine spends about a second per sample filling in the CPU
        # delta; only sleep what is left of the interval.
        await asyncio.sleep(max(0.0, interval - (time.monotonic() - began)))


async def _operate(
    ctx: AppContext,
    details: ContainerDetails,
    *,
    kind: str,
    stage: OperationStatus,
    done: str,
    action: Callable[[], Awaitable[None]],
) -> str:
    op = await ctx.operations.start(
        kind, details.name, container_id=details.id, stack_name=details.stack
    )
    await op.stage(stage, 30, f"{stage.value.capitalize()} {details.name}")
    try:
        await action()
    except DocksmithError as exc:
        await op.fail(f"failed to {kind} container: {exc}")
        raise
    await op.complete(f"Container {details.name} {done} successfully")
    return op.operation_id


async def stop_container(
    ctx: AppContext, *, name: str, grace_seconds: int = 10, force: bool = False
) -> ContainerAction:
    details = await ctx.docker.inspect_container(name)
    await _guard_self(ctx, details, "stop", force=force)
    operation_id = await _operate(
        ctx,
        details,
        kind="stop",
        stage=OperationStatus.STOPPING,
        done="stopped",
        action=lambda: ctx.docker.stop_container(
            details.id, grace_seconds=grace_seconds
        ),
    )
    ctx.events.publish(
        EventKind.CONTAINER_STOPPED, _payload(details, operation_id, "stopped")
    )
    return ContainerAction(
        container=details.name,
        status="stopped",
        operation_id=operation_id,
        message=f"Container {details.name} stopped successfully",
        force=force,
    )


async def start_container(ctx: AppContext, *, name: str) -> ContainerAction:
    details = await ctx.docker.inspect_container(name)
    operation_id = await _operate(
        ctx,
        details,
        kind="start",
        stage=OperationStatus.STARTING,
        done="started",
        action=lambda: ctx.docker.start_container(details.id),
    )
    return ContainerAction(
        container=details.name,
        status="started",
        operation_id=operation_id,
        message=f"Container {details.name} started successfully",
    )


async def restart_container(
    ctx: AppContext, *, name: str, grace_seconds: int = 10
) -> ContainerAction:
    details = await ctx.docker.inspect_container(name)
    operation_id = await _operate(
        ctx,
        details,
        kind="restart",
        stage=OperationStatus.RESTARTING,
        done="restarted",
        action=lambda: ctx.docker.restart_container(
            details.id, grace_seconds=grace_seconds
        ),
    )
    return ContainerAction(
        container=details.name,
        status="restarted",
        operation_id=operation_id,
        message=f"Container {details.name} restarted successfully",
    )


async def remove_container(
    ctx: AppContext, *, name: str, force: bool = False, volumes: bool = False
) -> ContainerAction:
    details = await ctx.docker.inspect_container(name)
    await _guard_self(ctx, details, "remove", force=force)
    if details.running and not force:
        raise ConflictError(
            f"container {details.name} is running; stop it first or use force=true"
        )
    operation_id = await _operate(
        ctx,
        details,
        kind="remove",
        stage=OperationStatus.REMOVING,
        done="removed",
        action=lambda: ctx.docker.remove_container(
            details.id, force=force, volumes=volumes
        ),
    )
    ctx.events.publish(
        EventKind.CONTAINER_REMOVED, _payload(details, operation_id, "removed")
    )
    return ContainerAction(
        container=details.name,
        status="removed",
        operation_id=operation_id,
        message=f"Container {details.name} removed successfully",
        force=force,
        volumes=volumes,
    )


def _payload(
    details: ContainerDetails, operation_id: str, status: str
) -> dict[str, object]:
    return {
        "container_id": details.id,
        "container_name": details.name,
        "stack_name": details.stack,
        "operation_id": operation_id,
        "status": status,
    }


def parse_tail(value: str | int | None) -> int | None:
    """A line count, or None for `all`."""
    if value is None or (isinstance(value, str) and value.strip().lower() == "all"):
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise InvalidInputError(
            f"tail must be a number or 'all', not {value!r}"
        ) from exc
