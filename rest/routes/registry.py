from __future__ import annotations

from resolvers import docker_config, registry
from rest.api import APIRouter
from rest.deps import AppContextDep
from rest.envelope import Envelope
from rest.models import DockerConfigOut, RegistryTagsOut
from rest.openapi import LOOKUP, REGISTRY, errors

router = APIRouter(tags=["registry"])


@router.get(
    "/registry/tags/{image:path}",
    summary="Tags the registry holds for an image",
    responses=errors(LOOKUP, REGISTRY),
)
async def get_registry_tags(
    ctx: AppContextDep, image: str
) -> Envelope[RegistryTagsOut]:
    result = await registry.list_registry_tags(ctx, image=image)
    return Envelope(data=RegistryTagsOut.read(result))


@router.get(
    "/docker-config", summary="Docker config location and registries with credentials"
)
async def get_docker_config(ctx: AppContextDep) -> Envelope[DockerConfigOut]:
    report = await docker_config.get_docker_config(ctx)
    return Envelope(data=DockerConfigOut.read(report))
