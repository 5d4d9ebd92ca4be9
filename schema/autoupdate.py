"""GraphQL fields of automatic updates (mixed into the root types)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers import autoupdate
from schema.context import Info
from schema.errors import UserErrors
from schema.types.autoupdate import (
    AutoUpdateOverview,
    AutoUpdatePolicy,
    AutoUpdatePolicyRemoved,
    AutoUpdateRun,
    RemoveAutoUpdatePolicyInput,
    RunAutoUpdateInput,
    SetAutoUpdatePolicyInput,
)
from schema.types.enums import PolicyEntityType
from schema.types.policyscope import PolicyScope

SetPolicyResult = Annotated[
    AutoUpdatePolicy | UserErrors, strawberry.union("SetAutoUpdatePolicyResult")
]
RemovePolicyResult = Annotated[
    AutoUpdatePolicyRemoved | UserErrors,
    strawberry.union("RemoveAutoUpdatePolicyResult"),
]
RunResult = Annotated[
    AutoUpdateRun | UserErrors, strawberry.union("RunAutoUpdateResult")
]


@strawberry.type
class AutoUpdateQuery:
    @strawberry.field(
        description="Automatic updates: schedule, next run, policies, last run."
    )
    async def auto_update(self, info: Info) -> AutoUpdateOverview:
        overview = await autoupdate.get_auto_update(info.context.app)
        return AutoUpdateOverview.from_domain(overview.status, overview.policies)

    @strawberry.field(
        description="What decides unattended updates and rollbacks for the host, "
        "a stack or a container (name or id prefix): its own policies and the "
        "settings in force, each with the level it came from."
    )
    async def policy_scope(
        self,
        info: Info,
        entity_type: PolicyEntityType,
        entity_id: str = "",
        host: str | None = None,
    ) -> PolicyScope:
        scope = await autoupdate.get_policy_scope(
            info.context.app, entity_type=entity_type, entity_id=entity_id, host=host
        )
        return PolicyScope.from_domain(scope)


@strawberry.type
class AutoUpdateMutation:
    @strawberry.mutation(
        description="Set the global, a stack's or a container's auto-update policy."
    )
    async def set_auto_update_policy(
        self, info: Info, input: SetAutoUpdatePolicyInput
    ) -> SetPolicyResult:
        record = await autoupdate.set_auto_update_policy(
            info.context.app,
            entity_type=input.entity_type,
            entity_id=input.entity_id,
            level=input.level,
            min_age=input.min_age,
            maintenance_window=input.maintenance_window,
            host=input.host,
        )
        return AutoUpdatePolicy.from_domain(record)

    @strawberry.mutation(description="Remove a stored auto-update policy.")
    async def remove_auto_update_policy(
        self, info: Info, input: RemoveAutoUpdatePolicyInput
    ) -> RemovePolicyResult:
        await autoupdate.remove_auto_update_policy(
            info.context.app,
            entity_type=input.entity_type,
            entity_id=input.entity_id,
            host=input.host,
        )
        return AutoUpdatePolicyRemoved(
            entity_type=input.entity_type, entity_id=input.entity_id
        )

    @strawberry.mutation(
        description="Run auto-update now; with dryRun, only list what it would do "
        "and why each container is or is not included."
    )
    async def run_auto_update(
        self, info: Info, input: RunAutoUpdateInput | None = None
    ) -> RunResult:
        run = await autoupdate.run_auto_update(
            info.context.app, dry_run=input.dry_run if input else False
        )
        return AutoUpdateRun.from_domain(run)
