from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from services.events import EventBus, EventKind
from services.operations import OperationStatus
from services.operations.recorder import OperationRecorder, new_operation_id
from services.store import OperationRepository, Store
from tests.support.db import migrated_sqlite_url


@pytest.fixture
async def recorder(tmp_path):
    store = Store(migrated_sqlite_url(tmp_path / "ops.db"))
    await store.open()
    bus = EventBus()
    yield OperationRecorder(OperationRepository(store), bus)
    bus.close()
    await store.close()


def test_operation_ids_are_timestamped_and_unique():
    moment = datetime(2024, 1, 15, 10, 30, 23, tzinfo=UTC)
    ids = {new_operation_id(moment) for _ in range(1000)}
    assert len(ids) == 1000
    assert all(re.fullmatch(r"op_20240115103023_[0-9a-f]{8}", i) for i in ids)


async def test_stages_are_persisted_logged_and_published(recorder):
    async with recorder.events.subscribe(
        [EventKind.UPDATE_PROGRESS, EventKind.CONTAINER_UPDATED]
    ) as sub:
        op = await recorder.start(
            "update",
            "nginx",
            stack_name="web",
            old_version="1.24.0",
            new_version="1.25.3",
        )
        await op.stage(OperationStatus.PULLING_IMAGE, 40, "Pulling nginx:1.25.3")
        assert (await recorder.repo.get(op.operation_id)).status == "pulling_image"
        await op.complete("updated to 1.25.3")

        events = [await sub.queue.get() for _ in range(4)]
    kinds = [e.kind for e in events]
    assert kinds == [EventKind.UPDATE_PROGRESS] * 3 + [EventKind.CONTAINER_UPDATED]
    pulling = events[1].payload
    assert pulling["container"] == "nginx"
    assert pulling["stage"] == "pulling_image"
    assert pulling["progress"] == 40
    assert pulling["message"] == "Pulling nginx:1.25.3"
    assert events[2].payload["progress"] == 100
    assert events[3].payload["status"] == "complete"

    stored = await recorder.repo.get(op.operation_id)
    assert stored.status == "complete"
    assert stored.completed_at is not None
    log = [line.message for line in await recorder.repo.log(op.operation_id)]
    assert log == ["Pulling nginx:1.25.3", "updated to 1.25.3"]


async def test_failure_keeps_the_stage_it_failed_in(recorder):
    op = await recorder.start("update", "redis")
    await op.stage(OperationStatus.HEALTH_CHECK, 80)
    await op.fail("container is unhealthy")
    stored = await recorder.repo.get(op.operation_id)
    assert (stored.status, stored.stage, stored.error_message) == (
        "failed",
        "health_check",
        "container is unhealthy",
    )
    assert (await recorder.repo.log(op.operation_id))[-1].level == "error"


async def test_the_finished_record_names_the_container_that_carries_the_name(
    tmp_path,
):
    # given a recorder that can find containers, and an operation that began
    # on a container that was then replaced
    store = Store(migrated_sqlite_url(tmp_path / "ops.db"))
    await store.open()
    bus = EventBus()
    now = {"nginx": "new-id"}

    async def locate(name: str) -> str | None:
        return now.get(name)

    recorder = OperationRecorder(OperationRepository(store), bus, locate=locate)
    try:
        async with bus.subscribe([EventKind.CONTAINER_UPDATED]) as sub:
            op = await recorder.start("update", "nginx", container_id="old-id")
            other = await recorder.start("batch", "3 containers", container_id=None)
            # when they end
            await op.complete("updated")
            await other.fail("boom")
            events = [await sub.queue.get() for _ in range(2)]
    finally:
        bus.close()
        await store.close()
    # then
    assert events[0].payload["container_id"] == "new-id"
    assert events[1].payload["container_id"] is None


async def test_an_unnamed_operation_type_or_log_level_is_refused(recorder):
    # OperationType and LogLevel are closed sets the GraphQL enums mirror: a
    # new kind of action has to be named there first.
    with pytest.raises(ValueError, match="prune"):
        await recorder.start("prune", "nginx")
    assert await recorder.repo.search(limit=10) == []
    op = await recorder.start("restart", "nginx")
    with pytest.raises(ValueError, match="loud"):
        await op.log("hello", level="loud")
