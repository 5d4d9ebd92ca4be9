"""Repositories: the only place that queries the database.

Each method runs inside its store's Tortoise context (`@in_store`) and
returns frozen records, never Tortoise models.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Generic, TypeVar, cast

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.transactions import in_transaction

from services import inputs
from services.errors import NotFoundError
from services.hosts import DEFAULT_HOST
from services.operations.model import LogLevel, OperationStatus, OperationType
from services.store.database import Store, in_store
from services.store.decode import Decoder
from services.store.models import (
    CheckHistory,
    ComposeBackup,
    ExternalProcess,
    Operation,
    OperationLogEntry,
    QueuedOperation,
    RegistryCacheEntry,
    RollbackPolicy,
    ScriptAssignment,
    SettingEntry,
    UpdateLogEntry,
    VersionCacheEntry,
)
from services.store.records import (
    CachedValue,
    CheckHistoryRecord,
    ComposeBackupRecord,
    ExternalProcessRecord,
    OperationBatchRecord,
    OperationCursor,
    OperationLogRecord,
    OperationRecord,
    QueuedOperationRecord,
    RollbackPolicyRecord,
    ScriptAssignmentRecord,
    UpdateLogRecord,
)
from services.updates.policy_entity import PolicyEntityType

RecordT = TypeVar("RecordT")


@functools.cache
def _fields(cls: object) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cast(Any, cls)))


def _values(model: Model, cls: object) -> dict[str, Any]:
    return {name: getattr(model, name) for name in _fields(cls)}


def _column(value: Any) -> Any:
    """A record's value as its column takes it: an enum as its plain value."""
    return value.value if isinstance(value, Enum) else value


def _columns(values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: _column(value) for name, value in values.items()}


_HISTORY_FIELDS = tuple(f.name for f in dataclasses.fields(CheckHistoryRecord))
# Fewer per insert cost more statements; more hold more rows at once.
_CHECKS_PER_INSERT = 250
_OPERATION_FIELDS = tuple(f.name for f in dataclasses.fields(OperationRecord))
_BATCH_FIELDS = tuple(f.name for f in dataclasses.fields(OperationBatchRecord))
_OPERATIONS = Operation._meta.db_table
# The id of each named container's newest operation (or NULL), in the order
# `search` lists them; the names come as one parameter on either backend.
_NEWEST_PER_CONTAINER_SQLITE = """
SELECT (SELECT o.id FROM operations o WHERE o.host = ? AND o.container_name = n.name
        ORDER BY o.started_at DESC, o.id DESC LIMIT 1) AS id
FROM (SELECT value AS name FROM json_each(?)) AS n
"""
_NEWEST_PER_CONTAINER_PG = """
SELECT (SELECT o.id FROM operations o WHERE o.host = $1 AND o.container_name = n.name
        ORDER BY o.started_at DESC, o.id DESC LIMIT 1) AS id
FROM unnest($2::text[]) AS n(name)
"""


def _now() -> datetime:
    return datetime.now(UTC)


def _past(cursor: OperationCursor) -> Q:
    """The operations listed after `cursor` (newest first)."""
    return Q(started_at__lt=cursor.started_at) | Q(
        started_at=cursor.started_at, operation_id__lt=cursor.operation_id
    )


class _Repository:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._decoder = Decoder()

    def _record(self, model: Model, cls: type[RecordT]) -> RecordT:
        """One row as its record (UnknownStoredValueError for an unknown value)."""
        return self._decoder.record(
            cls, _values(model, cls), table=model._meta.db_table, key=model.pk
        )

    def _records(self, models: Iterable[Model], cls: type[RecordT]) -> list[RecordT]:
        """Rows as records, leaving out those with an unknown value."""
        models = list(models)
        if not models:
            return []
        return self._decoder.records(
            cls,
            ((_values(m, cls), m.pk) for m in models),
            table=models[0]._meta.db_table,
        )


class SettingsRepository(_Repository):
    @in_store
    async def get(self, key: str) -> str | None:
        row = await SettingEntry.get_or_none(key=key)
        return row.value if row else None

    @in_store
    async def set(self, key: str, value: str) -> None:
        # An UPDATE by key, not update_or_create: that reads the old row back
        # first, and the saved check results are a ~2 MB value, held twice
        # at the peak of a 2,000-container check.
        now = _now()
        if await SettingEntry.filter(key=key).update(value=value, updated_at=now):
            return
        try:
            await SettingEntry.create(key=key, value=value, updated_at=now)
        except IntegrityError:
            # Another writer created the key in between: the last write wins.
            await SettingEntry.filter(key=key).update(value=value, updated_at=now)

    @in_store
    async def all(self) -> dict[str, str]:
        return {row.key: row.value for row in await SettingEntry.all()}


