"""External processes the update engine starts, recorded until they end.

The compose CLI and scripts run in their own sessions so a timeout can kill
everything they started. That also means they outlive a server that is
killed: a `docker-compose up` in the middle of a recreate goes on, and would
change the containers after a restarted server had already judged them.
So every one is recorded (pid, the kernel's start time of that pid, the
operation it works for, the moment its own timeout runs out) when it starts
and forgotten when it ends. At start-up `wait_for_survivors` waits for each
recorded process still alive (the same pid with the same start time: a
reused pid is someone else's) until it ends or its deadline passes, and
kills its process group then. The record is written before the spawn with
a random tag the child carries in its environment (`DOCKSMITH_PROCESS_TAG`),
so a child whose pid the killed server had not yet written down is found
by that tag. Only after that does reconciliation look at
the containers, which are then no longer moving.

Which operation a process belongs to travels with the asyncio task: the
orchestrator sets `current_operation` when it runs an operation, so the
compose and script runners deep below need no extra parameter.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import signal
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from services.frozen import frozen
from services.spawnwatch import SpawnTicket
from services.store.records import ExternalProcessRecord
from services.store.repositories import ProcessRepository

log = logging.getLogger(__name__)

# Task-local, not a singleton: each operation's task sets its own value.
current_operation: ContextVar[str | None] = ContextVar(
    "docksmith_current_operation", default=None
)
TAG_VARIABLE = "DOCKSMITH_PROCESS_TAG"
_POLL_SECONDS = 0.2
_KILL_GRACE_SECONDS = 5.0
# Past its own timeout a process is killed by the runner that started it; a
# survivor gets this much longer before the restarted server kills it.
_DEADLINE_SLACK = timedelta(seconds=10)


@frozen
class Survivor:
    """A recorded process a restarted server found, and what became of it."""

    operation_id: str | None
    pid: int
    command: str
    waited_seconds: float
    killed: bool

    def describe(self) -> str:
        how = "was killed at its deadline" if self.killed else "ended"
        return (
            f"{self.command} (pid {self.pid}), started before the restart, "
            f"{how} after {self.waited_seconds:.1f}s; the containers were judged "
            "only after that"
        )


def start_time(pid: int) -> float | None:
    """The kernel's start time of `pid`, None when no such process lives."""
    # psutil is imported by the first spawn or a start-up that finds records,
    # not by every server (tests/cli/test_lazy_imports.py).
    import psutil

    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return None
        return float(proc.create_time())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None


def _alive(record: ExternalProcessRecord) -> bool:
    if record.pid is None or record.create_time is None:
        return False
    now = start_time(record.pid)
    return now is not None and abs(now - record.create_time) < 0.5


class ProcessJournal:
    """Implements the runners' `SpawnWatch`, and the start-up wait for the
    survivors of a previous server process."""

    def __init__(self, repo: ProcessRepository) -> None:
        self.repo = repo

    async def before(self, argv: Sequence[str], timeout_seconds: float) -> SpawnTicket:
        tag = secrets.token_hex(16)
        now = datetime.now(UTC)
        record = await self.repo.add(
            operation_id=current_operation.get(),
            tag=tag,
            command=" ".join([Path(argv[0]).name, *argv[1:]]) if argv else "",
            started_at=now,
            deadline=now + timedelta(seconds=timeout_seconds) + _DEADLINE_SLACK,
        )
        return SpawnTicket(record.id, {TAG_VARIABLE: tag})

    async def started(self, ticket: SpawnTicket, pid: int) -> None:
        created = start_time(pid)
        if ticket.record_id is not None and created is not None:
            await self.repo.set_pid(ticket.record_id, pid, created)

    async def ended(self, ticket: SpawnTicket) -> None:
        if ticket.record_id is not None:
            await self.repo.remove(ticket.record_id)

    async def wait_for_survivors(self) -> list[Survivor]:
        """Wait for (or at their deadline kill) the processes a previous
        server process left running; forget every record."""
        survivors: list[Survivor] = []
        records = await self.repo.all()
        unknown = {r.tag: r for r in records if r.pid is None}
        found = await asyncio.to_thread(_find_tagged, set(unknown)) if unknown else {}
        for record in records:
            if record.pid is None and record.tag in found:
                # Killed between the spawn and writing the pid down.
                record = replace(
                    record, pid=found[record.tag][0], create_time=found[record.tag][1]
                )
            if _alive(record):
                survivors.append(await self._outlive(record))
            await self.repo.remove(record.id)
        if survivors:
            log.warning(
                "waited for %d processes a previous run left: %s",
                len(survivors),
                "; ".join(s.describe() for s in survivors),
            )
        return survivors

    async def _outlive(self, record: ExternalProcessRecord) -> Survivor:
        loop = asyncio.get_running_loop()
        began = loop.time()
        left = (record.deadline - datetime.now(UTC)).total_seconds()
        killed = False
        while _alive(record):
            if left <= loop.time() - began:
                killed = True
                await _kill_group(record)
                break
            await asyncio.sleep(_POLL_SECONDS)
        return Survivor(
            operation_id=record.operation_id,
            pid=record.pid or 0,
            command=record.command,
            waited_seconds=loop.time() - began,
            killed=killed,
        )


def _find_tagged(tags: set[str]) -> dict[str, tuple[int, float]]:
    """Live processes whose environment carries one of `tags`."""
    import psutil

    found: dict[str, tuple[int, float]] = {}
    for proc in psutil.process_iter(["create_time"]):
        try:
            tag = proc.environ().get(TAG_VARIABLE)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
        if tag in tags:
            found[tag] = (proc.pid, float(proc.info["create_time"]))
    return found


async def _kill_group(record: ExternalProcessRecord) -> None:
    # The runners start every child as the leader of its own session.
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if record.pid is None or not _alive(record):
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(record.pid, sig)
        for _ in range(int(_KILL_GRACE_SECONDS / _POLL_SECONDS)):
            if not _alive(record):
                return
            await asyncio.sleep(_POLL_SECONDS)
