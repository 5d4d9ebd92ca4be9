"""The update engine's per-container state is read and written as enums, and
saved as the same strings as before: rows written before it had enums load,
on SQLite and on PostgreSQL (`make test` runs this folder on both)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.operations import OperationStatus
from services.store import OperationRepository, Store
from services.store.records import OperationRecord
from services.updates.state import MemberKind, MemberState, MemberStatus
from services.versioning.model import ChangeType

NOW = datetime(2026, 1, 15, 10, 30, tzinfo=UTC)

# A member as the engine saved it before its closed sets were enums.
OLD_ROW = {
    "container_name": "web",
    "stack_name": "shop",
    "service": "web",
    "kind": "compose",
    "old_version": "1.24.0",
    "new_version": "1.25.3",
    "change_type": "minor",
    "status": "rolled_back",
    "stage": "rolling_back",
    "message": "health check failed; rolled back to nginx:1.24.0",
    "written": {"/srv/shop/compose.yaml": "sha256:abc"},
    "compose_labels": {"com.docker.compose.project": "shop"},
    "recreated": True,
    "rollback_occurred": True,
}


async def _saved(store: Store, details: list[dict]) -> list[dict]:
    repo = OperationRepository(store)
    await repo.create(
        OperationRecord(
            operation_id="op_1",
            operation_type="update",
            status="complete",
            container_name="web",
            batch_details=details,
            started_at=NOW,
        )
    )
    return (await repo.get("op_1")).batch_details or []


async def test_a_row_saved_before_the_enums_loads_as_enums(store: Store):
    [raw] = await _saved(store, [OLD_ROW])
    member = MemberState.from_dict(raw)
    assert member.kind is MemberKind.COMPOSE
    assert member.status is MemberStatus.ROLLED_BACK
    assert member.stage is OperationStatus.ROLLING_BACK
    assert member.change_type is ChangeType.MINOR
    assert {k: v for k, v in member.as_dict().items() if k in OLD_ROW} == OLD_ROW


async def test_a_member_is_saved_as_the_same_plain_strings(store: Store):
    member = MemberState(
        container_name="db",
        kind=MemberKind.STANDALONE,
        change_type=ChangeType.PATCH,
        status=MemberStatus.COMPLETE,
        stage=OperationStatus.HEALTH_CHECK,
    )
    [raw] = await _saved(store, [member.as_dict()])
    saved = {k: raw[k] for k in ("kind", "change_type", "status", "stage")}
    assert saved == {
        "kind": "standalone",
        "change_type": "patch",
        "status": "complete",
        "stage": "health_check",
    }
    assert all(type(v) is str for v in saved.values())
    assert MemberState.from_dict(raw) == member


async def test_a_fresh_member_and_its_row_agree(store: Store):
    # Pending, no stage or change yet: the Nones stay None after a load.
    [raw] = await _saved(store, [MemberState(container_name="cache").as_dict()])
    member = MemberState.from_dict(raw)
    assert (member.status, member.kind) == (MemberStatus.PENDING, MemberKind.COMPOSE)
    assert member.stage is None
    assert member.change_type is None


@pytest.mark.parametrize("field", ["kind", "status", "stage", "change_type"])
def test_a_value_outside_its_set_is_not_loaded_as_a_string(field):
    with pytest.raises(ValueError, match="bogus"):
        MemberState.from_dict({**OLD_ROW, field: "bogus"})
