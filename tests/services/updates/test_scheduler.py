"""The per-stack scheduler over the real persisted queue (SQLite), with runners
the test releases one by one: fast and deterministic, no lab."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from services.store import QueueRepository, Store
from services.store.records import QueuedOperationRecord
from services.updates.scheduler import StackScheduler
from tests.support.db import migrated_sqlite_url

T0 = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)


class Runs:
    """Runners that block until released; they record what started, in order."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.marked: list[str] = []
        self.finished: list[str] = []
        self.release: dict[str, asyncio.Event] = {}
        self.fail: set[str] = set()
        self.refuse_start: set[str] = set()

    def gate(self, operation_id: str) -> asyncio.Event:
        return self.release.setdefault(operation_id, asyncio.Event())

    async def starting(self, record: QueuedOperationRecord) -> None:
        if record.operation_id in self.refuse_start:
            raise RuntimeError("the store refused the row")
        self.marked.append(record.operation_id)

    async def run(self, record: QueuedOperationRecord) -> None:
        self.started.append(record.operation_id)
        await self.gate(record.operation_id).wait()
        self.finished.append(record.operation_id)
        if record.operation_id in self.fail:
            raise RuntimeError("boom")


@pytest.fixture
async def queue(tmp_path):
    store = Store(migrated_sqlite_url(tmp_path / "queue.db"))
    await store.open()
    yield QueueRepository(store)
    await store.close()


@pytest.fixture
async def runs():
    return Runs()


@pytest.fixture
async def scheduler(queue, runs):
    sched = StackScheduler(queue, runs.run, runs.starting)
    yield sched
    for event in runs.release.values():
        event.set()
    await sched.close(grace_seconds=5)


def _record(
    op: str, stack: str, minutes: int = 0, priority: int = 0, host: str = "local"
):
    return QueuedOperationRecord(
        operation_id=op,
        stack_name=stack,
        operation_type="update",
        containers=[f"{op}-container"],
        queued_at=T0 + timedelta(minutes=minutes),
        priority=priority,
        host=host,
    )


async def _until(condition, timeout: float = 10) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0)


async def test_an_idle_stack_starts_at_once_and_marks_before_answering(
    scheduler, queue, runs
):
    assert await scheduler.submit(_record("op_1", "web")) is True
    # marked as started before submit returned; the queue row is gone
    assert runs.marked == ["op_1"]
    assert scheduler.running("web") == "op_1"
    assert await queue.pending() == []
    await _until(lambda: runs.started == ["op_1"])


async def test_one_operation_per_stack_others_wait_in_order(scheduler, queue, runs):
    # given one running operation on "web"
    await scheduler.submit(_record("op_1", "web"))
    # when two more arrive for "web" and one for "db"
    assert await scheduler.submit(_record("op_3", "web", minutes=2)) is False
    assert await scheduler.submit(_record("op_2", "web", minutes=1)) is False
    assert await scheduler.submit(_record("op_db", "db")) is True
    # then "web" queues them (oldest first) while "db" runs alongside
    assert [r.operation_id for r in await queue.pending("web")] == ["op_2", "op_3"]
    assert scheduler.busy_stacks() == {"web": "op_1", "db": "op_db"}

    # when each one ends, the next of its stack starts
    runs.gate("op_1").set()
    await _until(lambda: scheduler.running("web") == "op_2")
    runs.gate("op_2").set()
    await _until(lambda: scheduler.running("web") == "op_3")
    runs.gate("op_3").set()
    runs.gate("op_db").set()
    assert await scheduler.wait_idle(10)
    assert runs.finished.index("op_1") < runs.finished.index("op_2")
    assert runs.finished.index("op_2") < runs.finished.index("op_3")
    assert scheduler.busy_stacks() == {}
    assert await queue.pending() == []


async def test_priority_goes_before_age(scheduler, queue, runs):
    await scheduler.submit(_record("op_1", "web"))
    await scheduler.submit(_record("op_old", "web", minutes=1))
    await scheduler.submit(_record("op_urgent", "web", minutes=2, priority=5))
    runs.gate("op_1").set()
    await _until(lambda: scheduler.running("web") == "op_urgent")


