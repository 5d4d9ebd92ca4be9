"""REST bodies and projections of automatic updates."""

from __future__ import annotations

from datetime import datetime, timedelta

from resolvers.autoupdate import AutoUpdateOverview
from rest.wire import In, Out
from services.autoupdate.planner import (
    AutoUpdateDecision,
    AutoUpdateOutcome,
    AutoUpdateReason,
    AutoUpdateTrigger,
)
from services.autoupdate.policy import AutoUpdateSource
from services.autoupdate.rules import AutoUpdateLevel, format_age
from services.autoupdate.service import AutoUpdateRun
from services.store.records import AutoUpdatePolicyRecord
from services.updates.policy_entity import PolicyEntityType
from services.versioning.model import ChangeType


class AutoUpdatePolicyRequest(In, kw_only=True):
    CLOSED = {"entity_type": PolicyEntityType, "level": AutoUpdateLevel}
    entity_type: PolicyEntityType
    entity_id: str = ""
    level: AutoUpdateLevel | None = None
    min_age: str | None = None
    maintenance_window: str | None = None


class RunAutoUpdateRequest(In, kw_only=True):
    dry_run: bool = False


class AutoUpdatePolicyOut(Out, kw_only=True):
    host: str
    entity_type: PolicyEntityType
    entity_id: str
    level: AutoUpdateLevel | None
    min_age: str | None
    maintenance_window: str | None
    updated_at: datetime | None

    @classmethod
    def of(cls, p: AutoUpdatePolicyRecord) -> AutoUpdatePolicyOut:
        return cls(
            host=p.host,
            entity_type=p.entity_type,
            entity_id=p.entity_id,
            level=p.level,
            min_age=None
            if p.min_age_seconds is None
            else format_age(timedelta(seconds=p.min_age_seconds)),
            maintenance_window=p.maintenance_window,
            updated_at=p.updated_at,
        )


class AutoUpdatePolicyRemovedOut(Out, kw_only=True):
    entity_type: PolicyEntityType
    entity_id: str


class AutoUpdateDecisionOut(Out, kw_only=True):
    container: str
    host: str
    stack: str | None
    included: bool
    reason: AutoUpdateReason
    message: str
    level: AutoUpdateLevel
    level_source: AutoUpdateSource
    current_tag: str | None
    candidate_tag: str | None
    candidate_digest: str | None
    change_type: ChangeType | None
    waiting_until: datetime | None
    maintenance_window: str | None
    min_age: str | None
    operation_id: str | None
    outcome: AutoUpdateOutcome | None

    @classmethod
    def of(cls, d: AutoUpdateDecision) -> AutoUpdateDecisionOut:
        return cls.read(d)


class AutoUpdateRunOut(Out, kw_only=True):
    trigger: AutoUpdateTrigger
    dry_run: bool
    planned_at: datetime
    operation_id: str | None
    decisions: list[AutoUpdateDecisionOut]

    @classmethod
    def of(cls, run: AutoUpdateRun) -> AutoUpdateRunOut:
        return cls(
            trigger=run.trigger,
            dry_run=run.dry_run,
            planned_at=run.planned_at,
            operation_id=run.operation_id,
            decisions=[AutoUpdateDecisionOut.of(d) for d in run.decisions],
        )


class AutoUpdateOverviewOut(Out, kw_only=True):
    schedule: str | None
    timezone: str
    default_min_age: str
    next_run: datetime | None
    running_operation_id: str | None
    last_run: AutoUpdateRunOut | None
    policies: list[AutoUpdatePolicyOut]

    @classmethod
    def of(cls, overview: AutoUpdateOverview) -> AutoUpdateOverviewOut:
        status = overview.status
        return cls(
            schedule=status.schedule,
            timezone=status.timezone,
            default_min_age=format_age(status.default_min_age),
            next_run=status.next_run,
            running_operation_id=status.running_operation_id,
            last_run=AutoUpdateRunOut.of(status.last_run) if status.last_run else None,
            policies=[AutoUpdatePolicyOut.of(p) for p in overview.policies],
        )
