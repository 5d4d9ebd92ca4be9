from __future__ import annotations

from resolvers import autoupdate
from rest.api import APIRouter
from rest.autoupdate_models import (
    AutoUpdateOverviewOut,
    AutoUpdatePolicyOut,
    AutoUpdatePolicyRemovedOut,
    AutoUpdatePolicyRequest,
    AutoUpdateRunOut,
    RunAutoUpdateRequest,
)
from rest.closed import EntityType
from rest.deps import AppContextDep, HostQuery
from rest.envelope import Envelope
from rest.openapi import CHANGES, DOCKER, LOOKUP, REGISTRY, STORAGE, errors

router = APIRouter(tags=["auto-update"])


@router.get(
    "/auto-update",
    summary="Automatic updates: schedule, next run, policies, last run",
    responses=errors(STORAGE),
)
async def get_auto_update(ctx: AppContextDep) -> Envelope[AutoUpdateOverviewOut]:
    overview = await autoupdate.get_auto_update(ctx)
    return Envelope(data=AutoUpdateOverviewOut.of(overview))


@router.put(
    "/auto-update/policies",
    summary="Set the global, a stack's or a container's auto-update policy",
    responses=errors(LOOKUP, STORAGE),
)
async def put_auto_update_policy(
    ctx: AppContextDep, body: AutoUpdatePolicyRequest, host: HostQuery = None
) -> Envelope[AutoUpdatePolicyOut]:
    record = await autoupdate.set_auto_update_policy(
        ctx,
        entity_type=body.entity_type,
        entity_id=body.entity_id,
        level=body.level,
        min_age=body.min_age,
        maintenance_window=body.maintenance_window,
        host=host,
    )
    return Envelope(data=AutoUpdatePolicyOut.of(record))


@router.delete(
    "/auto-update/policies/{entity_type}",
    summary="Remove a stored auto-update policy (`entity_id` names the stack or "
    "container)",
    responses=errors(LOOKUP, STORAGE),
)
async def delete_auto_update_policy(
    ctx: AppContextDep,
    entity_type: EntityType,
    entity_id: str = "",
    host: HostQuery = None,
) -> Envelope[AutoUpdatePolicyRemovedOut]:
    await autoupdate.remove_auto_update_policy(
        ctx, entity_type=entity_type, entity_id=entity_id, host=host
    )
    return Envelope(
        data=AutoUpdatePolicyRemovedOut(entity_type=entity_type, entity_id=entity_id)
    )


@router.post(
    "/auto-update/run",
    summary="Run auto-update now (`dry_run`: only list what it would do and why)",
    responses=errors(LOOKUP, CHANGES, DOCKER, REGISTRY),
)
async def post_auto_update_run(
    ctx: AppContextDep, body: RunAutoUpdateRequest | None = None
) -> Envelope[AutoUpdateRunOut]:
    run = await autoupdate.run_auto_update(ctx, dry_run=body.dry_run if body else False)
    return Envelope(data=AutoUpdateRunOut.of(run))
