from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from resolvers.access import requires
from resolvers.context import AppContext
from services.auth.principal import Scope
from services.events import Event
from services.frozen import frozen
from services.store.records import OperationRecord, RollbackPolicyRecord
from services.updates import policies as rollback_policies
from services.updates.policy_entity import PolicyEntityType
from services.updates.requests import BatchItem, BatchStarted
from services.updates.rollbackable import ContainerRollbackInfo


@requires(Scope.OPERATE)
async def update_container(
    ctx: AppContext,
    *,
    container: str,
    version: str | None = None,
    script: str | None = None,
    force: bool = False,
    host: str | None = None,
) -> OperationRecord:
    """An update of `container` on `host` (the default host when None)."""
    return await ctx.updates.update(
        container,
        version=version,
        script=script,
        force=force,
        host=ctx.hosts.known(host),
    )


@requires(Scope.OPERATE)
async def update_containers(
    ctx: AppContext, *, items: Sequence[BatchItem], force: bool = False
) -> BatchStarted:
    for item in items:
        ctx.hosts.known(item.host)
    return await ctx.updates.batch(items, force=force)


@requires(Scope.OPERATE)
async def rollback_operation(
    ctx: AppContext,
    *,
    operation_id: str,
    containers: Sequence[str] | None = None,
    force: bool = False,
) -> OperationRecord:
    return await ctx.updates.rollback(
        operation_id, containers=containers, force=force, by=ctx.principal
    )


@requires(Scope.OPERATE)
async def fix_compose_mismatch(
    ctx: AppContext, *, container: str, host: str | None = None
) -> OperationRecord:
    return await ctx.updates.fix_mismatch(container, ctx.hosts.known(host))


@frozen
class PolicyOverview:
    containers: list[ContainerRollbackInfo]
    policies: list[RollbackPolicyRecord]


@requires(Scope.READ)
async def get_policies(ctx: AppContext, *, host: str | None = None) -> PolicyOverview:
    """The rollback state of `host`'s containers (None: every host's)."""
    return PolicyOverview(
        containers=await ctx.updates.rollback_overview(
            None if host is None else ctx.hosts.known(host)
        ),
        policies=await ctx.repos.policies.all(),
    )


@requires(Scope.ADMIN)
async def set_rollback_policy(
    ctx: AppContext,
    *,
    entity_type: PolicyEntityType,
    entity_id: str = "",
    auto_rollback: bool | None = None,
    health_timeout_seconds: int | None = None,
    stability_window_seconds: int | None = None,
    host: str | None = None,
) -> RollbackPolicyRecord:
    """A stack's or a container's policy is `host`'s (None: the default
    host); the global one applies to every host."""
    return await rollback_policies.set_policy(
        ctx.repos.policies,
        entity_type=entity_type,
        entity_id=entity_id,
        auto_rollback=auto_rollback,
        health_timeout_seconds=health_timeout_seconds,
        stability_window_seconds=stability_window_seconds,
        host=ctx.hosts.known(host),
    )


@requires(Scope.ADMIN)
async def remove_rollback_policy(
    ctx: AppContext,
    *,
    entity_type: PolicyEntityType,
    entity_id: str = "",
    host: str | None = None,
) -> str:
    """Remove it; returns the host it was removed from (None: the default)."""
    on_host = ctx.hosts.known(host)
    await rollback_policies.remove_policy(
        ctx.repos.policies, entity_type=entity_type, entity_id=entity_id, host=on_host
    )
    return on_host


@requires(Scope.READ)
async def stream_operation_progress(
    ctx: AppContext, *, operation_id: str
) -> AsyncIterator[Event]:
    """The operation's current state, then its progress until it ends."""
    async for event in ctx.operations.follow(operation_id):
        yield event
