from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import replace

from resolvers.access import requires
from resolvers.context import AppContext
from services.actions import ContainerAction
from services.actions.inputs import check_tail, mask_env, parse_since, parse_tail
from services.auth.principal import Scope
from services.docker.resources import (
    ContainerDetails,
    ContainerLogs,
    ContainerStats,
    LogLine,
)
from services.errors import ConflictError
from services.masking import mask_url_credentials

__all__ = ["ContainerAction", "parse_tail"]


@requires(Scope.READ)
async def get_logs(
    ctx: AppContext,
    *,
    name: str,
    tail: int | None = 100,
    since: str | None = None,
    timestamps: bool = False,
    host: str | None = None,
) -> ContainerLogs:
    check_tail(tail)
    lines = await ctx.engine_on(host).container_logs(
        name, tail=tail, since=parse_since(since) if since is not None else None
    )
    return ContainerLogs(container=name, lines=lines, tail=tail, timestamps=timestamps)


@requires(Scope.READ)
async def inspect_container(
    ctx: AppContext, *, name: str, host: str | None = None
) -> ContainerDetails:
    details = await ctx.engine_on(host).inspect_container(name)
    return replace(
        details,
        env=tuple(mask_env(e) for e in details.env),
        command=tuple(mask_url_credentials(a) for a in details.command),
        entrypoint=tuple(mask_url_credentials(a) for a in details.entrypoint),
    )


@requires(Scope.READ)
async def get_stats(
    ctx: AppContext, *, name: str, host: str | None = None
) -> ContainerStats:
    engine = ctx.engine_on(host)
    details = await engine.inspect_container(name)
    if not details.running:
        raise ConflictError(f"container {details.name} is not running")
    return await engine.container_stats(details.id)


@requires(Scope.READ)
async def stream_logs(
    ctx: AppContext, *, name: str, tail: int = 100, host: str | None = None
) -> AsyncGenerator[LogLine, None]:
    """Follow a container's log; ends when the container stops."""
    check_tail(tail)
    engine = ctx.engine_on(host)
    async with aclosing(engine.follow_container_logs(name, tail=tail)) as lines:
        async for line in lines:
            yield line


@requires(Scope.READ)
async def stream_stats(
    ctx: AppContext, *, name: str, interval: float = 1.0, host: str | None = None
) -> AsyncGenerator[ContainerStats, None]:
    """One sample per `interval` while the container runs."""
    engine = ctx.engine_on(host)
    details = await engine.inspect_container(name)
    while await engine.container_running(details.id):
        began = time.monotonic()
        sample = await engine.container_stats(details.id)
        if sample.read_at is None:
            # It stopped while sampling: the engine answers with zeros.
            return
        yield sample
        # The engine spends about a second per sample filling in the CPU
        # delta; only sleep what is left of the interval.
        await asyncio.sleep(max(0.0, interval - (time.monotonic() - began)))


@requires(Scope.OPERATE)
async def stop_container(
    ctx: AppContext,
    *,
    name: str,
    grace_seconds: int = 10,
    force: bool = False,
    host: str | None = None,
) -> ContainerAction:
    return await ctx.actions.stop(
        name, grace_seconds=grace_seconds, force=force, host=ctx.hosts.known(host)
    )


@requires(Scope.OPERATE)
async def start_container(
    ctx: AppContext, *, name: str, host: str | None = None
) -> ContainerAction:
    return await ctx.actions.start(name, host=ctx.hosts.known(host))


@requires(Scope.OPERATE)
async def restart_container(
    ctx: AppContext, *, name: str, grace_seconds: int = 10, host: str | None = None
) -> ContainerAction:
    return await ctx.actions.restart(
        name, grace_seconds=grace_seconds, host=ctx.hosts.known(host)
    )


@requires(Scope.ADMIN)
async def remove_container(
    ctx: AppContext,
    *,
    name: str,
    force: bool = False,
    volumes: bool = False,
    host: str | None = None,
) -> ContainerAction:
    return await ctx.actions.remove(
        name, force=force, volumes=volumes, host=ctx.hosts.known(host)
    )