class OperationRepository(_Repository):
    @in_store
    async def create(self, record: OperationRecord) -> OperationRecord:
        values = dataclasses.asdict(record)
        for auto in ("created_at", "updated_at"):
            values.pop(auto)
        row = await Operation.create(**_columns(values))
        return self._record(row, OperationRecord)

    @in_store
    async def get(self, operation_id: str) -> OperationRecord:
        inputs.operation_id(operation_id)
        row = await Operation.get_or_none(operation_id=operation_id)
        if row is None:
            raise NotFoundError(f"operation not found: {operation_id}")
        return self._record(row, OperationRecord)

    @in_store
    async def update(
        self, operation_id: str, changes: Mapping[str, Any]
    ) -> OperationRecord:
        row = await Operation.get_or_none(operation_id=operation_id)
        if row is None:
            raise NotFoundError(f"operation not found: {operation_id}")
        row.update_from_dict(_columns(changes))
        await row.save()
        return self._record(row, OperationRecord)

    @in_store
    async def search(
        self,
        *,
        container: str | None = None,
        host: str | None = None,
        status: OperationStatus | None = None,
        operation_type: OperationType | None = None,
        batch_group_id: str | None = None,
        started_since: datetime | None = None,
        started_before: datetime | None = None,
        after: OperationCursor | None = None,
        limit: int = 20,
    ) -> list[OperationRecord]:
        """Newest first; `after` continues past a row by its full sort key,
        so rows sharing one `started_at` are neither skipped nor repeated.
        `started_since` is inclusive, `started_before` exclusive. A row left
        out for an unknown value (see services.store.decode) does not shorten
        the page: the rows after it are read instead."""
        query = Operation.all()
        if container:
            query = query.filter(container_name=container)
        if host:
            query = query.filter(host=host)
        if status:
            query = query.filter(status=_column(status))
        if operation_type:
            query = query.filter(operation_type=_column(operation_type))
        if batch_group_id:
            query = query.filter(batch_group_id=batch_group_id)
        if started_since:
            query = query.filter(started_at__gte=started_since)
        if started_before:
            query = query.filter(started_at__lt=started_before)
        found: list[OperationRecord] = []
        while (wanted := limit - len(found)) > 0:
            page = query if after is None else query.filter(_past(after))
            rows = await page.order_by("-started_at", "-operation_id").limit(wanted)
            found += self._records(rows, OperationRecord)
            if len(rows) < wanted or rows[-1].started_at is None:
                break
            after = OperationCursor(rows[-1].started_at, rows[-1].operation_id)
        return found

    @in_store
    async def latest_for(
        self, names: Sequence[str], *, host: str = DEFAULT_HOST
    ) -> dict[str, OperationRecord]:
        """The newest operation of each named container of `host`, in the
        order `search` lists them (started_at, then id, newest first).

        Each container's newest row is one seek down the (host,
        container_name, started_at, id) index, so the cost grows with the
        number of containers and not with their history; only those rows are
        then read whole (a model object per row costs ~60 us)."""
        unique = list(dict.fromkeys(names))
        if not unique:
            return {}
        if self.store.backend == "postgres":
            sql, values = _NEWEST_PER_CONTAINER_PG, [host, unique]
        else:
            sql, values = _NEWEST_PER_CONTAINER_SQLITE, [host, json.dumps(unique)]
        found = await Operation._meta.db.execute_query_dict(sql, values)
        ids = [row["id"] for row in found if row["id"] is not None]
        if not ids:
            return {}
        rows = await Operation.filter(id__in=ids).values(*_OPERATION_FIELDS)
        records = self._decoder.records(
            OperationRecord,
            ((row, row["operation_id"]) for row in rows),
            table=_OPERATIONS,
        )
        by_name = {r.container_name: r for r in records}
        return {name: by_name[name] for name in unique if name in by_name}

    @in_store
    async def recent_batches(
        self, *, host: str | None = None, limit: int = 500
    ) -> list[OperationBatchRecord]:
        """The newest `limit` operations (of `host`, or of every host), newest
        first as `search` orders them, with only what says what each changed."""
        query = Operation.all()
        if host:
            query = query.filter(host=host)
        rows = (
            await query.order_by("-started_at", "-operation_id")
            .limit(limit)
            .values(*_BATCH_FIELDS)
        )
        return self._decoder.records(
            OperationBatchRecord,
            ((row, row["operation_id"]) for row in rows),
            table=_OPERATIONS,
        )

    @in_store
    async def in_statuses(
        self, statuses: Iterable[OperationStatus]
    ) -> list[OperationRecord]:
        values = [_column(s) for s in statuses]
        rows = await Operation.filter(status__in=values).order_by("id")
        return self._records(rows, OperationRecord)

    @in_store
    async def append_log(
        self, operation_id: str, message: str, level: LogLevel = LogLevel.INFO
    ) -> None:
        await OperationLogEntry.create(
            operation_id=operation_id, at=_now(), level=_column(level), message=message
        )

    @in_store
    async def log(self, operation_id: str) -> list[OperationLogRecord]:
        inputs.operation_id(operation_id)
        rows = await OperationLogEntry.filter(operation_id=operation_id).order_by("id")
        return self._records(rows, OperationLogRecord)


