from __future__ import annotations

from resolvers.access import requires
from resolvers.context import AppContext
from services.auth.principal import Scope
from services.docker.resources import PruneReport, SystemPruneReport


@requires(Scope.ADMIN)
async def prune_containers(
    ctx: AppContext, *, host: str | None = None, include_stacks: bool = False
) -> PruneReport:
    return await ctx.actions.prune_containers(
        host=ctx.hosts.known(host), include_stacks=include_stacks
    )


@requires(Scope.ADMIN)
async def prune_images(
    ctx: AppContext,
    *,
    host: str | None = None,
    all_unused: bool = False,
    include_stacks: bool = False,
) -> PruneReport:
    return await ctx.actions.prune_images(
        host=ctx.hosts.known(host), all_unused=all_unused, include_stacks=include_stacks
    )


@requires(Scope.ADMIN)
async def prune_networks(
    ctx: AppContext, *, host: str | None = None, include_stacks: bool = False
) -> PruneReport:
    return await ctx.actions.prune_networks(
        host=ctx.hosts.known(host), include_stacks=include_stacks
    )


@requires(Scope.ADMIN)
async def prune_volumes(
    ctx: AppContext, *, host: str | None = None, include_stacks: bool = False
) -> PruneReport:
    return await ctx.actions.prune_volumes(
        host=ctx.hosts.known(host), include_stacks=include_stacks
    )


@requires(Scope.ADMIN)
async def prune_system(
    ctx: AppContext,
    *,
    host: str | None = None,
    all_images: bool = False,
    volumes: bool = False,
    include_stacks: bool = False,
) -> SystemPruneReport:
    return await ctx.actions.prune_system(
        host=ctx.hosts.known(host),
        all_images=all_images,
        volumes=volumes,
        include_stacks=include_stacks,
    )
