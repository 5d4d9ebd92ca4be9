from __future__ import annotations

import asyncio

from resolvers.access import requires
from resolvers.context import AppContext
from services.auth.principal import Scope
from services.docker.resources import (
    Explorer,
    ImageRecord,
    ImageRemoval,
    NetworkRecord,
    VolumeRecord,
)


@requires(Scope.READ)
async def get_explorer(ctx: AppContext, *, host: str | None = None) -> Explorer:
    engine = ctx.engine_on(host)
    # Volume sizes need a walk of every volume on disk: /volumes has them.
    containers, images, networks, volumes = await asyncio.gather(
        engine.list_container_overviews(),
        engine.list_images(),
        engine.list_networks(),
        engine.list_volumes(with_sizes=False),
    )
    return Explorer(
        containers=sorted(containers, key=lambda c: c.name),
        images=images,
        networks=sorted(networks, key=lambda n: n.name),
        volumes=sorted(volumes, key=lambda v: v.name),
    )


@requires(Scope.READ)
async def list_images(ctx: AppContext, *, host: str | None = None) -> list[ImageRecord]:
    return await ctx.engine_on(host).list_images()


@requires(Scope.READ)
async def list_networks(
    ctx: AppContext, *, host: str | None = None
) -> list[NetworkRecord]:
    found = await ctx.engine_on(host).list_networks()
    return sorted(found, key=lambda n: n.name)


@requires(Scope.READ)
async def list_volumes(
    ctx: AppContext, *, with_sizes: bool = True, host: str | None = None
) -> list[VolumeRecord]:
    volumes = await ctx.engine_on(host).list_volumes(with_sizes=with_sizes)
    return sorted(volumes, key=lambda v: v.name)


@requires(Scope.ADMIN)
async def remove_image(
    ctx: AppContext, *, image: str, force: bool = False, host: str | None = None
) -> ImageRemoval:
    return await ctx.actions.remove_image(
        image, force=force, host=ctx.hosts.known(host)
    )


@requires(Scope.ADMIN)
async def remove_network(
    ctx: AppContext, *, network: str, force: bool = False, host: str | None = None
) -> str:
    return await ctx.actions.remove_network(
        network, force=force, host=ctx.hosts.known(host)
    )


@requires(Scope.ADMIN)
async def remove_volume(
    ctx: AppContext, *, name: str, force: bool = False, host: str | None = None
) -> str:
    return await ctx.actions.remove_volume(
        name, force=force, host=ctx.hosts.known(host)
    )