class HistoryRepository(_Repository):
    @in_store
    async def add_check(self, record: CheckHistoryRecord) -> None:
        await CheckHistory.create(
            **{f: _column(getattr(record, f)) for f in _HISTORY_FIELDS}
        )

    @in_store
    async def add_checks(self, records: Iterable[CheckHistoryRecord]) -> None:
        """All the records or none. Inserted a slice at a time: one insert of
        a 2,000-container check's records held 2,000 models and their rows
        at once, ~1 MB at the top of the check's memory."""
        pending = iter(records)
        async with in_transaction() as conn:
            while chunk := list(itertools.islice(pending, _CHECKS_PER_INSERT)):
                await CheckHistory.bulk_create(
                    # Field by field: asdict's recursive copy of flat records
                    # costs more than the insert.
                    [
                        CheckHistory(
                            **{f: _column(getattr(r, f)) for f in _HISTORY_FIELDS}
                        )
                        for r in chunk
                    ],
                    using_db=conn,
                )

    @in_store
    async def checks(
        self,
        *,
        container: str | None = None,
        host: str | None = None,
        since: datetime | None = None,
        limit: int = 100,
    ) -> list[CheckHistoryRecord]:
        inputs.optional_docker_name(container, "container")
        query = CheckHistory.all()
        if container:
            query = query.filter(container_name=container)
        if host:
            query = query.filter(host=host)
        if since:
            query = query.filter(check_time__gte=since)
        rows = await query.order_by("-check_time", "-id").limit(limit)
        return self._records(rows, CheckHistoryRecord)

    @in_store
    async def add_update(self, record: UpdateLogRecord) -> None:
        await UpdateLogEntry.create(**_columns(dataclasses.asdict(record)))

    @in_store
    async def updates(
        self,
        *,
        container: str | None = None,
        host: str | None = None,
        since: datetime | None = None,
        limit: int = 100,
    ) -> list[UpdateLogRecord]:
        inputs.optional_docker_name(container, "container")
        query = UpdateLogEntry.all()
        if container:
            query = query.filter(container_name=container)
        if host:
            query = query.filter(host=host)
        if since:
            query = query.filter(timestamp__gte=since)
        rows = await query.order_by("-timestamp", "-id").limit(limit)
        return self._records(rows, UpdateLogRecord)

    @in_store
    async def purge_older_than(self, cutoff: datetime) -> int:
        deleted = await CheckHistory.filter(check_time__lt=cutoff).delete()
        deleted += await UpdateLogEntry.filter(timestamp__lt=cutoff).delete()
        deleted += await Operation.filter(
            status__in=[OperationStatus.COMPLETE.value, OperationStatus.FAILED.value],
            started_at__lt=cutoff,
        ).delete()
        return int(deleted)


def _cache_row(key: str, entry: CachedValue, now: datetime) -> RegistryCacheEntry:
    """The row of a cached value.

    Tortoise's JSONField takes a `str` as JSON text already encoded (the
    model's constructor even decodes it), so a cached string (a tag list kept
    as lines, a platform digest) would be refused, or read back as a number
    ("1.0"). A string is encoded here and set after construction.
    """
    row = RegistryCacheEntry(key=key, expires_at=entry.expires_at, updated_at=now)
    value = entry.value
    row.value = json.dumps(value) if isinstance(value, str) else value
    return row


