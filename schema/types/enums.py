"""Every closed set the schema exposes: GraphQL enums over the services' own
`StrEnum`s (one definition; a new member appears in the schema by itself).

`strawberry.enum` marks each class in place, and the names below are the
service classes themselves, so the checker sees them as types.
"""

from __future__ import annotations

import strawberry

from services.actions import ContainerActionStatus
from services.auth.modes import AuthMode
from services.auth.principal import PrincipalKind, Scope
from services.autoupdate.planner import (
    AutoUpdateOutcome,
    AutoUpdateReason,
    AutoUpdateTrigger,
)
from services.autoupdate.policy import AutoUpdateSource
from services.autoupdate.rules import AutoUpdateLabel, AutoUpdateLevel
from services.checks.model import (
    CheckPhase,
    ContainerStatus,
    HistoryType,
    PreUpdateSource,
)
from services.docker.resources import ContainerHealth, PruneKind
from services.errors import ErrorCode
from services.events import EventKind
from services.health import HealthStatus
from services.hosts.config import HostKind, HostSource
from services.hosts.registry import HostStatus
from services.operations import LogLevel, OperationStatus, OperationType
from services.scripts.catalog import ScriptsFolderState
from services.updates.policies import AutoRollbackLabel, RollbackPolicySource
from services.updates.policy_entity import PolicyEntityType
from services.versioning.model import ChangeType

__all__ = [
    "AuthMode",
    "AutoRollbackLabel",
    "AutoUpdateLabel",
    "AutoUpdateLevel",
    "AutoUpdateOutcome",
    "AutoUpdateReason",
    "AutoUpdateSource",
    "AutoUpdateTrigger",
    "ChangeType",
    "CheckPhase",
    "ContainerActionStatus",
    "ContainerHealth",
    "ContainerStatus",
    "DocksmithErrorCode",
    "EventType",
    "HealthStatus",
    "HistoryType",
    "HostKind",
    "HostSource",
    "HostStatus",
    "LogLevel",
    "OperationStatus",
    "OperationType",
    "PolicyEntityType",
    "PreUpdateSource",
    "PrincipalKind",
    "PruneKind",
    "RollbackPolicySource",
    "Scope",
    "ScriptsFolderState",
]
strawberry.enum(Scope, name="Scope", description="What a credential may do.")
strawberry.enum(
    AuthMode, name="AuthMode", description="How this server signs people in (AUTH)."
)
strawberry.enum(
    PrincipalKind, name="PrincipalKind", description="What kind of caller this is."
)

strawberry.enum(
    ScriptsFolderState,
    name="ScriptsFolderState",
    description="What SCRIPTS_DIR is: a folder that can be listed, missing, "
    "not a folder, or not readable by Docksmith.",
)
strawberry.enum(HostKind, name="HostKind", description="How an engine is reached.")
strawberry.enum(HostSource, name="HostSource", description="Where a host was defined.")
strawberry.enum(
    HostStatus, name="HostStatus", description="What the last call to a host found."
)
strawberry.enum(
    ContainerStatus, name="ContainerStatus", description="A container's update status."
)
strawberry.enum(
    EventKind, name="EventType", description="Kinds of live events Docksmith publishes."
)
strawberry.enum(
    OperationStatus,
    name="OperationStatus",
    description="Where an operation is: QUEUED, one of its live stages, then "
    "COMPLETE or FAILED.",
)
strawberry.enum(
    OperationType, name="OperationType", description="What an operation does."
)
strawberry.enum(
    ContainerHealth,
    name="ContainerHealth",
    description="What a container's healthcheck says.",
)
strawberry.enum(
    LogLevel, name="OperationLogLevel", description="How serious a log line is."
)
strawberry.enum(
    HealthStatus,
    name="HealthStatus",
    description="OK, or DEGRADED when the Docker engine or the database is down.",
)
strawberry.enum(
    ContainerActionStatus,
    name="ContainerActionStatus",
    description="Where a container action is: done (STOPPED...) or, when it "
    "outlasts the request, under way (STOPPING...; follow its operation).",
)
strawberry.enum(PruneKind, name="PruneKind", description="What a prune removes.")
strawberry.enum(
    PolicyEntityType,
    name="PolicyEntityType",
    description="What a rollback policy applies to.",
)
strawberry.enum(
    HistoryType, name="HistoryType", description="A check's verdict or an update."
)
strawberry.enum(CheckPhase, name="CheckPhase", description="Where a check run is.")
strawberry.enum(
    PreUpdateSource,
    name="PreUpdateCheckSource",
    description="Where a pre-update check script was named: the container's "
    "label, a script assignment, or the update request.",
)
strawberry.enum(
    ChangeType,
    name="ChangeType",
    description="How far a newer version is from the running one.",
)
strawberry.enum(
    ErrorCode,
    name="DocksmithErrorCode",
    description="Machine-readable error codes (the same as REST's `error.code`).",
)

strawberry.enum(
    AutoUpdateLevel,
    name="AutoUpdateLevel",
    description="How far an unattended update may go (each level includes the "
    "ones before it): OFF, DIGEST, PATCH, MINOR, MAJOR.",
)
strawberry.enum(
    AutoUpdateLabel,
    name="AutoUpdateLabel",
    description="The docksmith.auto-update label: a level, or POLICIES to remove "
    "it so the container, stack or global auto-update policy decides.",
)
strawberry.enum(
    AutoRollbackLabel,
    name="AutoRollbackLabel",
    description="The docksmith.auto-rollback label: TRUE or FALSE, or POLICIES "
    "to remove it so the container, stack or global rollback policy decides.",
)
strawberry.enum(
    AutoUpdateSource,
    name="AutoUpdateSource",
    description="Where an effective auto-update setting came from.",
)
strawberry.enum(
    RollbackPolicySource,
    name="RollbackPolicySource",
    description="Where a container's effective auto-rollback setting came from.",
)
strawberry.enum(
    AutoUpdateTrigger,
    name="AutoUpdateTrigger",
    description="What started an auto-update run.",
)
strawberry.enum(
    AutoUpdateReason,
    name="AutoUpdateReason",
    description="Why an auto-update run takes a container, or why not.",
)

strawberry.enum(
    AutoUpdateOutcome,
    name="AutoUpdateOutcome",
    description="How a run's update of a container it took went (its message says why when it did not complete).",
)

EventType = EventKind
DocksmithErrorCode = ErrorCode


def health_of(value: str | None) -> ContainerHealth | None:
    """Docker's health word, or None without a healthcheck ("none", "")."""
    try:
        return ContainerHealth(value) if value else None
    except ValueError:
        return None
