"""What decides unattended updates and rollbacks for one container, stack or
the whole host: the policies stored at that level and the effective settings,
each with the level it came from, resolved by the same rules the planner and
the update engine use (`policy.effective`, `updates.policies.resolve`).
Read-only (the global rollback policy always exists, off by default).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import TypeVar

from services.autoupdate.policy import (
    EffectiveAutoUpdate,
    effective,
    excluded_as_self,
)
from services.errors import DocksmithError
from services.frozen import frozen
from services.hosts import DEFAULT_HOST
from services.store.autoupdate import AutoUpdatePolicyRepository
from services.store.records import AutoUpdatePolicyRecord, RollbackPolicyRecord
from services.store.repositories import PolicyRepository
from services.updates.policies import EffectivePolicy, resolve
from services.updates.policy_entity import PolicyEntityType

GLOBAL = PolicyEntityType.GLOBAL.value
STACK = PolicyEntityType.STACK.value
CONTAINER = PolicyEntityType.CONTAINER.value

R = TypeVar("R", AutoUpdatePolicyRecord, RollbackPolicyRecord)


@frozen
class ContainerInForce:
    container: str
    # None when a label value is wrong: `problems` says which, in the words
    # a run's `invalid_policy` decision uses.
    auto_update: EffectiveAutoUpdate | None
    rollback: EffectivePolicy | None
    problems: tuple[str, ...]
    # Docksmith's own container: no policy updates it, only its own label.
    docksmith_itself: bool = False


@frozen
class PolicyScope:
    entity_type: PolicyEntityType
    entity_id: str
    host: str
    # The container's compose project (a stack's own name; None otherwise).
    stack: str | None
    auto_update_policy: AutoUpdatePolicyRecord | None
    rollback_policy: RollbackPolicyRecord | None
    auto_update: EffectiveAutoUpdate | None
    rollback: EffectivePolicy | None
    problems: tuple[str, ...]
    docksmith_itself: bool
    # A stack's containers, each with its own labels counted.
    members: tuple[ContainerInForce, ...] = ()


@frozen
class Member:
    """A stack's container as the last check saw it."""

    name: str
    id: str
    labels: Mapping[str, str]


class _Rows:
    """Every stored policy, read once, by (host, entity type, entity id)."""

    def __init__(
        self,
        auto_updates: list[AutoUpdatePolicyRecord],
        rollbacks: list[RollbackPolicyRecord],
        host: str,
    ) -> None:
        self.auto = {(r.host, str(r.entity_type), r.entity_id): r for r in auto_updates}
        self.rollback = {
            (r.host, str(r.entity_type), r.entity_id): r for r in rollbacks
        }
        self.host = host

    def own(
        self, table: dict[tuple[str, str, str], R], kind: str, name: str
    ) -> R | None:
        # One global row for every host, kept on the default host's.
        if kind == GLOBAL:
            return table.get((DEFAULT_HOST, GLOBAL, ""))
        return table.get((self.host, kind, name)) if name else None

    def in_force(
        self,
        name: str,
        *,
        container: str | None,
        stack: str | None,
        labels: Mapping[str, str],
        default_min_age: timedelta,
        container_id: str = "",
        own: str | None = None,
    ) -> ContainerInForce:
        problems: list[str] = []
        try:
            auto: EffectiveAutoUpdate | None = effective(
                labels,
                container=self.own(self.auto, CONTAINER, container or ""),
                stack=self.own(self.auto, STACK, stack or ""),
                global_policy=self.own(self.auto, GLOBAL, ""),
                default_min_age=default_min_age,
            )
        except DocksmithError as exc:
            auto = None
            problems.append(exc.message)
        deciding = (
            self.own(self.rollback, CONTAINER, container or "")
            or self.own(self.rollback, STACK, stack or "")
            or self.own(self.rollback, GLOBAL, "")
        )
        rollback: EffectivePolicy | None = None
        if deciding is not None:
            try:
                rollback = resolve(labels, deciding)
            except DocksmithError as exc:
                problems.append(exc.message)
        itself = auto is not None and excluded_as_self(
            auto, container_id=container_id, host=self.host, own=own
        )
        return ContainerInForce(name, auto, rollback, tuple(problems), itself)


async def policy_scope(
    auto_updates: AutoUpdatePolicyRepository,
    rollbacks: PolicyRepository,
    *,
    entity_type: PolicyEntityType,
    entity_id: str,
    host: str = DEFAULT_HOST,
    stack: str | None = None,
    labels: Mapping[str, str] | None = None,
    container_id: str = "",
    members: Sequence[Member] = (),
    own: str | None = None,
    default_min_age: timedelta,
) -> PolicyScope:
    """`labels`, `stack` and `container_id` are a container's (a CONTAINER
    scope); `members` a stack's containers (a STACK scope); `own` the id of
    Docksmith's own container, if it runs in one."""
    is_container = entity_type is PolicyEntityType.CONTAINER
    is_stack = entity_type is PolicyEntityType.STACK
    name = "" if entity_type is PolicyEntityType.GLOBAL else entity_id
    stack_name = name if is_stack else stack if is_container else None
    on_host = host if name else DEFAULT_HOST
    # all() makes the global rollback row when it is missing, as every
    # rollback does.
    rows = _Rows(await auto_updates.all(), await rollbacks.all(), on_host)
    here = rows.in_force(
        name,
        container=name if is_container else None,
        stack=stack_name,
        labels=labels or {},
        default_min_age=default_min_age,
        container_id=container_id,
        own=own,
    )
    return PolicyScope(
        entity_type=entity_type,
        entity_id=name,
        host=on_host,
        stack=stack_name,
        auto_update_policy=rows.own(rows.auto, str(entity_type), name),
        rollback_policy=rows.own(rows.rollback, str(entity_type), name),
        auto_update=here.auto_update,
        rollback=here.rollback,
        problems=here.problems,
        docksmith_itself=here.docksmith_itself,
        members=tuple(
            rows.in_force(
                member.name,
                container=member.name,
                stack=stack_name,
                labels=member.labels,
                default_min_age=default_min_age,
                container_id=member.id,
                own=own,
            )
            for member in members
        )
        if is_stack
        else (),
    )
