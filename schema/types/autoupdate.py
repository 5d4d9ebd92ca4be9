from __future__ import annotations

from datetime import datetime, timedelta

import strawberry

from schema.types.enums import (
    AutoUpdateLevel,
    AutoUpdateOutcome,
    AutoUpdateReason,
    AutoUpdateSource,
    AutoUpdateTrigger,
    ChangeType,
    PolicyEntityType,
)
from services.autoupdate.planner import AutoUpdateDecision as Decision
from services.autoupdate.rules import format_age
from services.autoupdate.service import AutoUpdateRun as Run
from services.autoupdate.service import AutoUpdateStatus
from services.store.records import AutoUpdatePolicyRecord


def age_text(seconds: int | None) -> str | None:
    return None if seconds is None else format_age(timedelta(seconds=seconds))


@strawberry.type(
    description="Auto-update policy of the host, a stack or a container; a null "
    "field defers to the next level (container, stack, global, environment)."
)
class AutoUpdatePolicy:
    entity_type: PolicyEntityType = strawberry.field(
        description="What the policy applies to."
    )
    entity_id: str = strawberry.field(
        description="Stack or container name (empty for global)."
    )
    level: AutoUpdateLevel | None = strawberry.field(
        description="How far unattended updates may go."
    )
    min_age: str | None = strawberry.field(
        description="How old a candidate image must be (3d, 12h...)."
    )
    maintenance_window: str | None = strawberry.field(
        description="When updates may happen (`sat,sun 02:00-06:00; ...`)."
    )
    updated_at: datetime | None = strawberry.field(description="Last change.")
    host: str = strawberry.field(
        description="The Docker host of its stack or container (global: `local`, "
        "and it applies to every host)."
    )

    @classmethod
    def from_domain(cls, p: AutoUpdatePolicyRecord) -> AutoUpdatePolicy:
        return cls(
            host=p.host,
            entity_type=p.entity_type,
            entity_id=p.entity_id,
            level=p.level,
            min_age=age_text(p.min_age_seconds),
            maintenance_window=p.maintenance_window,
            updated_at=p.updated_at,
        )


@strawberry.type(description="The auto-update policy was removed.")
class AutoUpdatePolicyRemoved:
    entity_type: PolicyEntityType = strawberry.field(
        description="What the policy applied to."
    )
    entity_id: str = strawberry.field(
        description="Stack or container name (empty for global)."
    )


@strawberry.type(description="Whether an auto-update run takes a container, and why.")
class AutoUpdateDecision:
    container: str = strawberry.field(description="The container.")
    host: str = strawberry.field(description="The container's Docker host.")
    stack: str | None = strawberry.field(description="Its compose project.")
    included: bool = strawberry.field(description="Whether the run updates it.")
    reason: AutoUpdateReason = strawberry.field(description="Why (or why not).")
    message: str = strawberry.field(description="The reason in words.")
    level: AutoUpdateLevel = strawberry.field(description="Its effective level.")
    level_source: AutoUpdateSource = strawberry.field(
        description="Where the level came from."
    )
    current_tag: str | None = strawberry.field(description="The running tag.")
    candidate_tag: str | None = strawberry.field(
        description="The tag its policy allows it to move to."
    )
    candidate_digest: str | None = strawberry.field(
        description="The candidate's digest, when the tag stays the same."
    )
    change_type: ChangeType | None = strawberry.field(
        description="MAJOR, MINOR, PATCH... of the candidate."
    )
    waiting_until: datetime | None = strawberry.field(
        description="When it becomes eligible (minimum age or window)."
    )
    maintenance_window: str | None = strawberry.field(
        description="Its effective maintenance window."
    )
    min_age: str | None = strawberry.field(description="Its effective minimum age.")
    operation_id: str | None = strawberry.field(
        description="The stack operation that updates it."
    )
    outcome: AutoUpdateOutcome | None = strawberry.field(
        description="How that went; null for a container the run did not take."
    )

    @classmethod
    def from_domain(cls, d: Decision) -> AutoUpdateDecision:
        return cls(
            container=d.container,
            host=d.host,
            stack=d.stack,
            included=d.included,
            reason=d.reason,
            message=d.message,
            level=d.level,
            level_source=d.level_source,
            current_tag=d.current_tag,
            candidate_tag=d.candidate_tag,
            candidate_digest=d.candidate_digest,
            change_type=d.change_type,
            waiting_until=d.waiting_until,
            maintenance_window=d.maintenance_window,
            min_age=d.min_age,
            operation_id=d.operation_id,
            outcome=d.outcome,
        )