class CacheRepository(_Repository):
    """Persistent key/value cache with expiry (registry answers, digest versions)."""

    @in_store
    async def load(self, key: str) -> CachedValue | None:
        row = await RegistryCacheEntry.get_or_none(key=key)
        if row is None:
            return None
        if row.expires_at <= _now():
            await row.delete()
            return None
        return CachedValue(value=row.value, expires_at=row.expires_at)

    @in_store
    async def save(self, key: str, value: Any, expires_at: datetime) -> None:
        await self.save_many({key: CachedValue(value=value, expires_at=expires_at)})

    @in_store
    async def load_all(self) -> dict[str, CachedValue]:
        """Every unexpired entry, in one query."""
        rows = await RegistryCacheEntry.filter(expires_at__gt=_now())
        return {
            r.key: CachedValue(value=r.value, expires_at=r.expires_at) for r in rows
        }

    @in_store
    async def save_many(self, entries: Mapping[str, CachedValue]) -> None:
        """Insert or replace many entries in one statement."""
        if not entries:
            return
        now = _now()
        await RegistryCacheEntry.bulk_create(
            [_cache_row(key, e, now) for key, e in entries.items()],
            on_conflict=["key"],
            update_fields=["value", "expires_at", "updated_at"],
        )

    @in_store
    async def clear(self, prefix: str = "") -> int:
        query = RegistryCacheEntry.all()
        if prefix:
            query = query.filter(key__startswith=prefix)
        return int(await query.delete())

    @in_store
    async def purge_expired(self) -> int:
        return int(await RegistryCacheEntry.filter(expires_at__lte=_now()).delete())

    @in_store
    async def remember_version(
        self, *, digest: str, image_ref: str, architecture: str, version: str
    ) -> None:
        await VersionCacheEntry.update_or_create(
            defaults={"resolved_version": version, "resolved_at": _now()},
            digest=digest,
            image_ref=image_ref,
            architecture=architecture,
        )

    @in_store
    async def recall_version(
        self, *, digest: str, image_ref: str, architecture: str, max_age_seconds: float
    ) -> str | None:
        row = await VersionCacheEntry.get_or_none(
            digest=digest, image_ref=image_ref, architecture=architecture
        )
        if row is None:
            return None
        if (_now() - row.resolved_at).total_seconds() > max_age_seconds:
            return None
        return row.resolved_version


class ScriptAssignmentRepository(_Repository):
    @in_store
    async def assign(
        self,
        container_name: str,
        script_path: str,
        assigned_by: str | None = None,
        *,
        host: str = DEFAULT_HOST,
    ) -> ScriptAssignmentRecord:
        inputs.docker_name(container_name)
        inputs.plain_text(script_path, "script", inputs.MAX_TEXT)
        row, _ = await ScriptAssignment.update_or_create(
            defaults={"script_path": script_path, "assigned_by": assigned_by},
            host=host,
            container_name=container_name,
        )
        return self._record(row, ScriptAssignmentRecord)

    @in_store
    async def unassign(self, container_name: str, *, host: str = DEFAULT_HOST) -> None:
        inputs.docker_name(container_name)
        deleted = await ScriptAssignment.filter(
            host=host, container_name=container_name
        ).delete()
        if not deleted:
            raise NotFoundError(f"no script is assigned to {container_name}")

    @in_store
    async def get(
        self, container_name: str, *, host: str = DEFAULT_HOST
    ) -> ScriptAssignmentRecord | None:
        inputs.docker_name(container_name)
        row = await ScriptAssignment.get_or_none(
            host=host, container_name=container_name
        )
        return self._record(row, ScriptAssignmentRecord) if row else None

    @in_store
    async def all(self, *, host: str | None = None) -> list[ScriptAssignmentRecord]:
        """Every assignment, or only `host`'s."""
        query = ScriptAssignment.all()
        if host:
            query = query.filter(host=host)
        rows = await query.order_by("host", "container_name")
        return self._records(rows, ScriptAssignmentRecord)


def _policy_host(entity_type: PolicyEntityType, host: str) -> str:
    # One global policy for every host, kept on the default host's row.
    return DEFAULT_HOST if entity_type == PolicyEntityType.GLOBAL else host


class EntityPolicyRepository(_Repository, Generic[RecordT]):
    """Policies set per container, stack or globally (one global row for
    every host); subclasses name their model and record."""

    _model: type[Model]
    _record_type: type[RecordT]

    @in_store
    async def set(
        self,
        entity_type: PolicyEntityType,
        entity_id: str,
        values: Mapping[str, Any],
        *,
        host: str = DEFAULT_HOST,
    ) -> RecordT:
        if entity_id:
            inputs.docker_name(entity_id, "entity_id")
        row, _ = await self._model.update_or_create(
            defaults=_columns(values),
            host=_policy_host(entity_type, host),
            entity_type=_column(entity_type),
            entity_id=entity_id,
        )
        return self._record(row, self._record_type)

    @in_store
    async def delete(
        self, entity_type: PolicyEntityType, entity_id: str, *, host: str = DEFAULT_HOST
    ) -> bool:
        deleted = await self._model.filter(
            host=_policy_host(entity_type, host),
            entity_type=_column(entity_type),
            entity_id=entity_id,
        ).delete()
        return bool(deleted)


