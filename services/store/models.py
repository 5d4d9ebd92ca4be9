"""Tortoise models: the persistent shape of everything Docksmith records.

Only `services/store/` may import this module; the rest of the code sees the
frozen records of `services/store/records.py` returned by the repositories.
Every change here needs a migration (`make migrations`), which is committed.
"""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

from services.hosts import DEFAULT_HOST
from services.store.lean_filters import make_lookups_lazily


def _host_field() -> fields.CharField[str]:
    # Which Docker host the row's container lives on (services.hosts); rows
    # written before several hosts existed belong to the default host.
    return fields.CharField(
        max_length=64, default=DEFAULT_HOST, db_default=DEFAULT_HOST, db_index=True
    )


class Operation(Model):
    """One user-visible action (update, batch, rollback, restart...)."""

    id = fields.IntField(primary_key=True)
    operation_id = fields.CharField(max_length=64, unique=True)
    operation_type = fields.CharField(max_length=32, db_index=True)
    status = fields.CharField(max_length=32, db_index=True)
    stage = fields.CharField(max_length=32, null=True)
    container_id = fields.CharField(max_length=128, null=True)
    host = _host_field()
    container_name = fields.CharField(max_length=255, db_index=True)
    stack_name = fields.CharField(max_length=255, null=True)
    # Text: a label change stores the labels' JSON here (a tag regex alone
    # may be 500 characters).
    old_version = fields.TextField(null=True)
    new_version = fields.TextField(null=True)
    old_digest = fields.CharField(max_length=128, null=True)
    new_digest = fields.CharField(max_length=128, null=True)
    error_message = fields.TextField(null=True)
    # One line on what a whole run did (auto-update: "2 updated, 1 failed").
    summary = fields.TextField(null=True)
    batch_group_id = fields.CharField(max_length=64, null=True, db_index=True)
    batch_details: fields.JSONField[Any] = fields.JSONField(null=True)
    dependents_affected: fields.JSONField[Any] = fields.JSONField(null=True)
    # Every container the operation holds, its members and the other
    # replicas of their compose services: start-up reconciliation claims
    # them all again after a crash (the queue row naming them is gone).
    held_containers: fields.JSONField[Any] = fields.JSONField(null=True)
    rollback_occurred = fields.BooleanField(default=False)
    rollback_of = fields.CharField(max_length=64, null=True)
    forced = fields.BooleanField(default=False)
    # Who asked: a user, `token:<name>`, or `auto` (Docksmith itself).
    started_by = fields.CharField(max_length=255, null=True)
    started_at = fields.DatetimeField(null=True, db_index=True)
    completed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "operations"
        # Each container's newest operation is one seek down this index
        # (OperationRepository.latest_for), however long its history.
        indexes = (("host", "container_name", "started_at", "id"),)


class OperationLogEntry(Model):
    """A line of what happened during an operation (stage changes, CLI and script output)."""

    id = fields.IntField(primary_key=True)
    operation_id = fields.CharField(max_length=64, db_index=True)
    at = fields.DatetimeField()
    level = fields.CharField(max_length=16, default="info")
    message = fields.TextField()

    class Meta:
        table = "operation_log"


class CheckHistory(Model):
    id = fields.IntField(primary_key=True)
    host = _host_field()
    container_name = fields.CharField(max_length=255, db_index=True)
    image = fields.CharField(max_length=512)
    check_time = fields.DatetimeField(db_index=True)
    current_version = fields.CharField(max_length=255, null=True)
    latest_version = fields.CharField(max_length=255, null=True)
    status = fields.CharField(max_length=32)
    change_type = fields.CharField(max_length=16, null=True)
    error = fields.TextField(null=True)

    class Meta:
        table = "check_history"


class UpdateLogEntry(Model):
    id = fields.IntField(primary_key=True)
    host = _host_field()
    container_name = fields.CharField(max_length=255, db_index=True)
    operation_id = fields.CharField(max_length=64, null=True)
    action = fields.CharField(max_length=32)
    from_version = fields.CharField(max_length=255, null=True)
    to_version = fields.CharField(max_length=255, null=True)
    timestamp = fields.DatetimeField(db_index=True)
    success = fields.BooleanField()
    error = fields.TextField(null=True)

    class Meta:
        table = "update_log"


class VersionCacheEntry(Model):
    """Which version a digest was found to carry (digest -> tag resolution)."""

    id = fields.IntField(primary_key=True)
    digest = fields.CharField(max_length=128)
    image_ref = fields.CharField(max_length=512)
    architecture = fields.CharField(max_length=32)
    resolved_version = fields.CharField(max_length=255)
    resolved_at = fields.DatetimeField()

    class Meta:
        table = "version_cache"
        unique_together = (("digest", "image_ref", "architecture"),)


