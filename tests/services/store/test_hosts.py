"""Container identity is (host, name) in every table that names a container;
rows written before several hosts existed belong to the default host."""

from __future__ import annotations

import itertools
import os
from datetime import UTC, datetime

import pytest
from tortoise.context import TortoiseContext
from tortoise.migrations.executor import MigrationExecutor, MigrationTarget

from services.hosts import DEFAULT_HOST
from services.operations import OperationStatus, OperationType
from services.store import (
    BackupRepository,
    HistoryRepository,
    OperationRepository,
    PolicyRepository,
    QueueRepository,
    ScriptAssignmentRepository,
    Store,
)
from services.store.config import APP_LABEL, build_tortoise_config
from services.store.records import (
    CheckHistoryRecord,
    OperationRecord,
    QueuedOperationRecord,
    UpdateLogRecord,
)
from tests.services.store.conftest import BACKEND

NOW = datetime(2026, 1, 15, 10, 30, tzinfo=UTC)
_fresh = itertools.count()


@pytest.fixture
def empty_url(request, tmp_path) -> str:
    if BACKEND == "postgres":
        pg = request.getfixturevalue("lab_postgres")
        return str(pg.create_database(f"hosts_mig_{os.getpid()}_{next(_fresh)}"))
    return f"sqlite://{tmp_path}/before-hosts.db"


async def _migrate_to(url: str, name: str) -> TortoiseContext:
    config = build_tortoise_config(url)
    ctx = TortoiseContext()
    with ctx:
        await ctx.init(config=config)
        await MigrationExecutor(ctx.db(), config["apps"]).migrate(
            [MigrationTarget(APP_LABEL, name)]
        )
    return ctx


async def test_the_hosts_migration_puts_existing_rows_on_the_default_host(
    empty_url: str,
):
    before = await _migrate_to(empty_url, "0003_external_processes")
    try:
        db = before.db()
        await db.execute_query(
            "INSERT INTO script_assignments (container_name, script_path, enabled,"
            " ignore, allow_latest, assigned_at, updated_at)"
            " VALUES ('web', 'check.sh', TRUE, FALSE, FALSE,"
            " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        )
        await db.execute_query(
            "INSERT INTO check_history (container_name, image, check_time, status)"
            " VALUES ('web', 'nginx:1', CURRENT_TIMESTAMP, 'UP_TO_DATE')"
        )
        await db.execute_query(
            "INSERT INTO rollback_policies (entity_type, entity_id,"
            " auto_rollback_enabled, health_check_required, health_timeout_seconds,"
            " stability_window_seconds, created_at, updated_at)"
            " VALUES ('container', 'web', TRUE, TRUE, 120, 10,"
            " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        )
    finally:
        await before.close_connections()

    store = Store(empty_url)
    await store.open()
    try:
        scripts = ScriptAssignmentRepository(store)
        kept = await scripts.get("web")
        assert kept is not None
        assert kept.host == DEFAULT_HOST
        assert kept.script_path == "check.sh"
        # The old unique name gave way to (host, name): the same name on
        # another host is a second assignment, not a replacement.
        await scripts.assign("web", "other.sh", host="nas")
        assert (await scripts.get("web")).script_path == "check.sh"  # type: ignore[union-attr]
        assert [(a.host, a.script_path) for a in await scripts.all()] == [
            ("local", "check.sh"),
            ("nas", "other.sh"),
        ]
        history = await HistoryRepository(store).checks(container="web")
        assert [h.host for h in history] == [DEFAULT_HOST]
        policies = PolicyRepository(store)
        kept_policy = await policies.find("container", "web")
        assert kept_policy is not None
        assert kept_policy.auto_rollback_enabled
        assert kept_policy.host == DEFAULT_HOST
        assert await policies.find("container", "web", host="nas") is None
    finally:
        await store.close()


async def test_same_name_on_two_hosts_stays_apart(store: Store):
    operations = OperationRepository(store)
    for host, op_id in (("local", "op_a"), ("nas", "op_b")):
        await operations.create(
            OperationRecord(
                operation_id=op_id,
                operation_type=OperationType.UPDATE,
                status=OperationStatus.COMPLETE,
                container_name="web",
                host=host,
                started_at=NOW,
            )
        )
    assert (await operations.latest_for(["web"]))["web"].operation_id == "op_a"
    assert (await operations.latest_for(["web"], host="nas"))[
        "web"
    ].operation_id == "op_b"
    assert [o.operation_id for o in await operations.search(host="nas")] == ["op_b"]
    assert len(await operations.search(container="web")) == 2

    history = HistoryRepository(store)
    await history.add_checks(
        [
            CheckHistoryRecord("web", "nginx:1", NOW, "UP_TO_DATE"),
            CheckHistoryRecord("web", "nginx:1", NOW, "UPDATE_AVAILABLE", host="nas"),
        ]
    )
    assert [c.status for c in await history.checks(host="nas")] == ["UPDATE_AVAILABLE"]
    await history.add_update(
        UpdateLogRecord("web", "update", NOW, True, host="nas", to_version="2")
    )
    assert [u.host for u in await history.updates(container="web")] == ["nas"]
    assert await history.updates(host="local") == []

    policies = PolicyRepository(store)
    await policies.set("container", "web", {"auto_rollback_enabled": True}, host="nas")
    assert not (await policies.get("container", "web")).auto_rollback_enabled
    assert (await policies.get("container", "web", host="nas")).auto_rollback_enabled
    # One global policy, whichever host asks.
    await policies.set("global", "", {"auto_rollback_enabled": True}, host="nas")
    assert (await policies.get("global")).auto_rollback_enabled

    queue = QueueRepository(store)
    for host, op_id in (("local", "op_q1"), ("nas", "op_q2")):
        await queue.push(
            QueuedOperationRecord(
                op_id, "media", OperationType.RESTART, ["web"], NOW, host=host
            )
        )
    assert [q.operation_id for q in await queue.pending("media", host="nas")] == [
        "op_q2"
    ]
    assert len(await queue.pending("media")) == 2

    backups = BackupRepository(store)
    await backups.save("op_b", "/srv/media/compose.yaml", b"x", 0o644, host="nas")
    assert [b.host for b in await backups.for_operation("op_b")] == ["nas"]
