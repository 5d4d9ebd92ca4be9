"""What decides unattended updates and rollbacks for one container, stack or
the whole host: the policies stored at that level and the effective settings,
each with the level it came from, resolved by the same rules the planner and
the update engine use (`policy.effective`, `updates.policies.resolve`).
Read-only (the global rollback policy always exists, off by default).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from services.autoupdate.policy import EffectiveAutoUpdate, effective
from services.errors import DocksmithError
from services.hosts import DEFAULT_HOST
from services.store.autoupdate import AutoUpdatePolicyRepository
from services.store.records import AutoUpdatePolicyRecord, RollbackPolicyRecord
from services.store.repositories import PolicyRepository
from services.updates.policies import EffectivePolicy, resolve
from services.updates.policy_entity import PolicyEntityType


@dataclass(frozen=True, slots=True)
class PolicyScope:
    entity_type: PolicyEntityType
    entity_id: str
    host: str
    # The container's compose project (a stack's own name; None otherwise).
    stack: str | None
    auto_update_policy: AutoUpdatePolicyRecord | None
    rollback_policy: RollbackPolicyRecord | None
    # None when a label value is wrong: `problems` says which, in the words
    # a run's `invalid_policy` decision uses.
    auto_update: EffectiveAutoUpdate | None
    rollback: EffectivePolicy | None
    problems: tuple[str, ...]


async def policy_scope(
    auto_updates: AutoUpdatePolicyRepository,
    rollbacks: PolicyRepository,
    *,
    entity_type: PolicyEntityType,
    entity_id: str,
    host: str = DEFAULT_HOST,
    stack: str | None = None,
    labels: Mapping[str, str] | None = None,
    default_min_age: timedelta,
) -> PolicyScope:
    """`labels` and `stack` are the container's (a CONTAINER scope only)."""
    is_container = entity_type is PolicyEntityType.CONTAINER
    is_stack = entity_type is PolicyEntityType.STACK
    stack_name = entity_id if is_stack else stack if is_container else None
    rows = {
        (r.host, str(r.entity_type), r.entity_id): r for r in await auto_updates.all()
    }
    global_row = rows.get((DEFAULT_HOST, PolicyEntityType.GLOBAL, ""))
    stack_row = (
        rows.get((host, PolicyEntityType.STACK, stack_name)) if stack_name else None
    )
    container_row = (
        rows.get((host, PolicyEntityType.CONTAINER, entity_id))
        if is_container
        else None
    )
    own_auto = container_row if is_container else stack_row if is_stack else global_row
    problems: list[str] = []
    try:
        auto: EffectiveAutoUpdate | None = effective(
            labels or {},
            container=container_row,
            stack=stack_row,
            global_policy=global_row,
            default_min_age=default_min_age,
        )
    except DocksmithError as exc:
        auto = None
        problems.append(exc.message)

    rollback_global = await rollbacks.get(PolicyEntityType.GLOBAL, "")
    rollback_stack = (
        await rollbacks.find(PolicyEntityType.STACK, stack_name, host=host)
        if stack_name
        else None
    )
    rollback_container = (
        await rollbacks.find(PolicyEntityType.CONTAINER, entity_id, host=host)
        if is_container
        else None
    )
    own_rollback = (
        rollback_container
        if is_container
        else rollback_stack
        if is_stack
        else rollback_global
    )
    try:
        rollback: EffectivePolicy | None = resolve(
            labels or {}, rollback_container or rollback_stack or rollback_global
        )
    except DocksmithError as exc:
        rollback = None
        problems.append(exc.message)
    return PolicyScope(
        entity_type=entity_type,
        entity_id="" if entity_type is PolicyEntityType.GLOBAL else entity_id,
        host=DEFAULT_HOST if entity_type is PolicyEntityType.GLOBAL else host,
        stack=stack_name,
        auto_update_policy=own_auto,
        rollback_policy=own_rollback,
        auto_update=auto,
        rollback=rollback,
        problems=tuple(problems),
    )