async def test_a_crashing_runner_does_not_stall_its_stack(scheduler, runs):
    runs.fail.add("op_1")
    await scheduler.submit(_record("op_1", "web"))
    await scheduler.submit(_record("op_2", "web", minutes=1))
    runs.gate("op_1").set()
    await _until(lambda: scheduler.running("web") == "op_2")


async def test_a_failed_start_frees_the_stack(scheduler, runs):
    runs.refuse_start.add("op_1")
    with pytest.raises(RuntimeError, match="refused"):
        await scheduler.submit(_record("op_1", "web"))
    assert scheduler.running("web") is None
    assert await scheduler.submit(_record("op_2", "web")) is True


async def test_resume_starts_the_oldest_waiting_of_each_idle_stack(queue, runs):
    # given a queue a previous process left behind
    for record in (
        _record("op_web_2", "web", minutes=2),
        _record("op_web_1", "web", minutes=1),
        _record("op_db_1", "db", minutes=3),
    ):
        await queue.push(record)
    scheduler = StackScheduler(queue, runs.run, runs.starting)
    try:
        # when the new process resumes
        assert await scheduler.resume() == 2
        # then one per stack runs, the oldest first, and the rest still waits
        assert scheduler.busy_stacks() == {"web": "op_web_1", "db": "op_db_1"}
        assert [r.operation_id for r in await queue.pending()] == ["op_web_2"]
    finally:
        for op in ("op_web_1", "op_web_2", "op_db_1"):
            runs.gate(op).set()
        await scheduler.close(grace_seconds=5)


async def test_close_starts_nothing_new_and_cancels_what_outlives_the_grace(
    queue, runs
):
    scheduler = StackScheduler(queue, runs.run, runs.starting)
    await scheduler.submit(_record("op_1", "web"))
    await scheduler.submit(_record("op_2", "web", minutes=1))
    await _until(lambda: runs.started == ["op_1"])

    # when it closes while op_1 never ends
    await scheduler.close(grace_seconds=0.1)

    # then op_1 was cancelled (its row still shows its stage for
    # reconciliation), op_2 stays queued for the next start, and a new
    # request is only queued
    assert runs.finished == []
    assert [r.operation_id for r in await queue.pending()] == ["op_2"]
    assert await scheduler.submit(_record("op_3", "db")) is False
    assert [r.operation_id for r in await queue.pending("db")] == ["op_3"]


async def test_a_stack_of_the_same_name_on_another_host_is_another_stack(
    scheduler, queue, runs
):
    # given "web" running on local and on host b at once
    assert await scheduler.submit(_record("op_a1", "web")) is True
    assert await scheduler.submit(_record("op_b1", "web", host="b")) is True
    assert scheduler.running("web", "b") == "op_b1"
    assert scheduler.busy_stacks("b") == {"web": "op_b1"}
    # and one more waiting on each
    assert await scheduler.submit(_record("op_b2", "web", minutes=1, host="b")) is False
    assert await scheduler.submit(_record("op_a2", "web", minutes=2)) is False
    # when local's ends, local's next starts, never b's (older) one
    runs.gate("op_a1").set()
    await _until(lambda: scheduler.running("web") == "op_a2")
    assert scheduler.running("web", "b") == "op_b1"
    assert [r.operation_id for r in await queue.pending("web", host="b")] == ["op_b2"]
    runs.gate("op_b1").set()
    await _until(lambda: scheduler.running("web", "b") == "op_b2")


async def test_waiting_work_says_what_it_waits_for(scheduler, queue, runs):
    # given "web" busy on local, and host b held (its engine not back yet)
    await scheduler.submit(_record("op_1", "web"))
    scheduler.hold(["b"])
    assert await scheduler.submit(_record("op_b", "web", host="b")) is False
    # then each waiting one names its cause, never "queued behind None"
    assert scheduler.waits_for("web") == "queued behind op_1 on stack web"
    assert scheduler.waits_for("web", "b") == (
        "queued: host b waits for its Docker engine to answer "
        "before its interrupted operations are settled"
    )
    # and once b is released its work starts
    scheduler.release(["b"])
    assert await scheduler.resume() == 1
    assert scheduler.running("web", "b") == "op_b"
