from __future__ import annotations

import strawberry

from schema.types.autoupdate import AutoUpdatePolicy
from schema.types.enums import (
    AutoUpdateLevel,
    AutoUpdateSource,
    PolicyEntityType,
    RollbackPolicySource,
)
from schema.types.update import RollbackPolicy
from services.autoupdate.policy import EffectiveAutoUpdate as AutoUpdateDomain
from services.autoupdate.rules import format_age
from services.autoupdate.scope import ContainerInForce as ContainerInForceDomain
from services.autoupdate.scope import PolicyScope as PolicyScopeDomain
from services.updates.policies import EffectivePolicy


@strawberry.type(
    description="The auto-update settings in force, each with the level it came from."
)
class EffectiveAutoUpdate:
    level: AutoUpdateLevel = strawberry.field(description="How far updates may go.")
    level_source: AutoUpdateSource = strawberry.field(
        description="Where the level came from."
    )
    min_age: str = strawberry.field(description="How old a candidate must be.")
    min_age_source: AutoUpdateSource = strawberry.field(
        description="Where the minimum age came from."
    )
    maintenance_window: str | None = strawberry.field(
        description="When updates may happen (null: whenever a run happens)."
    )
    maintenance_window_source: AutoUpdateSource = strawberry.field(
        description="Where the window came from."
    )

    @classmethod
    def from_domain(cls, e: AutoUpdateDomain) -> EffectiveAutoUpdate:
        return cls(
            level=e.level,
            level_source=e.level_source,
            min_age=format_age(e.min_age),
            min_age_source=e.min_age_source,
            maintenance_window=e.window.text if e.window else None,
            maintenance_window_source=e.window_source,
        )


@strawberry.type(
    description="The auto-rollback settings in force and the level that decides."
)
class EffectiveRollback:
    auto_rollback: bool = strawberry.field(
        description="A failed update rolls back by itself."
    )
    source: RollbackPolicySource = strawberry.field(
        description="Where that came from (the timeouts come from the same "
        "policy, or the global one when a label decides)."
    )
    health_timeout_seconds: int = strawberry.field(
        description="How long to wait for healthy."
    )
    stability_window_seconds: int = strawberry.field(
        description="Without a healthcheck: how long it must keep running."
    )

    @classmethod
    def from_domain(cls, e: EffectivePolicy) -> EffectiveRollback:
        return cls(
            auto_rollback=e.auto_rollback,
            source=e.source,
            health_timeout_seconds=e.health_timeout_seconds,
            stability_window_seconds=e.stability_window_seconds,
        )


@strawberry.type(
    description="One container of a stack: the settings in force with its labels."
)
class ContainerInForce:
    container: str = strawberry.field(description="The container.")
    auto_update: EffectiveAutoUpdate | None = strawberry.field(
        description="Its auto-update settings in force (null: a label is wrong)."
    )
    rollback: EffectiveRollback | None = strawberry.field(
        description="Its auto-rollback settings in force (null: a label is wrong)."
    )
    problems: list[str] = strawberry.field(
        description="Its label values that are wrong, as a run reports them."
    )
    docksmith_itself: bool = strawberry.field(
        description="Docksmith's own container: no container, stack or global "
        "policy updates it (a run skips it as SELF); only its own "
        "docksmith.auto-update label can include it."
    )

    @classmethod
    def from_domain(cls, c: ContainerInForceDomain) -> ContainerInForce:
        return cls(
            container=c.container,
            auto_update=EffectiveAutoUpdate.from_domain(c.auto_update)
            if c.auto_update
            else None,
            rollback=EffectiveRollback.from_domain(c.rollback) if c.rollback else None,
            problems=list(c.problems),
            docksmith_itself=c.docksmith_itself,
        )


@strawberry.type(
    description="What decides unattended updates and rollbacks for the host, a "
    "stack or a container: its own stored policies and the settings in force."
)
class PolicyScope:
    entity_type: PolicyEntityType = strawberry.field(description="What the scope is.")
    entity_id: str = strawberry.field(
        description="Stack or container name (empty for global)."
    )
    host: str = strawberry.field(description="The Docker host (global: `local`).")
    stack: str | None = strawberry.field(
        description="The stack whose policies apply (a container's compose project)."
    )
    auto_update_policy: AutoUpdatePolicy | None = strawberry.field(
        description="The auto-update policy stored at this level (null: none)."
    )
    rollback_policy: RollbackPolicy | None = strawberry.field(
        description="The rollback policy stored at this level (null: none)."
    )
    auto_update: EffectiveAutoUpdate | None = strawberry.field(
        description="The auto-update settings in force (null: a label is wrong, "
        "see problems)."
    )
    rollback: EffectiveRollback | None = strawberry.field(
        description="The auto-rollback settings in force (null: a label is "
        "wrong, see problems)."
    )
    problems: list[str] = strawberry.field(
        description="Label values that are wrong, as a run reports them."
    )
    docksmith_itself: bool = strawberry.field(
        description="Docksmith's own container: no container, stack or global "
        "policy updates it (a run skips it as SELF); only its own "
        "docksmith.auto-update label can include it."
    )
    containers: list[ContainerInForce] = strawberry.field(
        description="A stack's containers as the last check saw them, each with "
        "the settings in force once its labels count (empty for the others)."
    )

    @classmethod
    def from_domain(cls, s: PolicyScopeDomain) -> PolicyScope:
        return cls(
            entity_type=s.entity_type,
            entity_id=s.entity_id,
            host=s.host,
            stack=s.stack,
            auto_update_policy=AutoUpdatePolicy.from_domain(s.auto_update_policy)
            if s.auto_update_policy
            else None,
            rollback_policy=RollbackPolicy.from_domain(s.rollback_policy)
            if s.rollback_policy
            else None,
            auto_update=EffectiveAutoUpdate.from_domain(s.auto_update)
            if s.auto_update
            else None,
            rollback=EffectiveRollback.from_domain(s.rollback) if s.rollback else None,
            problems=list(s.problems),
            docksmith_itself=s.docksmith_itself,
            containers=[ContainerInForce.from_domain(m) for m in s.members],
        )
