"""Records' closed sets come out of the store as enums (their columns keep
the plain values), on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from services.auth.principal import Scope
from services.checks.model import ContainerStatus
from services.store import HistoryRepository, Store
from services.store.auth_repos import TokenRepository
from services.store.records import CheckHistoryRecord
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
