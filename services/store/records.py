"""Frozen records the repositories return, so nothing above `services/store/`
ever holds a Tortoise model (and so never issues a query by accident).

A closed set is a member of its enum here and its plain value in the column
(the stored values never change). A column holding a value this version does
not know (a newer Docksmith wrote it, or a hand edit) is decoded by
`services.store.decode`: to the field's declared `unknown_as` member where
one is harmless, else the row is refused with `UnknownStoredValueError`, which
lists skip (with a warning naming the row) instead of failing whole.
"""

from __future__ import annotations

from dataclasses import field
from datetime import datetime
from typing import Any

from services.auth.modes import LoginMethod
from services.auth.principal import Scope
from services.autoupdate.rules import AutoUpdateLevel
from services.checks.model import ContainerStatus, UpdateLogAction
from services.frozen import frozen
from services.hosts import DEFAULT_HOST
from services.notify.model import ChangeLevel, NotificationEvent
from services.operations.model import LogLevel, OperationStatus, OperationType, RunKind
from services.updates.policy_entity import PolicyEntityType
from services.versioning.model import ChangeType

# Field metadata: what an unknown stored value of this column is read as.
UNKNOWN_AS = "unknown_as"


@frozen
class OperationRecord:
    operation_id: str
    operation_type: OperationType
    status: OperationStatus
    container_name: str
    # Only shown (the status is what decides); an unknown one reads as none.
    stage: OperationStatus | None = field(default=None, metadata={UNKNOWN_AS: None})
    container_id: str | None = None
    stack_name: str | None = None
    old_version: str | None = None
    new_version: str | None = None
    old_digest: str | None = None
    new_digest: str | None = None
    error_message: str | None = None
    summary: str | None = None
    batch_group_id: str | None = None
    batch_details: list[dict[str, Any]] | None = None
    dependents_affected: list[str] | None = None
    held_containers: list[str] | None = None
    rollback_occurred: bool = False
    rollback_of: str | None = None
    forced: bool = False
    started_at: datetime | None = None
    completed_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    host: str = DEFAULT_HOST
    started_by: str | None = None


@frozen
class OperationBatchRecord:
    """What an operation changed, without the rest of its row."""

    operation_id: str
    operation_type: OperationType
    host: str
    batch_details: list[dict[str, Any]] | None


@frozen
class OperationCursor:
    """A place in the operations list, which is ordered newest first by
    (`started_at`, `operation_id`): the key of the last row a page showed."""

    started_at: datetime
    operation_id: str


@frozen
class OperationLogRecord:
    operation_id: str
    at: datetime
    # A line is worth more than its level: an unknown one reads as info.
    level: LogLevel = field(metadata={UNKNOWN_AS: LogLevel.INFO})
    message: str


@frozen
class CheckHistoryRecord:
    container_name: str
    image: str
    check_time: datetime
    status: ContainerStatus
    current_version: str | None = None
    latest_version: str | None = None
    change_type: ChangeType | None = None
    error: str | None = None
    host: str = DEFAULT_HOST


@frozen
class UpdateLogRecord:
    container_name: str
    action: UpdateLogAction
    timestamp: datetime
    success: bool
    operation_id: str | None = None
    from_version: str | None = None
    to_version: str | None = None
    error: str | None = None
    host: str = DEFAULT_HOST


@frozen
class ScriptAssignmentRecord:
    container_name: str
    script_path: str
    enabled: bool = True
    ignore: bool = False
    allow_latest: bool = False
    assigned_by: str | None = None
    assigned_at: datetime | None = None
    updated_at: datetime | None = None
    host: str = DEFAULT_HOST


@frozen
class RollbackPolicyRecord:
    entity_type: PolicyEntityType
    entity_id: str
    auto_rollback_enabled: bool
    health_check_required: bool = True
    health_timeout_seconds: int = 120
    stability_window_seconds: int = 10
    created_at: datetime | None = None
    updated_at: datetime | None = None
    host: str = DEFAULT_HOST


@frozen
class ComposeBackupRecord:
    operation_id: str
    file_path: str
    content: bytes
    sha256: str
    mode: int | None = None
    created_at: datetime | None = None
    host: str = DEFAULT_HOST


@frozen
class QueuedOperationRecord:
    operation_id: str
    stack_name: str
    operation_type: OperationType
    containers: list[str]
    queued_at: datetime
    priority: int = 0
    target_versions: dict[str, str] | None = None
    payload: dict[str, Any] | None = field(default=None)
    host: str = DEFAULT_HOST

    @property
    def kind(self) -> RunKind | None:
        """The runner its payload names (stored as the plain value); None
        for one this version does not know, which the queue fails, saying so."""
        raw = (self.payload or {}).get("kind")
        if not isinstance(raw, str) or raw not in RunKind._value2member_map_:
            return None
        return RunKind(raw)


@frozen
class CachedValue:
    value: Any
    expires_at: datetime


@frozen
class ExternalProcessRecord:
    id: int
    operation_id: str | None
    tag: str
    pid: int | None
    create_time: float | None
    command: str
    started_at: datetime
    deadline: datetime


@frozen
class AutoUpdatePolicyRecord:
    entity_type: PolicyEntityType
    entity_id: str
    host: str = DEFAULT_HOST
    # An unknown level reads as off: a value this version cannot understand
    # must never widen what is updated unattended (None would defer to the
    # stack's or the global policy).
    level: AutoUpdateLevel | None = field(
        default=None, metadata={UNKNOWN_AS: AutoUpdateLevel.OFF}
    )
    min_age_seconds: int | None = None
    maintenance_window: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@frozen
class AutoUpdateCandidateRecord:
    container_name: str
    candidate: str
    first_seen_at: datetime
    host: str = DEFAULT_HOST
    image_created_at: datetime | None = None
    failed_candidate: str | None = None
    failed_operation_id: str | None = None
    failed_at: datetime | None = None
    failure: str | None = None
    updated_at: datetime | None = None


@frozen
class NotificationChannelRecord:
    channel_id: str
    name: str
    url: str = field(repr=False)
    # An unknown event name is dropped (services.store.channels).
    events: list[NotificationEvent] = field(default_factory=list)
    # An unknown minimum reads as none: the channel hears of every change
    # rather than missing one.
    min_change: ChangeLevel | None = field(default=None, metadata={UNKNOWN_AS: None})
    include_stacks: list[str] = field(default_factory=list)
    exclude_stacks: list[str] = field(default_factory=list)
    include_containers: list[str] = field(default_factory=list)
    exclude_containers: list[str] = field(default_factory=list)
    title_template: str | None = None
    body_template: str | None = None
    created_at: datetime | None = None


@frozen
class ApiTokenRecord:
    id: int
    name: str
    scope: Scope
    created_by: str | None
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None


@frozen
class LocalUserRecord:
    name: str
    password_hash: str


@frozen
class LoginSessionRecord:
    user_name: str
    # Recorded, never decides anything: an unknown one reads as none.
    method: LoginMethod | None = field(metadata={UNKNOWN_AS: None})
    csrf_hash: str
    expires_at: datetime