@strawberry.type(description="An auto-update run (or a dry run's plan).")
class AutoUpdateRun:
    trigger: AutoUpdateTrigger = strawberry.field(description="What started it.")
    dry_run: bool = strawberry.field(description="Whether it only planned.")
    planned_at: datetime = strawberry.field(description="When it planned.")
    operation_id: str | None = strawberry.field(
        description="Its auto_update operation (null for a dry run)."
    )
    decisions: list[AutoUpdateDecision] = strawberry.field(
        description="Every container, included or not, with the reason."
    )

    @classmethod
    def from_domain(cls, run: Run) -> AutoUpdateRun:
        return cls(
            trigger=run.trigger,
            dry_run=run.dry_run,
            planned_at=run.planned_at,
            operation_id=run.operation_id,
            decisions=[AutoUpdateDecision.from_domain(d) for d in run.decisions],
        )


@strawberry.type(description="Automatic updates: schedule, policies, last run.")
class AutoUpdateOverview:
    schedule: str | None = strawberry.field(
        description="AUTO_UPDATE_SCHEDULE (cron), null when unset."
    )
    timezone: str = strawberry.field(
        description="The time zone schedules and windows are read in."
    )
    default_min_age: str = strawberry.field(
        description="AUTO_UPDATE_MIN_AGE: the minimum age no policy overrides."
    )
    next_run: datetime | None = strawberry.field(
        description="When the scheduler fires next (schedule or window opening)."
    )
    running_operation_id: str | None = strawberry.field(
        description="The run in progress."
    )
    last_run: AutoUpdateRun | None = strawberry.field(
        description="The last run or dry run since start-up."
    )
    policies: list[AutoUpdatePolicy] = strawberry.field(
        description="Stored policies (global, stacks, containers)."
    )

    @classmethod
    def from_domain(
        cls, status: AutoUpdateStatus, policies: list[AutoUpdatePolicyRecord]
    ) -> AutoUpdateOverview:
        return cls(
            schedule=status.schedule,
            timezone=status.timezone,
            default_min_age=format_age(status.default_min_age),
            next_run=status.next_run,
            running_operation_id=status.running_operation_id,
            last_run=AutoUpdateRun.from_domain(status.last_run)
            if status.last_run
            else None,
            policies=[AutoUpdatePolicy.from_domain(p) for p in policies],
        )


@strawberry.input(
    description="An auto-update policy; unset fields keep their value (give at "
    "least one), an empty minAge or maintenanceWindow clears it."
)
class SetAutoUpdatePolicyInput:
    entity_type: PolicyEntityType = strawberry.field(
        description="What the policy applies to."
    )
    entity_id: str = strawberry.field(
        default="", description="Stack or container name (empty for GLOBAL)."
    )
    level: AutoUpdateLevel | None = strawberry.field(
        default=None, description="How far unattended updates may go."
    )
    min_age: str | None = strawberry.field(
        default=None, description="How old a candidate must be: 3d, 12h, 1w, 0."
    )
    maintenance_window: str | None = strawberry.field(
        default=None,
        description="When updates may happen: `sat,sun 02:00-06:00; mon-fri "
        "01:00-03:00`.",
    )
    host: str | None = strawberry.field(
        default=None,
        description="The Docker host of the stack or container (default `local`).",
    )


@strawberry.input(description="An auto-update policy to remove.")
class RemoveAutoUpdatePolicyInput:
    entity_type: PolicyEntityType = strawberry.field(
        description="What the policy applies to."
    )
    entity_id: str = strawberry.field(
        default="", description="Stack or container name (empty for GLOBAL)."
    )
    host: str | None = strawberry.field(
        default=None,
        description="The Docker host of the stack or container (default `local`).",
    )


@strawberry.input(description="Run auto-update now.")
class RunAutoUpdateInput:
    dry_run: bool = strawberry.field(
        default=False,
        description="Only plan: list what a run would do and why, change nothing.",
    )