class RegistryCacheEntry(Model):
    """Tag lists and tag digests, kept across restarts until they expire."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=767, unique=True)
    value: fields.JSONField[Any] = fields.JSONField()
    expires_at = fields.DatetimeField(db_index=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "registry_cache"


class SettingEntry(Model):
    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=255, unique=True)
    value = fields.TextField()
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "settings"


class ScriptAssignment(Model):
    id = fields.IntField(primary_key=True)
    host = _host_field()
    container_name = fields.CharField(max_length=255)
    script_path = fields.CharField(max_length=1024)
    enabled = fields.BooleanField(default=True)
    ignore = fields.BooleanField(default=False)
    allow_latest = fields.BooleanField(default=False)
    assigned_by = fields.CharField(max_length=255, null=True)
    assigned_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "script_assignments"
        unique_together = (("host", "container_name"),)


class RollbackPolicy(Model):
    """Auto-rollback policy for the whole host, one stack or one container."""

    id = fields.IntField(primary_key=True)
    # The global policy is kept on the default host and applies to all hosts.
    host = _host_field()
    entity_type = fields.CharField(max_length=16)
    entity_id = fields.CharField(max_length=255, default="")
    auto_rollback_enabled = fields.BooleanField(default=False)
    health_check_required = fields.BooleanField(default=True)
    health_timeout_seconds = fields.IntField(default=120)
    stability_window_seconds = fields.IntField(default=10)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "rollback_policies"
        unique_together = (("host", "entity_type", "entity_id"),)


class ComposeBackup(Model):
    """A compose or .env file as it was before an operation changed it."""

    id = fields.IntField(primary_key=True)
    operation_id = fields.CharField(max_length=64, db_index=True)
    # The host whose filesystem holds `file_path` (a remote one over SSH).
    host = _host_field()
    file_path = fields.CharField(max_length=1024)
    content = fields.BinaryField()
    sha256 = fields.CharField(max_length=64)
    mode = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "compose_backups"


class QueuedOperation(Model):
    """An operation waiting for its stack to be free, kept across restarts."""

    id = fields.IntField(primary_key=True)
    operation_id = fields.CharField(max_length=64, unique=True)
    host = _host_field()
    stack_name = fields.CharField(max_length=255, db_index=True)
    operation_type = fields.CharField(max_length=32)
    containers: fields.JSONField[Any] = fields.JSONField()
    target_versions: fields.JSONField[Any] = fields.JSONField(null=True)
    payload: fields.JSONField[Any] = fields.JSONField(null=True)
    priority = fields.IntField(default=0)
    queued_at = fields.DatetimeField()

    class Meta:
        table = "update_queue"


class ExternalProcess(Model):
    """A process the update engine started (compose CLI, a script) and has
    not yet seen end: what a restarted server must wait for before it judges
    the containers that process may still be changing."""

    id = fields.IntField(primary_key=True)
    operation_id = fields.CharField(max_length=64, null=True, db_index=True)
    # Written before the spawn and passed to the child in its environment,
    # so a child whose pid was not yet recorded can still be found.
    tag = fields.CharField(max_length=64, unique=True)
    pid = fields.IntField(null=True)
    # The kernel's start time of `pid`: a reused pid has another one.
    create_time = fields.FloatField(null=True)
    command = fields.CharField(max_length=1024)
    started_at = fields.DatetimeField()
    deadline = fields.DatetimeField()

    class Meta:
        table = "external_processes"


class AutoUpdatePolicy(Model):
    """Auto-update policy for the whole host, one stack or one container.

    A field left null defers to the next level (container, stack, global,
    then the environment's defaults)."""

    id = fields.IntField(primary_key=True)
    # The global policy is kept on the default host and applies to all hosts.
    host = _host_field()
    entity_type = fields.CharField(max_length=16)
    entity_id = fields.CharField(max_length=255, default="")
    level = fields.CharField(max_length=16, null=True)
    min_age_seconds = fields.IntField(null=True)
    maintenance_window = fields.CharField(max_length=500, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "auto_update_policies"
        unique_together = (("host", "entity_type", "entity_id"),)


class AutoUpdateCandidate(Model):
    """What auto-update knows about the current candidate of a container.

    When it was first seen (the minimum age's fallback), when its image was
    built, and the candidate whose update failed (not retried until it
    changes)."""

    id = fields.IntField(primary_key=True)
    host = _host_field()
    container_name = fields.CharField(max_length=255)
    candidate = fields.CharField(max_length=512)
    first_seen_at = fields.DatetimeField()
    image_created_at = fields.DatetimeField(null=True)
    failed_candidate = fields.CharField(max_length=512, null=True)
    failed_operation_id = fields.CharField(max_length=64, null=True)
    failed_at = fields.DatetimeField(null=True)
    failure = fields.TextField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "auto_update_candidates"
        unique_together = (("host", "container_name"),)


class NotificationChannel(Model):
    """An Apprise channel added through the API (NOTIFY_URLS ones are not
    stored). `url` holds the service's token: nothing outside
    services/notify/ shows it unmasked."""

    id = fields.IntField(primary_key=True)
    channel_id = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=64, unique=True)
    url = fields.TextField()
    events: fields.JSONField[Any] = fields.JSONField(default=list)
    min_change = fields.CharField(max_length=16, null=True)
    include_stacks: fields.JSONField[Any] = fields.JSONField(default=list)
    exclude_stacks: fields.JSONField[Any] = fields.JSONField(default=list)
    include_containers: fields.JSONField[Any] = fields.JSONField(default=list)
    exclude_containers: fields.JSONField[Any] = fields.JSONField(default=list)
    title_template = fields.TextField(null=True)
    body_template = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "notification_channels"


class ApiToken(Model):
    """An API token, kept as its SHA-256 only.

    The token itself (256 random bits) is shown once, when it is made."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64, unique=True)
    scope = fields.CharField(max_length=16)
    token_hash = fields.CharField(max_length=64, unique=True)
    created_by = fields.CharField(max_length=255, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_tokens"


class LocalUser(Model):
    """A local user, whose password is kept as an argon2id hash only."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64, unique=True)
    password_hash = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "local_users"


class LoginSession(Model):
    """A signed-in browser: the SHA-256 of its cookie and of its CSRF token."""

    id = fields.IntField(primary_key=True)
    session_hash = fields.CharField(max_length=64, unique=True)
    csrf_hash = fields.CharField(max_length=64)
    user_name = fields.CharField(max_length=255)
    method = fields.CharField(max_length=16)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "login_sessions"


# Their lookups made as queries use them (services/store/lean_filters.py).
make_lookups_lazily(
    [
        model
        for model in list(globals().values())
        if isinstance(model, type) and issubclass(model, Model) and model is not Model
    ]
)
