from __future__ import annotations

from resolvers.access import requires
from resolvers.context import AppContext
from services.auth.principal import Scope
from services.autoupdate import policies
from services.autoupdate.rules import AutoUpdateLevel
from services.autoupdate.scope import Member, PolicyScope, policy_scope
from services.autoupdate.service import AutoUpdateRun, AutoUpdateStatus
from services.frozen import frozen
from services.store.records import AutoUpdatePolicyRecord
from services.updates.policy_entity import PolicyEntityType, policy_entity


@frozen
class AutoUpdateOverview:
    status: AutoUpdateStatus
    policies: list[AutoUpdatePolicyRecord]


@requires(Scope.READ)
async def get_auto_update(ctx: AppContext) -> AutoUpdateOverview:
    return AutoUpdateOverview(
        status=ctx.auto_updates.status(),
        policies=await ctx.repos.auto_update_policies.all(),
    )


@requires(Scope.READ)
async def get_policy_scope(
    ctx: AppContext,
    *,
    entity_type: PolicyEntityType,
    entity_id: str = "",
    host: str | None = None,
) -> PolicyScope:
    """A container's labels and stack are what its engine says now, so a
    label just written counts before the next check; a stack's members are
    the last check's."""
    kind, name = policy_entity(entity_type, entity_id)
    on_host = ctx.hosts.known(host)
    labels: dict[str, str] = {}
    stack = None
    container_id = ""
    if kind is PolicyEntityType.CONTAINER:
        details = await ctx.engine_on(on_host).inspect_container(name)
        name, labels, stack = details.name, dict(details.labels), details.stack
        container_id = details.id
    # A stack's containers as the last check saw them (labels included).
    members = [
        Member(r.name, r.id, r.labels)
        for r in sorted(ctx.checks.state.results, key=lambda r: r.name)
        if kind is PolicyEntityType.STACK and r.host == on_host and r.stack == name
    ]
    return await policy_scope(
        ctx.repos.auto_update_policies,
        ctx.repos.policies,
        entity_type=kind,
        entity_id=name,
        host=on_host,
        stack=stack,
        labels=labels,
        container_id=container_id,
        members=members,
        own=await ctx.auto_updates.own_container()
        if kind is not PolicyEntityType.GLOBAL
        else None,
        default_min_age=ctx.settings.auto_update_min_age,
    )


@requires(Scope.ADMIN)
async def set_auto_update_policy(
    ctx: AppContext,
    *,
    entity_type: PolicyEntityType,
    entity_id: str = "",
    level: AutoUpdateLevel | None = None,
    min_age: str | None = None,
    maintenance_window: str | None = None,
    host: str | None = None,
) -> AutoUpdatePolicyRecord:
    """A stack's or a container's policy is `host`'s (None: the default
    host); the global one applies to every host."""
    record = await policies.set_policy(
        ctx.repos.auto_update_policies,
        entity_type=entity_type,
        entity_id=entity_id,
        level=level,
        min_age=min_age,
        maintenance_window=maintenance_window,
        host=ctx.hosts.known(host),
    )
    ctx.auto_updates.policies_changed()
    return record


@requires(Scope.ADMIN)
async def remove_auto_update_policy(
    ctx: AppContext,
    *,
    entity_type: PolicyEntityType,
    entity_id: str = "",
    host: str | None = None,
) -> None:
    await policies.remove_policy(
        ctx.repos.auto_update_policies,
        entity_type=entity_type,
        entity_id=entity_id,
        host=ctx.hosts.known(host),
    )
    ctx.auto_updates.policies_changed()


@requires(Scope.OPERATE)
async def run_auto_update(ctx: AppContext, *, dry_run: bool = False) -> AutoUpdateRun:
    return await ctx.auto_updates.run(dry_run=dry_run)
