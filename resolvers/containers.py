from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import replace
from datetime import UTC, datetime

from resolvers.context import AppContext
from services.actions import ContainerAction
from services.config import parse_go_duration
from services.docker.resources import (
    ContainerDetails,
    ContainerLogs,
    ContainerStats,
    LogLine,
)
from services.errors import ConflictError, InvalidInputError

MAX_TAIL = 10_000
# Env names whose values the inspect view hides: people read it on a phone.
_SECRET_NAME = re.compile(r"PASS|SECRET|TOKEN|KEY|CREDENTIAL|AUTH|PRIVATE", re.I)
MASK = "********"


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


async def stop_container(
    ctx: AppContext, *, name: str, grace_seconds: int = 10, force: bool = False
) -> ContainerAction:
    return await ctx.actions.stop(name, grace_seconds=grace_seconds, force=force)


async def start_container(ctx: AppContext, *, name: str) -> ContainerAction:
    return await ctx.actions.start(name)


async def restart_container(
    ctx: AppContext, *, name: str, grace_seconds: int = 10
) -> ContainerAction:
    return await ctx.actions.restart(name, grace_seconds=grace_seconds)


async def remove_container(
    ctx: AppContext, *, name: str, force: bool = False, volumes: bool = False
) -> ContainerAction:
    return await ctx.actions.remove(name, force=force, volumes=volumes)


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
