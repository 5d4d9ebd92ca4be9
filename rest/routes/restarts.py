from __future__ import annotations

import anyio
from sse_starlette import EventSourceResponse

from resolvers import restarts
from rest.api import APIRouter
from rest.deps import AppContextDep, HostQuery
from rest.envelope import Envelope
from rest.lifecycle_models import RestartRequest, RestartStartedOut
from rest.openapi import CHANGES, DOCKER, LOOKUP, SSE_RESPONSE, errors
from rest.sse import event_stream, messages

router = APIRouter(tags=["restarts"])


@router.post(
    "/restart",
    summary="Restart a container, then its dependants",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def post_restart(
    ctx: AppContextDep, body: RestartRequest, host: HostQuery = None
) -> Envelope[RestartStartedOut]:
    record = await restarts.restart_container(
        ctx, host=host, container=body.container, force=body.force
    )
    return Envelope(data=RestartStartedOut.of(record))


@router.post(
    "/restart/container/{name}",
    summary="Restart a container, then its dependants",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def post_restart_container(
    ctx: AppContextDep, name: str, force: bool = False, host: HostQuery = None
) -> Envelope[RestartStartedOut]:
    record = await restarts.restart_container(
        ctx, host=host, container=name, force=force
    )
    return Envelope(data=RestartStartedOut.of(record))


@router.post(
    "/restart/stack/{name}",
    summary="Restart a stack's containers level by level in dependency order",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def post_restart_stack(
    ctx: AppContextDep, name: str, force: bool = False, host: HostQuery = None
) -> Envelope[RestartStartedOut]:
    record = await restarts.restart_stack(ctx, host=host, stack=name, force=force)
    return Envelope(data=RestartStartedOut.of(record))


@router.post(
    "/restart/start/{name}",
    summary="Restart a container, streaming restart.progress events (SSE) to the end",
    responses={**SSE_RESPONSE, **errors(LOOKUP, CHANGES, DOCKER)},
)
async def post_restart_start(
    ctx: AppContextDep, name: str, force: bool = False, host: HostQuery = None
) -> EventSourceResponse:
    # Set by sse-starlette when the server shuts down, as for /api/events.
    shutdown = anyio.Event()
    started = await restarts.start_restart_stream(
        ctx, host=host, container=name, force=force, until=shutdown.wait
    )
    return event_stream(
        ctx.settings,
        messages(started.events),
        shutdown_event=shutdown,
        shutdown_grace_period=3,
    )
