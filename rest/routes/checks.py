from __future__ import annotations

from datetime import datetime
from typing import Annotated

from starlette.responses import Response, StreamingResponse

from resolvers import checks
from rest.api import APIRouter, Query
from rest.check_models import (
    CheckOut,
    ContainerOut,
    HistoryOut,
    StatusOut,
    check_answer_chunks,
)
from rest.deps import AppContextDep, HistoryTypeQuery, HostQuery
from rest.envelope import Envelope
from rest.json_pieces import on_the_loop
from rest.models import MessageOut
from rest.openapi import DOCKER, LOOKUP, STORAGE, errors

router = APIRouter(tags=["checks"])


@router.get(
    "/status",
    summary="Check status (Homepage widget fields)",
    responses=errors(STORAGE),
)
async def get_status(ctx: AppContextDep) -> Envelope[StatusOut]:
    return Envelope(data=StatusOut.of(await checks.get_status(ctx)))


@router.get(
    "/check",
    summary="Clear the registry cache and check every container now",
    response_model=Envelope[CheckOut],
    responses=errors(LOOKUP, DOCKER),
)
async def get_check(ctx: AppContextDep, host: HostQuery = None) -> Response:
    run, results = await checks.check_host_now(ctx, host)
    chunks = check_answer_chunks(results, updates_available=run.updates_available)
    # Sent piece by piece: the whole answer at once was the top of a
    # check's memory (rest.check_models.check_answer_chunks).
    return StreamingResponse(on_the_loop(chunks), media_type="application/json")


@router.post(
    "/trigger-check",
    summary="Start a background check (cache allowed)",
    responses=errors(STORAGE),
)
async def post_trigger_check(ctx: AppContextDep) -> Envelope[MessageOut]:
    return Envelope(data=MessageOut(message=await checks.trigger_check(ctx)))


@router.get(
    "/container/{name}/recheck",
    summary="Check one container now",
    responses=errors(LOOKUP, DOCKER),
)
async def get_recheck(
    ctx: AppContextDep, name: str, host: HostQuery = None
) -> Envelope[ContainerOut]:
    result = await checks.recheck_container(ctx, name=name, host=host)
    return Envelope(data=ContainerOut.read(result))


@router.get(
    "/history", summary="Check and update history", responses=errors(LOOKUP, STORAGE)
)
async def get_history(
    ctx: AppContextDep,
    container: str | None = None,
    type: HistoryTypeQuery = None,
    since: Annotated[
        datetime | None,
        Query(
            description="Only entries from this time on: RFC 3339, or Unix seconds",
            # what the parser takes, so the document does not promise less
            schema={
                "anyOf": [
                    {"type": "string", "format": "date-time"},
                    {"type": "number"},
                    {"type": "null"},
                ]
            },
        ),
    ] = None,
    limit: Annotated[int, Query(description="Entries, 1 to 1000")] = 100,
    host: HostQuery = None,
) -> Envelope[list[HistoryOut]]:
    entries = await checks.get_history(
        ctx, container=container, type=type, since=since, limit=limit, host=host
    )
    return Envelope(data=[HistoryOut.of(e) for e in entries])
