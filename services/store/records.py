"""Frozen records the repositories return, so nothing above `services/store/`
ever holds a Tortoise model (and so never issues a query by accident)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.auth.principal import Scope
from services.checks.model import ContainerStatus
from services.hosts import DEFAULT_HOST
from services.versioning.model import ChangeType


@dataclass(frozen=True, slots=True)
class OperationRecord:
    operation_id: str
    operation_type: str
    status: str
    container_name: str
    stage: str | None = None
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
    rollback_occurred: bool = False
    rollback_of: str | None = None
    forced: bool = False
    started_at: datetime | None = None
    completed_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    host: str = DEFAULT_HOST
    started_by: str | None = None


@dataclass(frozen=True, slots=True)
class OperationBatchRecord:
    """What an operation changed, without the rest of its row."""

    operation_id: str
    operation_type: str
    host: str
    batch_details: list[dict[str, Any]] | None


@dataclass(frozen=True, slots=True)
class OperationCursor:
    """A place in the operations list, which is ordered newest first by
    (`started_at`, `operation_id`): the key of the last row a page showed."""

    started_at: datetime
    operation_id: str


@dataclass(frozen=True, slots=True)
class OperationLogRecord:
    operation_id: str
    at: datetime
    level: str
    message: str


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class UpdateLogRecord:
    container_name: str
    action: str
    timestamp: datetime
    success: bool
    operation_id: str | None = None
    from_version: str | None = None
    to_version: str | None = None
    error: str | None = None
    host: str = DEFAULT_HOST


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class RollbackPolicyRecord:
    entity_type: str
    entity_id: str
    auto_rollback_enabled: bool
    health_check_required: bool = True
    health_timeout_seconds: int = 120
    stability_window_seconds: int = 10
    created_at: datetime | None = None
    updated_at: datetime | None = None
    host: str = DEFAULT_HOST


@dataclass(frozen=True, slots=True)
class ComposeBackupRecord:
    operation_id: str
    file_path: str
    content: bytes
    sha256: str
    mode: int | None = None
    created_at: datetime | None = None
    host: str = DEFAULT_HOST


@dataclass(frozen=True, slots=True)
class QueuedOperationRecord:
    operation_id: str
    stack_name: str
    operation_type: str
    containers: list[str]
    queued_at: datetime
    priority: int = 0
    target_versions: dict[str, str] | None = None
    payload: dict[str, Any] | None = field(default=None)
    host: str = DEFAULT_HOST


@dataclass(frozen=True, slots=True)
class CachedValue:
    value: Any
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class ExternalProcessRecord:
    id: int
    operation_id: str | None
    tag: str
    pid: int | None
    create_time: float | None
    command: str
    started_at: datetime
    deadline: datetime


@dataclass(frozen=True, slots=True)
class AutoUpdatePolicyRecord:
    entity_type: str
    entity_id: str
    host: str = DEFAULT_HOST
    level: str | None = None
    min_age_seconds: int | None = None
    maintenance_window: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class NotificationChannelRecord:
    channel_id: str
    name: str
    url: str = field(repr=False)
    events: list[str] = field(default_factory=list)
    min_change: str | None = None
    include_stacks: list[str] = field(default_factory=list)
    exclude_stacks: list[str] = field(default_factory=list)
    include_containers: list[str] = field(default_factory=list)
    exclude_containers: list[str] = field(default_factory=list)
    title_template: str | None = None
    body_template: str | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ApiTokenRecord:
    id: int
    name: str
    scope: Scope
    created_by: str | None
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None


@dataclass(frozen=True, slots=True)
class LocalUserRecord:
    name: str
    password_hash: str


@dataclass(frozen=True, slots=True)
class LoginSessionRecord:
    user_name: str
    method: str
    csrf_hash: str
    expires_at: datetime
