"""REST projections (`*Out`) and request bodies (`*Request`) in the seed's shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rest.wire import In, Out
from services.operations import LogLevel, OperationStatus, OperationType


class ServicesOut(Out, kw_only=True):
    docker: bool
    storage: bool


class HealthOut(Out, kw_only=True):
    status: str
    # null for a caller that may not read (/api/health is public)
    version: str | None
    services: ServicesOut | None


class OperationOut(Out, kw_only=True):
    operation_id: str
    operation_type: OperationType
    status: OperationStatus
    stage: OperationStatus | None
    container_name: str
    host: str
    container_id: str | None
    stack_name: str | None
    old_version: str | None
    new_version: str | None
    error_message: str | None
    summary: str | None
    batch_group_id: str | None
    batch_details: list[dict[str, Any]] | None
    dependents_affected: list[str] | None
    rollback_occurred: bool
    rollback_of: str | None
    # Who started it: a user, token:<name>, or auto (Docksmith itself).
    started_by: str | None
    started_at: datetime | None
    completed_at: datetime | None
    created_at: datetime | None
    updated_at: datetime | None


class OperationLogOut(Out, kw_only=True):
    at: datetime
    level: LogLevel
    message: str


class OperationDetailOut(OperationOut, kw_only=True):
    log: list[OperationLogOut]


class ScriptOut(Out, kw_only=True):
    name: str
    path: str
    relative_path: str
    executable: bool
    size: int
    modified: datetime


class ScriptAssignmentOut(Out, kw_only=True):
    container_name: str
    host: str
    script_path: str
    enabled: bool
    assigned_by: str | None
    assigned_at: datetime | None
    updated_at: datetime | None


class AssignScriptRequest(In, kw_only=True):
    # The original's field names are accepted too.
    ALIASES = {
        "container": ("container", "container_name"),
        "script": ("script", "script_path"),
    }
    # no min_length: the service checks the Docker name grammar, for both edges
    container: str
    # no min_length: the script catalogue refuses an empty path, for both edges
    script: str


class MessageOut(Out, kw_only=True):
    message: str


class RegistryTagsOut(Out, kw_only=True):
    image_ref: str
    tags: list[str]
    count: int


class RegistryInUseOut(Out, kw_only=True):
    registry: str
    containers: list[str]
    credentials_found: bool
    credential_source: str | None


class DockerConfigOut(Out, kw_only=True):
    config_path: str
    config_found: bool
    registries: list[str]
    cred_helpers: dict[str, str]
    creds_store: str | None
    github_token: bool
    error: str | None
    docker_host: str
    insecure_registries: list[str]
    rate_limits: dict[str, dict[str, Any]]
    registries_in_use: list[RegistryInUseOut]
