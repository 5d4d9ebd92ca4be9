from __future__ import annotations

from typing import Annotated

from resolvers import prune
from rest.api import APIRouter, Query
from rest.deps import AppContextDep, HostQuery
from rest.envelope import Envelope
from rest.explorer_models import PruneOut, SystemPruneOut
from rest.openapi import CHANGES, DOCKER, LOOKUP, errors

router = APIRouter(tags=["prune"])

Stacks = Annotated[
    bool, Query(description="Also prune what compose stacks still reference")
]


@router.post(
    "/prune/containers",
    summary="Remove stopped containers",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def post_prune_containers(
    ctx: AppContextDep, stacks: Stacks = False, host: HostQuery = None
) -> Envelope[PruneOut]:
    report = await prune.prune_containers(ctx, host=host, include_stacks=stacks)
    return Envelope(data=PruneOut.from_report(report))


@router.post(
    "/prune/images",
    summary="Remove dangling (all=true: unused) images",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def post_prune_images(
    ctx: AppContextDep,
    all: bool = False,
    stacks: Stacks = False,
    host: HostQuery = None,
) -> Envelope[PruneOut]:
    report = await prune.prune_images(
        ctx, host=host, all_unused=all, include_stacks=stacks
    )
    return Envelope(data=PruneOut.from_report(report))


@router.post(
    "/prune/networks",
    summary="Remove unused networks",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def post_prune_networks(
    ctx: AppContextDep, stacks: Stacks = False, host: HostQuery = None
) -> Envelope[PruneOut]:
    report = await prune.prune_networks(ctx, host=host, include_stacks=stacks)
    return Envelope(data=PruneOut.from_report(report))


@router.post(
    "/prune/volumes",
    summary="Remove unused volumes",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def post_prune_volumes(
    ctx: AppContextDep, stacks: Stacks = False, host: HostQuery = None
) -> Envelope[PruneOut]:
    report = await prune.prune_volumes(ctx, host=host, include_stacks=stacks)
    return Envelope(data=PruneOut.from_report(report))


@router.post(
    "/prune/system",
    summary="Remove all unused resources",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def post_prune_system(
    ctx: AppContextDep,
    all: bool = False,
    volumes: bool = False,
    stacks: Stacks = False,
    host: HostQuery = None,
) -> Envelope[SystemPruneOut]:
    report = await prune.prune_system(
        ctx, host=host, all_images=all, volumes=volumes, include_stacks=stacks
    )
    return Envelope(data=SystemPruneOut.from_report(report))
