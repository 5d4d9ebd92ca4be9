from __future__ import annotations

from resolvers.context import AppContext
from services.docker.resources import PruneReport, SystemPruneReport


async def prune_containers(
    ctx: AppContext, *, include_stacks: bool = False
) -> PruneReport:
    return await ctx.actions.prune_containers(include_stacks=include_stacks)


async def prune_images(
    ctx: AppContext, *, all_unused: bool = False, include_stacks: bool = False
) -> PruneReport:
    return await ctx.actions.prune_images(
        all_unused=all_unused, include_stacks=include_stacks
    )


async def prune_networks(
    ctx: AppContext, *, include_stacks: bool = False
) -> PruneReport:
    return await ctx.actions.prune_networks(include_stacks=include_stacks)


async def prune_volumes(
    ctx: AppContext, *, include_stacks: bool = False
) -> PruneReport:
    return await ctx.actions.prune_volumes(include_stacks=include_stacks)


async def prune_system(
    ctx: AppContext,
    *,
    all_images: bool = False,
    volumes: bool = False,
    include_stacks: bool = False,
) -> SystemPruneReport:
    return await ctx.actions.prune_system(
        all_images=all_images, volumes=volumes, include_stacks=include_stacks
    )
