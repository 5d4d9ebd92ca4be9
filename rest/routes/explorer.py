from __future__ import annotations

from resolvers import explorer
from rest.api import APIRouter
from rest.deps import AppContextDep, HostQuery
from rest.envelope import Envelope
from rest.explorer_models import (
    ExplorerOut,
    ImageOut,
    ImageRemovedOut,
    ImagesOut,
    NetworkOut,
    NetworksOut,
    RemovedOut,
    VolumeOut,
    VolumesOut,
)
from rest.openapi import CHANGES, DOCKER, LOOKUP, errors

router = APIRouter(tags=["explorer"])


@router.get(
    "/explorer",
    summary="Containers, images, networks and volumes at once",
    responses=errors(LOOKUP, DOCKER),
)
async def get_explorer(
    ctx: AppContextDep, host: HostQuery = None
) -> Envelope[ExplorerOut]:
    found = await explorer.get_explorer(ctx, host=host)
    return Envelope(data=ExplorerOut.read(found))


@router.get(
    "/images",
    summary="Local images with the containers using them",
    responses=errors(LOOKUP, DOCKER),
)
async def get_images(ctx: AppContextDep, host: HostQuery = None) -> Envelope[ImagesOut]:
    found = await explorer.list_images(ctx, host=host)
    images = [ImageOut.read(i) for i in found]
    return Envelope(data=ImagesOut(images=images, count=len(images)))


@router.get(
    "/networks",
    summary="Networks with the containers using them",
    responses=errors(LOOKUP, DOCKER),
)
async def get_networks(
    ctx: AppContextDep, host: HostQuery = None
) -> Envelope[NetworksOut]:
    found = await explorer.list_networks(ctx, host=host)
    nets = [NetworkOut.read(n) for n in found]
    return Envelope(data=NetworksOut(networks=nets, count=len(nets)))


@router.get(
    "/volumes",
    summary="Volumes with their users and sizes",
    responses=errors(LOOKUP, DOCKER),
)
async def get_volumes(
    ctx: AppContextDep, sizes: bool = True, host: HostQuery = None
) -> Envelope[VolumesOut]:
    found = await explorer.list_volumes(ctx, with_sizes=sizes, host=host)
    volumes = [VolumeOut.read(v) for v in found]
    return Envelope(data=VolumesOut(volumes=volumes, count=len(volumes)))


@router.delete(
    "/images/{image:path}",
    summary="Remove an image (one in use only with force)",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def delete_image(
    ctx: AppContextDep, image: str, force: bool = False, host: HostQuery = None
) -> Envelope[ImageRemovedOut]:
    removed = await explorer.remove_image(ctx, host=host, image=image, force=force)
    return Envelope(
        data=ImageRemovedOut(
            message=f"Image {image} removed",
            image=removed.image,
            untagged=list(removed.untagged),
            deleted=list(removed.deleted),
        )
    )


@router.delete(
    "/networks/{network}",
    summary="Remove a network (force disconnects its containers first)",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def delete_network(
    ctx: AppContextDep, network: str, force: bool = False, host: HostQuery = None
) -> Envelope[RemovedOut]:
    name = await explorer.remove_network(ctx, host=host, network=network, force=force)
    return Envelope(data=RemovedOut(message=f"Network {name} removed", name=name))


@router.delete(
    "/volumes/{name}",
    summary="Remove a volume no container uses",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def delete_volume(
    ctx: AppContextDep, name: str, force: bool = False, host: HostQuery = None
) -> Envelope[RemovedOut]:
    removed = await explorer.remove_volume(ctx, host=host, name=name, force=force)
    return Envelope(data=RemovedOut(message=f"Volume {removed} removed", name=removed))
