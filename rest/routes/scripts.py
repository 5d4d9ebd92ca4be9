from __future__ import annotations

from resolvers import scripts
from rest.api import APIRouter
from rest.deps import AppContextDep, HostQuery
from rest.envelope import Envelope
from rest.models import AssignScriptRequest, MessageOut, ScriptAssignmentOut, ScriptOut
from rest.openapi import DOCKER, LOOKUP, STORAGE, errors

router = APIRouter(tags=["scripts"])


@router.get("/scripts", summary="Scripts in SCRIPTS_DIR")
async def get_scripts(ctx: AppContextDep) -> Envelope[list[ScriptOut]]:
    found = await scripts.list_scripts(ctx)
    return Envelope(data=[ScriptOut.read(s) for s in found])


@router.get(
    "/scripts/assigned", summary="Script assignments", responses=errors(STORAGE)
)
async def get_script_assignments(
    ctx: AppContextDep,
) -> Envelope[list[ScriptAssignmentOut]]:
    rows = await scripts.list_script_assignments(ctx)
    return Envelope(data=[ScriptAssignmentOut.read(r) for r in rows])


@router.post(
    "/scripts/assign",
    summary="Assign a pre-update script to a container",
    responses=errors(LOOKUP, DOCKER),
)
async def post_script_assignment(
    ctx: AppContextDep, body: AssignScriptRequest, host: HostQuery = None
) -> Envelope[ScriptAssignmentOut]:
    row = await scripts.assign_script(
        ctx, container=body.container, script=body.script, assigned_by="api", host=host
    )
    return Envelope(data=ScriptAssignmentOut.read(row))


@router.delete(
    "/scripts/assign/{container}",
    summary="Remove a container's script assignment",
    responses=errors(LOOKUP, STORAGE),
)
async def delete_script_assignment(
    ctx: AppContextDep, container: str, host: HostQuery = None
) -> Envelope[MessageOut]:
    await scripts.unassign_script(ctx, container=container, host=host)
    return Envelope(
        data=MessageOut(message=f"script assignment removed from {container}")
    )