class PolicyRepository(EntityPolicyRepository[RollbackPolicyRecord]):
    """Auto-rollback policies; the global one always exists (off by default)."""

    _model = RollbackPolicy
    _record_type = RollbackPolicyRecord

    @in_store
    async def get(
        self,
        entity_type: PolicyEntityType,
        entity_id: str = "",
        *,
        host: str = DEFAULT_HOST,
    ) -> RollbackPolicyRecord:
        row, _ = await RollbackPolicy.get_or_create(
            host=_policy_host(entity_type, host),
            entity_type=_column(entity_type),
            entity_id=entity_id,
        )
        return self._record(row, RollbackPolicyRecord)

    @in_store
    async def find(
        self, entity_type: PolicyEntityType, entity_id: str, *, host: str = DEFAULT_HOST
    ) -> RollbackPolicyRecord | None:
        row = await RollbackPolicy.get_or_none(
            host=_policy_host(entity_type, host),
            entity_type=_column(entity_type),
            entity_id=entity_id,
        )
        return self._record(row, RollbackPolicyRecord) if row else None

    @in_store
    async def all(self) -> list[RollbackPolicyRecord]:
        await RollbackPolicy.get_or_create(
            host=DEFAULT_HOST, entity_type=PolicyEntityType.GLOBAL.value, entity_id=""
        )
        rows = await RollbackPolicy.all().order_by("entity_type", "host", "entity_id")
        return self._records(rows, RollbackPolicyRecord)


class BackupRepository(_Repository):
    @in_store
    async def save(
        self,
        operation_id: str,
        file_path: str,
        content: bytes,
        mode: int | None,
        *,
        host: str = DEFAULT_HOST,
    ) -> ComposeBackupRecord:
        row = await ComposeBackup.create(
            operation_id=operation_id,
            host=host,
            file_path=file_path,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            mode=mode,
        )
        return self._record(row, ComposeBackupRecord)

    @in_store
    async def for_operation(self, operation_id: str) -> list[ComposeBackupRecord]:
        rows = await ComposeBackup.filter(operation_id=operation_id).order_by("id")
        return self._records(rows, ComposeBackupRecord)


class QueueRepository(_Repository):
    @in_store
    async def push(self, record: QueuedOperationRecord) -> None:
        await QueuedOperation.create(**_columns(dataclasses.asdict(record)))

    @in_store
    async def pending(
        self, stack_name: str | None = None, *, host: str | None = None
    ) -> list[QueuedOperationRecord]:
        """Waiting operations, or only those of one stack (of `host`, when given)."""
        query = QueuedOperation.all()
        if stack_name is not None:
            query = query.filter(stack_name=stack_name)
        if host is not None:
            query = query.filter(host=host)
        rows = await query.order_by("-priority", "queued_at", "id")
        return self._records(rows, QueuedOperationRecord)

    @in_store
    async def remove(self, operation_id: str) -> bool:
        return bool(await QueuedOperation.filter(operation_id=operation_id).delete())


class ProcessRepository(_Repository):
    """External processes started and not yet seen to end (see
    `services.operations.processes`)."""

    @in_store
    async def add(
        self,
        *,
        operation_id: str | None,
        tag: str,
        command: str,
        started_at: datetime,
        deadline: datetime,
    ) -> ExternalProcessRecord:
        row = await ExternalProcess.create(
            operation_id=operation_id,
            tag=tag,
            command=command[:1024],
            started_at=started_at,
            deadline=deadline,
        )
        return self._record(row, ExternalProcessRecord)

    @in_store
    async def set_pid(self, record_id: int, pid: int, create_time: float) -> None:
        await ExternalProcess.filter(id=record_id).update(
            pid=pid, create_time=create_time
        )

    @in_store
    async def remove(self, record_id: int) -> None:
        await ExternalProcess.filter(id=record_id).delete()

    @in_store
    async def all(self) -> list[ExternalProcessRecord]:
        rows = await ExternalProcess.all().order_by("id")
        return self._records(rows, ExternalProcessRecord)
