"""Records' closed sets come out of the store as enums (their columns keep
the plain values), on SQLite and on PostgreSQL; a value this version does not
know is a clear error for its row, a documented fallback, or a row left out
of a list, never a list that fails whole (services/store/decode.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.auth.modes import LoginMethod
from services.auth.principal import Scope
from services.autoupdate.rules import AutoUpdateLevel
from services.checks.model import ContainerStatus, UpdateLogAction
from services.errors import ErrorCode
from services.operations import LogLevel, OperationStatus, OperationType, RunKind
from services.store import (
    HistoryRepository,
    OperationRepository,
    PolicyRepository,
    QueueRepository,
    Store,
)
from services.store.auth_repos import SessionRepository, TokenRepository
from services.store.autoupdate import AutoUpdatePolicyRepository
from services.store.decode import UnknownStoredValueError
from services.store.records import (
    CheckHistoryRecord,
    OperationCursor,
    OperationRecord,
    QueuedOperationRecord,
    UpdateLogRecord,
)
from services.updates.policy_entity import PolicyEntityType
from services.updates.requests import payload
from services.versioning.model import ChangeType

NOW = datetime(2026, 1, 15, 10, 30, tzinfo=UTC)


async def test_check_history_loads_its_status_and_change_as_enums(store: Store):
    history = HistoryRepository(store)
    await history.add_checks(
        [
            CheckHistoryRecord(
                "web", "nginx:1", NOW, ContainerStatus.UPDATE_AVAILABLE,
                latest_version="2", change_type=ChangeType.MAJOR,
            ),
            CheckHistoryRecord("db", "postgres:16", NOW, ContainerStatus.UP_TO_DATE),
        ]
    )  # fmt: skip
    # A row written as plain words (as before the records had enums).
    await history.add_check(
        CheckHistoryRecord("cache", "redis:7", NOW, "ERROR", change_type="none")  # type: ignore[arg-type]
    )
    rows = {r.container_name: r for r in await history.checks()}
    assert rows["web"].status is ContainerStatus.UPDATE_AVAILABLE
    assert rows["web"].change_type is ChangeType.MAJOR
    assert rows["db"].status is ContainerStatus.UP_TO_DATE
    assert rows["db"].change_type is None
    assert rows["cache"].status is ContainerStatus.ERROR
    assert rows["cache"].change_type is ChangeType.NONE


async def test_a_token_loads_its_scope_as_the_enum(store: Store):
    tokens = TokenRepository(store)
    created = await tokens.create(
        name="ci", scope=Scope.OPERATE, token_hash="h" * 64, created_by=None,
        expires_at=None,
    )  # fmt: skip
    assert created.scope is Scope.OPERATE
    [listed] = await tokens.all()
    assert listed.scope is Scope.OPERATE


def _operation(op_id: str, minutes: int, **fields) -> OperationRecord:
    values = {
        "operation_type": OperationType.UPDATE,
        "status": OperationStatus.COMPLETE,
        "stage": OperationStatus.COMPLETE,
        "container_name": "web",
        "started_at": NOW + timedelta(minutes=minutes),
        **fields,
    }
    return OperationRecord(operation_id=op_id, **values)


async def _store_unknown(
    operations: OperationRepository, op_id: str, changes: dict[str, str]
) -> None:
    """Write a value this version does not know (the row is saved; reading
    it back is what is refused)."""
    with pytest.raises(UnknownStoredValueError):
        await operations.update(op_id, changes)


async def test_operations_load_their_type_status_stage_and_log_levels_as_enums(
    store: Store,
):
    operations = OperationRepository(store)
    created = await operations.create(
        _operation("op_1", 0, status=OperationStatus.PULLING_IMAGE, stage=None)
    )
    assert created.operation_type is OperationType.UPDATE
    assert created.status is OperationStatus.PULLING_IMAGE
    # Written as plain words, as the recorder did before its records had enums.
    updated = await operations.update(
        "op_1", {"status": "rolling_back", "stage": "rolling_back"}
    )
    assert updated.status is OperationStatus.ROLLING_BACK
    assert updated.stage is OperationStatus.ROLLING_BACK
    await operations.create(_operation("op_2", 1, operation_type=OperationType.BATCH))
    got = await operations.get("op_2")
    assert (got.operation_type, got.status, got.stage) == (
        OperationType.BATCH, OperationStatus.COMPLETE, OperationStatus.COMPLETE,
    )  # fmt: skip
    assert got.status is OperationStatus.COMPLETE
    [listed] = await operations.search(operation_type=OperationType.BATCH)
    assert listed.operation_type is OperationType.BATCH
    [unfinished] = await operations.in_statuses([OperationStatus.ROLLING_BACK])
    assert unfinished.status is OperationStatus.ROLLING_BACK
    latest = (await operations.latest_for(["web"]))["web"]
    assert (latest.operation_id, latest.operation_type) == ("op_2", OperationType.BATCH)
    assert latest.status is OperationStatus.COMPLETE
    batches = await operations.recent_batches()
    assert [b.operation_type for b in batches] == [
        OperationType.BATCH,
        OperationType.UPDATE,
    ]
    assert all(isinstance(b.operation_type, OperationType) for b in batches)
    await operations.append_log("op_2", "pulled", LogLevel.WARNING)
    await operations.append_log("op_2", "done")
    assert [line.level for line in await operations.log("op_2")] == [
        LogLevel.WARNING,
        LogLevel.INFO,
    ]
    assert all(
        isinstance(line.level, LogLevel) for line in await operations.log("op_2")
    )


async def test_an_unknown_operation_value_is_a_clear_error_alone_and_left_out_of_lists(
    store: Store, caplog: pytest.LogCaptureFixture
):
    operations = OperationRepository(store)
    for number in range(5):
        await operations.create(_operation(f"op_{number}", number))
    # What a newer Docksmith (or a hand edit) might leave behind.
    await _store_unknown(operations, "op_3", {"status": "paused"})
    await _store_unknown(operations, "op_1", {"operation_type": "migrate"})
    with pytest.raises(UnknownStoredValueError) as raised:
        await operations.get("op_3")
    assert raised.value.code is ErrorCode.INTERNAL
    assert "operations row" in raised.value.message
    assert "status 'paused'" in raised.value.message
    assert "does not know" in raised.value.message
    # A page is still full: the rows past the bad ones are read instead.
    first = await operations.search(limit=2)
    assert [r.operation_id for r in first] == ["op_4", "op_2"]
    rest = await operations.search(
        limit=2,
        after=OperationCursor(first[-1].started_at, "op_2"),  # type: ignore[arg-type]
    )
    assert [r.operation_id for r in rest] == ["op_0"]
    # A batch record has no status: only the unknown type leaves a row out.
    assert [b.operation_id for b in await operations.recent_batches()] == [
        "op_4", "op_3", "op_2", "op_0",
    ]  # fmt: skip
    assert "'paused'" in caplog.text
    assert "left out" in caplog.text
    # The newest row of a container is left out too, not the whole answer.
    await operations.create(_operation("op_9", 9, container_name="db"))
    await _store_unknown(operations, "op_9", {"operation_type": "migrate"})
    assert sorted(await operations.latest_for(["web", "db"])) == ["web"]


async def test_an_unknown_stage_or_log_level_reads_as_its_documented_fallback(
    store: Store, caplog: pytest.LogCaptureFixture
):
    operations = OperationRepository(store)
    await operations.create(_operation("op_1", 0))
    await operations.update("op_1", {"stage": "defragmenting"})
    assert (await operations.get("op_1")).stage is None
    await operations.append_log("op_1", "from the future", "trace")  # type: ignore[arg-type]
    [line] = await operations.log("op_1")
    assert (line.level, line.message) == (LogLevel.INFO, "from the future")
    assert "'trace'" in caplog.text
    assert "read as 'info'" in caplog.text


async def test_update_log_actions_load_as_enums_and_an_unknown_one_is_left_out(
    store: Store,
):
    history = HistoryRepository(store)
    for action in (UpdateLogAction.UPDATE, UpdateLogAction.ROLLBACK):
        await history.add_update(UpdateLogRecord("web", action, NOW, success=True))
    await history.add_update(UpdateLogRecord("web", "pull", NOW, success=True))  # type: ignore[arg-type]
    actions = [u.action for u in await history.updates()]
    assert sorted(actions) == [UpdateLogAction.ROLLBACK, UpdateLogAction.UPDATE]
    assert all(isinstance(a, UpdateLogAction) for a in actions)


async def test_queued_operations_load_their_type_as_the_enum(store: Store):
    queue = QueueRepository(store)
    await queue.push(
        QueuedOperationRecord("op_q", "media", OperationType.RESTART, ["web"], NOW)
    )
    [pending] = await queue.pending()
    assert pending.operation_type is OperationType.RESTART


async def test_queued_operations_load_the_runner_kind_of_their_payload_as_the_enum(
    store: Store,
):
    queue = QueueRepository(store)
    for op_id, data in (
        ("op_new", payload(RunKind.STACK_RESTART, containers=["web"])),
        # A row queued before the kind was an enum, and one this version
        # does not know (the queue fails that operation, saying so).
        ("op_old", {"kind": "fix_mismatch", "container": "web"}),
        ("op_newer", {"kind": "migrate"}),
    ):
        await queue.push(
            QueuedOperationRecord(
                op_id, "media", OperationType.RESTART, ["web"], NOW, payload=data
            )
        )
    pending = {p.operation_id: p for p in await queue.pending()}
    assert pending["op_new"].kind is RunKind.STACK_RESTART
    # the column keeps the plain value
    assert pending["op_new"].payload == {"kind": "stack_restart", "containers": ["web"]}
    assert type(pending["op_new"].payload["kind"]) is str
    assert pending["op_old"].kind is RunKind.FIX_MISMATCH
    assert pending["op_newer"].kind is None


async def test_a_login_session_loads_its_method_as_the_enum(store: Store):
    sessions = SessionRepository(store)
    expires = datetime.now(UTC) + timedelta(hours=1)
    for key, method in (
        ("a", LoginMethod.OIDC),
        # As written before the method was an enum, and by a newer version:
        # the method decides nothing, so an unknown one reads as none.
        ("b", "password"),
        ("c", "passkey"),
    ):
        await sessions.create(
            session_hash=key * 64, csrf_hash="f" * 64, user_name="ada",
            method=method, expires_at=expires,  # type: ignore[arg-type]
        )  # fmt: skip
    got = [await sessions.get(key * 64) for key in "abc"]
    assert [s.method if s else "gone" for s in got] == [
        LoginMethod.OIDC,
        LoginMethod.PASSWORD,
        None,
    ]
    assert got[0] is not None
    assert got[0].method is LoginMethod.OIDC


async def test_policies_load_entity_type_and_level_as_enums(
    store: Store, caplog: pytest.LogCaptureFixture
):
    rollback = PolicyRepository(store)
    await rollback.set(PolicyEntityType.STACK, "media", {"auto_rollback_enabled": True})
    found = await rollback.find(PolicyEntityType.STACK, "media")
    assert found is not None
    assert found.entity_type is PolicyEntityType.STACK
    assert (await rollback.get(PolicyEntityType.GLOBAL)).entity_type is (
        PolicyEntityType.GLOBAL
    )
    auto = AutoUpdatePolicyRepository(store)
    await auto.set(PolicyEntityType.GLOBAL, "", {"level": AutoUpdateLevel.PATCH})
    await auto.set(PolicyEntityType.CONTAINER, "web", {"level": "minor"})
    await auto.set(PolicyEntityType.STACK, "media", {"min_age_seconds": 60})
    await auto.set(PolicyEntityType.CONTAINER, "db", {"level": "everything"})
    levels = {(p.entity_type, p.entity_id): p.level for p in await auto.all()}
    assert levels == {
        (PolicyEntityType.GLOBAL, ""): AutoUpdateLevel.PATCH,
        (PolicyEntityType.CONTAINER, "web"): AutoUpdateLevel.MINOR,
        (PolicyEntityType.STACK, "media"): None,
        # Unknown: off, never "defer to a wider policy".
        (PolicyEntityType.CONTAINER, "db"): AutoUpdateLevel.OFF,
    }
    assert all(isinstance(k, PolicyEntityType) for k, _ in levels)
    assert "'everything'" in caplog.text
    assert "read as 'off'" in caplog.text
    # A policy for something this version cannot name applies to nothing.
    with pytest.raises(UnknownStoredValueError):
        await rollback.set("host-group", "", {"auto_rollback_enabled": True})  # type: ignore[arg-type]
    kinds = [p.entity_type for p in await rollback.all()]
    assert sorted(kinds) == [PolicyEntityType.GLOBAL, PolicyEntityType.STACK]
