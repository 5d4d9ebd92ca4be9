from __future__ import annotations

from typing import Annotated

from resolvers import containers
from rest.api import APIRouter, Query
from rest.deps import AppContextDep, HostQuery
from rest.envelope import Envelope
from rest.explorer_models import ContainerActionOut, InspectOut, LogsOut, StatsOut
from rest.openapi import CHANGES, DOCKER, LOOKUP, errors

router = APIRouter(tags=["containers"])

# The range is checked by the service, so both edges refuse the same values
# with the same message.
Timeout = Annotated[
    int, Query(alias="timeout", description="Seconds before SIGKILL (0 to 600)")
]


@router.get(
    "/containers/{name}/logs",
    summary="The end of a container's log",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def get_logs(
    ctx: AppContextDep,
    name: str,
    tail: Annotated[str, Query(description="Lines from the end, or 'all'")] = "100",
    since: Annotated[
        str | None,
        Query(description="RFC 3339 time, Unix seconds or a duration back (10m)"),
    ] = None,
    timestamps: bool = False,
    host: HostQuery = None,
) -> Envelope[LogsOut]:
    logs = await containers.get_logs(
        ctx, name=name, tail=containers.parse_tail(tail), since=since,
        timestamps=timestamps, host=host,
    )  # fmt: skip
    return Envelope(
        data=LogsOut(container=logs.container, logs=logs.text, tail=logs.tail)
    )


@router.get(
    "/containers/{name}/inspect",
    summary="A readable view of docker inspect",
    responses=errors(LOOKUP, DOCKER),
)
async def get_inspect(
    ctx: AppContextDep, name: str, host: HostQuery = None
) -> Envelope[InspectOut]:
    details = await containers.inspect_container(ctx, name=name, host=host)
    return Envelope(data=InspectOut.read(details))


@router.get(
    "/containers/{name}/stats",
    summary="One resource sample",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def get_stats(
    ctx: AppContextDep, name: str, host: HostQuery = None
) -> Envelope[StatsOut]:
    stats = await containers.get_stats(ctx, name=name, host=host)
    return Envelope(data=StatsOut.read(stats))


@router.post(
    "/containers/{name}/stop",
    summary="Stop a container",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def post_stop(
    ctx: AppContextDep,
    name: str,
    grace: Timeout = 10,
    force: bool = False,
    host: HostQuery = None,
) -> Envelope[ContainerActionOut]:
    done = await containers.stop_container(
        ctx, host=host, name=name, grace_seconds=grace, force=force
    )
    return Envelope(data=ContainerActionOut.read(done))


@router.post(
    "/containers/{name}/start",
    summary="Start a container",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def post_start(
    ctx: AppContextDep, name: str, host: HostQuery = None
) -> Envelope[ContainerActionOut]:
    done = await containers.start_container(ctx, host=host, name=name)
    return Envelope(data=ContainerActionOut.read(done))


@router.post(
    "/containers/{name}/restart",
    summary="Restart a container",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def post_restart(
    ctx: AppContextDep, name: str, grace: Timeout = 10, host: HostQuery = None
) -> Envelope[ContainerActionOut]:
    done = await containers.restart_container(
        ctx, host=host, name=name, grace_seconds=grace
    )
    return Envelope(data=ContainerActionOut.read(done))


@router.delete(
    "/containers/{name}",
    summary="Remove a container (a running one with force)",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def delete_container(
    ctx: AppContextDep,
    name: str,
    force: bool = False,
    volumes: bool = False,
    host: HostQuery = None,
) -> Envelope[ContainerActionOut]:
    done = await containers.remove_container(
        ctx, host=host, name=name, force=force, volumes=volumes
    )
    return Envelope(data=ContainerActionOut.read(done))
