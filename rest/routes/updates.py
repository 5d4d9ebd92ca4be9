from __future__ import annotations

from resolvers import updates
from rest.api import APIRouter
from rest.closed import EntityType
from rest.deps import AppContextDep, HostQuery
from rest.envelope import Envelope
from rest.openapi import CHANGES, DOCKER, LOOKUP, REGISTRY, STORAGE, errors
from rest.update_models import (
    BatchRequest,
    BatchStartedOut,
    OperationStartedOut,
    PoliciesOut,
    PolicyOut,
    PolicyRemovedOut,
    PolicyRequest,
    RollbackRequest,
    RollbackStartedOut,
    UpdateRequest,
)

router = APIRouter(tags=["updates"])


@router.post(
    "/update",
    summary="Update one container (to `version`, else to the latest allowed)",
    responses=errors(LOOKUP, CHANGES, DOCKER, REGISTRY),
)
async def post_update(
    ctx: AppContextDep, body: UpdateRequest, host: HostQuery = None
) -> Envelope[OperationStartedOut]:
    record = await updates.update_container(
        ctx,
        container=body.container,
        version=body.version,
        script=body.script,
        force=body.force,
        host=host,
    )
    return Envelope(data=OperationStartedOut.of(record))


@router.post(
    "/update/batch",
    summary="Update several containers in dependency order",
    responses=errors(LOOKUP, CHANGES, DOCKER, REGISTRY),
)
async def post_update_batch(
    ctx: AppContextDep, body: BatchRequest
) -> Envelope[BatchStartedOut]:
    started = await updates.update_containers(ctx, items=body.items(), force=body.force)
    return Envelope(data=BatchStartedOut.of(started))


@router.post(
    "/rollback",
    summary="Roll back an update operation",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def post_rollback(
    ctx: AppContextDep, body: RollbackRequest
) -> Envelope[RollbackStartedOut]:
    record = await updates.rollback_operation(
        ctx,
        operation_id=body.operation_id,
        containers=body.containers,
        force=body.force,
    )
    return Envelope(
        data=RollbackStartedOut(
            operation_id=record.operation_id,
            original_operation_id=body.operation_id,
            status="queued" if record.status == "queued" else "started",
        )
    )


@router.post(
    "/fix-compose-mismatch/{name}",
    summary="Recreate a container from its compose file",
    responses=errors(LOOKUP, CHANGES, DOCKER),
)
async def post_fix_compose_mismatch(
    ctx: AppContextDep, name: str, host: HostQuery = None
) -> Envelope[OperationStartedOut]:
    record = await updates.fix_compose_mismatch(ctx, container=name, host=host)
    return Envelope(data=OperationStartedOut.of(record))


@router.get(
    "/policies",
    summary="Rollback state per container and auto-rollback policies",
    responses=errors(LOOKUP, STORAGE),
)
async def get_policies(
    ctx: AppContextDep, host: HostQuery = None
) -> Envelope[PoliciesOut]:
    # `containers` is keyed by name, so it holds one host's: `local` unless
    # `?host=` names another; `hosts` has every host's (or that one's).
    overview = await updates.get_policies(ctx, host=host)
    return Envelope(data=PoliciesOut.of(overview, host=ctx.hosts.known(host)))


@router.put(
    "/policies",
    summary="Set the global, a stack's or a container's auto-rollback policy",
    responses=errors(LOOKUP, STORAGE),
)
async def put_policy(
    ctx: AppContextDep, body: PolicyRequest, host: HostQuery = None
) -> Envelope[PolicyOut]:
    record = await updates.set_rollback_policy(
        ctx,
        entity_type=body.entity_type,
        entity_id=body.entity_id,
        auto_rollback=body.auto_rollback,
        health_timeout_seconds=body.health_timeout_seconds,
        stability_window_seconds=body.stability_window_seconds,
        host=host,
    )
    return Envelope(data=PolicyOut.read(record))


@router.delete(
    "/policies/{entity_type}",
    summary="Remove a stack's or a container's auto-rollback policy (`entity_id` "
    "names the stack or container)",
    responses=errors(LOOKUP, STORAGE),
)
async def delete_policy(
    ctx: AppContextDep,
    entity_type: EntityType,
    entity_id: str = "",
    host: HostQuery = None,
) -> Envelope[PolicyRemovedOut]:
    on_host = await updates.remove_rollback_policy(
        ctx, entity_type=entity_type, entity_id=entity_id, host=host
    )
    return Envelope(
        data=PolicyRemovedOut(
            entity_type=entity_type, entity_id=entity_id.strip(), host=on_host
        )
    )
