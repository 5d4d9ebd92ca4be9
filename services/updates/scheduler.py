"""One running operation per (host, stack); the others wait, in order, in a
queue that is persisted so a restart resumes them. Stacks of the same name
on two Docker hosts are two stacks.

Every request goes through the queue table first and leaves it when it
starts, so a crash between "accepted" and "started" loses nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Collection

from services.hosts import DEFAULT_HOST
from services.store.records import QueuedOperationRecord
from services.store.repositories import QueueRepository

log = logging.getLogger(__name__)

Runner = Callable[[QueuedOperationRecord], Awaitable[None]]


def _key(record: QueuedOperationRecord) -> tuple[str, str]:
    return (record.host, record.stack_name)


class StackScheduler:
    def __init__(
        self, queue: QueueRepository, runner: Runner, starting: Runner
    ) -> None:
        self._queue = queue
        self._runner = runner
        self._starting = starting
        self._running: dict[tuple[str, str], str] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._lock = asyncio.Lock()
        self._closed = False
        # Hosts whose interrupted operations are not settled yet (their
        # engine did not answer at start-up): their work waits in the queue.
        self._held: set[str] = set()

    def running(self, stack: str, host: str = DEFAULT_HOST) -> str | None:
        return self._running.get((host, stack))

    def waits_for(self, stack: str, host: str = DEFAULT_HOST) -> str:
        """Why work on `stack` of `host` waits, said for its operation's log."""
        where = "" if host == DEFAULT_HOST else f" of host {host}"
        running = self.running(stack, host)
        if running is not None:
            return f"queued behind {running} on stack {stack}{where}"
        if host in self._held:
            return (
                f"queued: host {host} waits for its Docker engine to answer "
                "before its interrupted operations are settled"
            )
        return "queued: the server is shutting down"

    def busy_stacks(self, host: str = DEFAULT_HOST) -> dict[str, str]:
        return {s: op for (h, s), op in self._running.items() if h == host}

    def hold(self, hosts: Collection[str]) -> None:
        """Start nothing on `hosts` until `release`: work for them queues."""
        self._held |= set(hosts)

    def release(self, hosts: Collection[str]) -> None:
        self._held -= set(hosts)

    def _idle(self, record: QueuedOperationRecord) -> bool:
        return not (
            _key(record) in self._running or self._closed or record.host in self._held
        )

    async def submit(self, record: QueuedOperationRecord) -> bool:
        """Queue the operation; True when it started at once."""
        async with self._lock:
            await self._queue.push(record)
            if not self._idle(record):
                return False
            await self._start(record)
            return True

    async def resume(self) -> int:
        """Start the oldest waiting operation of every idle stack of every
        host not held (at start-up, and when a held host is released)."""
        started = 0
        async with self._lock:
            for record in await self._queue.pending():
                if self._idle(record):
                    await self._start(record)
                    started += 1
        return started

    async def _start(self, record: QueuedOperationRecord) -> None:
        await self._queue.remove(record.operation_id)
        self._running[_key(record)] = record.operation_id
        try:
            # Marks the row as started before submit() returns, so callers and
            # pollers never see "queued" for work that is already running.
            await self._starting(record)
        except Exception:
            # Without a task nothing would ever free the stack again.
            self._running.pop(_key(record), None)
            raise
        task = asyncio.create_task(self._run(record), name=f"op-{record.operation_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, record: QueuedOperationRecord) -> None:
        try:
            await self._runner(record)
        except asyncio.CancelledError:
            raise
        except Exception:
            # The runner records its own failures; this only keeps the queue moving.
            log.exception("operation %s crashed", record.operation_id)
        finally:
            async with self._lock:
                self._running.pop(_key(record), None)
                if self._idle(record):
                    waiting = await self._queue.pending(
                        record.stack_name, host=record.host
                    )
                    if waiting:
                        await self._start(waiting[0])

    async def wait_idle(self, timeout_seconds: float | None = None) -> bool:
        """Wait for running operations to end (tests, graceful shutdown)."""
        try:
            async with asyncio.timeout(timeout_seconds):
                while self._tasks:
                    await asyncio.gather(*list(self._tasks), return_exceptions=True)
        except TimeoutError:
            return False
        return True

    async def close(self, grace_seconds: float = 10.0) -> None:
        """Stop starting new work; give running operations a grace period.

        Whatever is still running afterwards is cancelled and reconciled at the
        next start (its row still shows the stage it was in).
        """
        self._closed = True
        if not await self.wait_idle(grace_seconds):
            for task in list(self._tasks):
                task.cancel()
            for task in list(self._tasks):
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
