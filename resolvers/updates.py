from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from resolvers.access import requires
from resolvers.context import AppContext
from services.auth.principal import Scope
from services.errors import InvalidInputError
from services.events import Event
from services.store.records import OperationRecord, RollbackPolicyRecord
from services.updates.policy_entity import PolicyEntityType, policy_entity_type
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
    return await ctx.updates.rollback(operation_id, containers=containers, force=force)


@requires(Scope.OPERATE)
async def fix_compose_mismatch(
    ctx: AppContext, *, container: str, host: str | None = None
) -> OperationRecord:
    return await ctx.updates.fix_mismatch(container, ctx.hosts.known(host))


@dataclass(frozen=True, slots=True)
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
) -> RollbackPolicyRecord:
    kind = policy_entity_type(entity_type)
    if kind is PolicyEntityType.GLOBAL:
        entity_id = ""
    elif not entity_id:
        raise InvalidInputError(f"a {kind} policy needs the {kind} name")
    values: dict[str, object] = {}
    if auto_rollback is not None:
        values["auto_rollback_enabled"] = auto_rollback
    if health_timeout_seconds is not None:
        if not 1 <= health_timeout_seconds <= 3600:
            raise InvalidInputError("health_timeout_seconds must be between 1 and 3600")
        values["health_timeout_seconds"] = health_timeout_seconds
    if stability_window_seconds is not None:
        if not 0 <= stability_window_seconds <= 600:
            raise InvalidInputError(
                "stability_window_seconds must be between 0 and 600"
            )
        values["stability_window_seconds"] = stability_window_seconds
    return await ctx.repos.policies.set(kind, entity_id, values)


@requires(Scope.READ)
async def stream_operation_progress(
    ctx: AppContext, *, operation_id: str
) -> AsyncIterator[Event]:
    """The operation's current state, then its progress until it ends."""
    async for event in ctx.operations.follow(operation_id):
        yield event
