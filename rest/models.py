"""REST projections (`*Out`) and request bodies (`*Request`) in the seed's shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from services.operations import LogLevel, OperationStatus, OperationType


class _Out(BaseModel):
    model_config = ConfigDict(
        from_attributes=True, json_schema_serialization_defaults_required=True
    )


class _Request(BaseModel):
    # strict: JSON types as documented (`false` is not 0, `"1"` is not 1),
    # as the original's Go decoder had them. Strings are not stripped: the
    # services refuse a blank or padded value instead of guessing.
    model_config = ConfigDict(extra="ignore", strict=True)


class ServicesOut(_Out):
    docker: bool
    storage: bool


class HealthOut(_Out):
    status: str
    # null for a caller that may not read (/api/health is public)
    version: str | None
    services: ServicesOut | None


class OperationOut(_Out):
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


class OperationLogOut(_Out):
    at: datetime
    level: LogLevel
    message: str


class OperationDetailOut(OperationOut):
    log: list[OperationLogOut]


class ScriptOut(_Out):
    name: str
    path: str
    relative_path: str
    executable: bool
    size: int
    modified: datetime


class ScriptAssignmentOut(_Out):
    container_name: str
    host: str
    script_path: str
    enabled: bool
    assigned_by: str | None
    assigned_at: datetime | None
    updated_at: datetime | None


class AssignScriptRequest(_Request):
    # The original's field names are accepted too.
    # no min_length: the service checks the Docker name grammar, for both edges
    container: str = Field(validation_alias=AliasChoices("container", "container_name"))
    script: str = Field(
        # no min_length: the script catalogue refuses an empty path, for both edges
        validation_alias=AliasChoices("script", "script_path")
    )


class MessageOut(_Out):
    message: str


class RegistryTagsOut(_Out):
    image_ref: str
    tags: list[str]
    count: int


class RegistryInUseOut(_Out):
    registry: str
    containers: list[str]
    credentials_found: bool
    credential_source: str | None


class DockerConfigOut(_Out):
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
