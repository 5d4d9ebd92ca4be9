"""The process journal with real child processes: a child the 'dead' server
left is waited for, found by its tag when its pid was never written, killed
at its deadline, and a reused pid is not mistaken for it."""

from __future__ import annotations

import asyncio
import subprocess
import time
from datetime import UTC, datetime, timedelta

import pytest

from services.operations.processes import (
    TAG_VARIABLE,
    ProcessJournal,
    current_operation,
)
from services.store import ProcessRepository, Store
from tests.support.db import migrated_sqlite_url


@pytest.fixture
async def repo(tmp_path):
    store = Store(migrated_sqlite_url(tmp_path / "p.db"))
    await store.open()
    yield ProcessRepository(store)
    await store.close()


def spawn(seconds: float, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        ["sleep", str(seconds)], start_new_session=True, env=env or {}
    )


async def test_a_survivor_is_waited_for_and_reported_under_its_operation(repo):
    # given a child recorded by a server that then died
    journal = ProcessJournal(repo)
    current_operation.set("op_1")
    child = spawn(1.5)
    ticket = await journal.before(["/bin/sleep", "1.5"], 60)
    await journal.started(ticket, child.pid)

    # when the next server starts
    began = time.monotonic()
    survivors = await ProcessJournal(repo).wait_for_survivors()

    # then it waited for the child to end, and forgot it
    assert time.monotonic() - began >= 1.0
    [survivor] = survivors
    assert (survivor.operation_id, survivor.pid, survivor.killed) == (
        "op_1",
        child.pid,
        False,
    )
    assert survivor.command == "sleep 1.5"
    assert await repo.all() == []
    child.wait(timeout=5)


async def test_a_child_whose_pid_was_never_written_is_found_by_its_tag(repo):
    journal = ProcessJournal(repo)
    ticket = await journal.before(["sleep", "1"], 60)
    child = spawn(1, env=dict(ticket.env))  # died before started()
    survivors = await ProcessJournal(repo).wait_for_survivors()
    assert [s.pid for s in survivors] == [child.pid]
    assert TAG_VARIABLE in ticket.env
    child.wait(timeout=5)


async def test_a_survivor_past_its_deadline_is_killed_with_its_group(repo):
    journal = ProcessJournal(repo)
    child = spawn(60)
    ticket = await journal.before(["sleep", "60"], 0)
    await journal.started(ticket, child.pid)
    # the slack after a timeout has passed as well
    row = (await repo.all())[0]
    await repo.remove(row.id)
    await repo.add(
        operation_id=None,
        tag=row.tag,
        command=row.command,
        started_at=row.started_at,
        deadline=datetime.now(UTC) - timedelta(seconds=1),
    )
    [fresh] = await repo.all()
    await repo.set_pid(fresh.id, child.pid, row.create_time or 0.0)
    [survivor] = await ProcessJournal(repo).wait_for_survivors()
    assert survivor.killed
    assert await asyncio.to_thread(child.wait, 5) in (-15, -9)


async def test_a_reused_pid_is_not_the_recorded_process(repo):
    journal = ProcessJournal(repo)
    child = spawn(5)
    ticket = await journal.before(["sleep", "5"], 60)
    # recorded with another start time: that pid now belongs to someone else
    assert ticket.record_id is not None
    await repo.set_pid(ticket.record_id, child.pid, 12345.0)
    began = time.monotonic()
    assert await ProcessJournal(repo).wait_for_survivors() == []
    assert time.monotonic() - began < 2
    child.kill()
    child.wait(timeout=5)


async def test_an_ended_child_leaves_no_record(repo):
    journal = ProcessJournal(repo)
    child = spawn(0)
    ticket = await journal.before(["sleep", "0"], 60)
    await journal.started(ticket, child.pid)
    child.wait(timeout=5)
    await journal.ended(ticket)
    assert await repo.all() == []
