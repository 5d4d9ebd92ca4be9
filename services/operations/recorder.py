"""Every action is an operation: this module creates them, moves them through
their stages, writes their log and publishes their progress.

The row's `status` always shows the live stage (unlike the original, whose
rows sat at `validating` until the end), so a UI that polls sees the same
thing as one that subscribes. Producers call `stage()` / `log()` /
`complete()` / `fail()` and never format events themselves.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from services.auth.audit import current_actor
from services.docker.engine import DockerEngine
from services.errors import DocksmithError
from services.events import Event, EventBus, EventKind
from services.operations.model import LogLevel, OperationStatus, OperationType
from services.operations.summary import finished_line
from services.store.records import OperationRecord
from services.store.repositories import OperationRepository

log = logging.getLogger(__name__)


def new_operation_id(now: datetime | None = None) -> str:
    """`op_` + UTC timestamp + random suffix: sortable by time, never reused."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return f"op_{moment:%Y%m%d%H%M%S}_{secrets.token_hex(4)}"


Clock = Callable[[], datetime]
# Operations whose last events `follow` can show from memory; older ones are
# shown from their row.
_REMEMBERED = 1000
# The id of the container that carries a name now (None when there is none).
Locator = Callable[[str], Awaitable[str | None]]


def _utcnow() -> datetime:
    return datetime.now(UTC)


async def _nowhere(name: str) -> str | None:
    return None


def engine_locator(engine: DockerEngine) -> Locator:
    """Find a container by its exact name (a batch's "3 containers" or a
    stack name finds none; an id prefix never stands in for a name)."""

    async def locate(name: str) -> str | None:
        try:
            details = await engine.inspect_container(name)
        except DocksmithError:
            return None
        return details.id if details.name == name else None

    return locate


# Told of every operation that ended (metrics, notifications); it must only
# note or queue, never wait.
OnFinished = Callable[[OperationRecord], None]
# Called once, just before an operation's end is written (see `resume`).
OnFinish = Callable[[], None]


def _nothing_to_do() -> None:
    return None


class OperationHandle:
    """One running operation; its methods persist first, then publish."""

    def __init__(
        self,
        recorder: OperationRecorder,
        record: OperationRecord,
        on_finish: OnFinish = _nothing_to_do,
    ) -> None:
        self._recorder = recorder
        self.record = record
        self._on_finish = on_finish

    @property
    def operation_id(self) -> str:
        return self.record.operation_id

    async def stage(
        self,
        stage: OperationStatus,
        progress: int,
        message: str = "",
        **changes: Any,
    ) -> None:
        """`changes` go into the same write (a member's stage in
        `batch_details`), so whoever reads the row on this stage's event
        finds them already there."""
        self.record = await self._recorder.repo.update(
            self.operation_id, {"status": stage, "stage": stage, **changes}
        )
        if message:
            await self.log(message)
        self._recorder.publish_progress(self.record, stage, progress, message)

    async def progress(
        self, stage: OperationStatus, progress: int, message: str
    ) -> None:
        """Progress inside a stage (layer pulls...): published, not persisted."""
        self._recorder.publish_progress(self.record, stage, progress, message)

    async def log(self, message: str, level: LogLevel | str = LogLevel.INFO) -> None:
        """`level` as a word too (ValueError for one outside LogLevel): the
        restart and post-update callbacks pass their levels on as words."""
        await self._recorder.repo.append_log(
            self.operation_id, message, LogLevel(level)
        )

    async def set(self, **changes: Any) -> None:
        self.record = await self._recorder.repo.update(self.operation_id, changes)

    async def update_other(self, operation_id: str, **changes: Any) -> None:
        """Change another operation's row (a rollback marks the one it undid)."""
        await self._recorder.repo.update(operation_id, changes)

    async def complete(self, message: str = "", **changes: Any) -> None:
        now = self._recorder.clock()
        current = await self._current_container()
        self._on_finish()
        self.record = await self._recorder.repo.update(
            self.operation_id,
            {
                "status": OperationStatus.COMPLETE,
                "stage": OperationStatus.COMPLETE,
                "completed_at": now,
                **current,
                **changes,
            },
        )
        if message:
            await self.log(message)
        self._recorder.publish_progress(
            self.record, OperationStatus.COMPLETE, 100, message
        )
        self._recorder.publish_finished(self.record)

    async def fail(self, error: str, **changes: Any) -> None:
        now = self._recorder.clock()
        current = await self._current_container()
        self._on_finish()
        self.record = await self._recorder.repo.update(
            self.operation_id,
            {
                "status": OperationStatus.FAILED,
                "stage": self.record.stage,
                "error_message": error,
                "completed_at": now,
                **current,
                **changes,
            },
        )
        await self.log(error, level=LogLevel.ERROR)
        self._recorder.publish_progress(self.record, OperationStatus.FAILED, 0, error)
        self._recorder.publish_finished(self.record)

    async def _current_container(self) -> dict[str, Any]:
        """An update or rollback replaces the container: the finished record
        (and its `container.updated`) names the one that carries the name now,
        not the one the operation started from."""
        found = await self._recorder.locate(self.record.container_name)
        return {} if found is None else {"container_id": found}


class OperationRecorder:
    def __init__(
        self,
        repo: OperationRepository,
        events: EventBus,
        clock: Clock = _utcnow,
        locate: Locator = _nowhere,
        observers: Sequence[OnFinished] = (),
    ) -> None:
        self.repo = repo
        self._observers = tuple(observers)
        self.events = events
        self.clock = clock
        self.locate = locate
        # The last progress and end event of recent operations: what a late
        # subscriber is shown first (see `follow`).
        self._last: dict[str, dict[EventKind, Event]] = {}

    async def start(
        self,
        operation_type: OperationType | str,
        container_name: str,
        *,
        status: OperationStatus = OperationStatus.VALIDATING,
        **fields: Any,
    ) -> OperationHandle:
        kind = OperationType(operation_type)  # ValueError for an unnamed kind
        now = self.clock()
        record = OperationRecord(
            operation_id=new_operation_id(now),
            operation_type=kind,
            status=status,
            stage=status,
            container_name=container_name,
            started_at=now,
            started_by=current_actor(),
        )
        record = await self.repo.create(replace(record, **fields))
        handle = OperationHandle(self, record)
        self.publish_progress(record, status, 0, f"{kind} of {container_name} {status}")
        return handle

    async def resume(
        self, operation_id: str, *, on_finish: OnFinish = _nothing_to_do
    ) -> OperationHandle:
        """A handle on a recorded operation. `on_finish` runs right before its
        end is written: whoever reads `complete` or `failed` may act at once
        (the update queue gives the containers' claims back there)."""
        return OperationHandle(self, await self.repo.get(operation_id), on_finish)

    def publish_progress(
        self,
        record: OperationRecord,
        stage: OperationStatus,
        progress: int,
        message: str,
    ) -> None:
        event = self.events.publish(
            EventKind.UPDATE_PROGRESS,
            self._progress_payload(record, str(stage), progress, message),
        )
        self._remember(record.operation_id, event)

    def publish_finished(self, record: OperationRecord) -> None:
        log.info("%s", finished_line(record))
        event = self.events.publish(
            EventKind.CONTAINER_UPDATED, self._finished_payload(record)
        )
        self._remember(record.operation_id, event)
        for observer in self._observers:
            try:
                observer(record)
            except Exception:
                # The operation has ended either way; an observer's bug
                # must not make it look failed.
                log.exception("operation observer %r failed", observer)

    async def follow(self, operation_id: str) -> AsyncIterator[Event]:
        """One operation's current state, then every later event of it, until
        it ends (`container.updated` is the last).

        The bus is subscribed before the state is read, so nothing published
        meanwhile is lost; sequence numbers drop what the state already showed.
        """
        kinds = [EventKind.UPDATE_PROGRESS, EventKind.CONTAINER_UPDATED]
        async with self.events.subscribe(kinds) as subscription:
            record = await self.repo.get(operation_id)  # NotFoundError: 404
            shown = 0
            for event in self._state(record):
                yield event
                shown = max(shown, event.sequence)
                if event.kind is EventKind.CONTAINER_UPDATED:
                    return
            async for event in subscription:
                if (
                    event.payload.get("operation_id") != operation_id
                    or event.sequence <= shown
                ):
                    continue
                yield event
                if event.kind is EventKind.CONTAINER_UPDATED:
                    return

    def _state(self, record: OperationRecord) -> list[Event]:
        """The last events this process published for the operation; for one
        it has not seen (started before a restart), events made from its row,
        with sequence 0 so every live event still follows."""
        remembered = self._last.get(record.operation_id, {})
        progress = remembered.get(EventKind.UPDATE_PROGRESS)
        finished = remembered.get(EventKind.CONTAINER_UPDATED)
        if progress is None:
            done = record.status.finished
            progress = Event(
                kind=EventKind.UPDATE_PROGRESS,
                payload=self._progress_payload(
                    record,
                    record.status,
                    100 if record.status is OperationStatus.COMPLETE else 0,
                    record.error_message or "",
                ),
            )
            if done and finished is None:
                finished = Event(
                    kind=EventKind.CONTAINER_UPDATED,
                    payload=self._finished_payload(record),
                )
        return [progress] if finished is None else [progress, finished]

    def _remember(self, operation_id: str, event: Event) -> None:
        last = self._last.pop(operation_id, {})
        last[event.kind] = event
        self._last[operation_id] = last  # most recent last, for the bound below
        while len(self._last) > _REMEMBERED:
            del self._last[next(iter(self._last))]

    def _progress_payload(
        self, record: OperationRecord, stage: str, progress: int, message: str
    ) -> dict[str, Any]:
        return {
            "operation_id": record.operation_id,
            "operation_type": record.operation_type,
            "container": record.container_name,
            "container_name": record.container_name,
            "stack_name": record.stack_name,
            "stage": stage,
            "progress": max(0, min(100, progress)),
            "message": message,
            "timestamp": int(self.clock().timestamp()),
        }

    @staticmethod
    def _finished_payload(record: OperationRecord) -> dict[str, Any]:
        return {
            "operation_id": record.operation_id,
            "operation_type": record.operation_type,
            "container_id": record.container_id,
            "container_name": record.container_name,
            "stack_name": record.stack_name,
            "status": record.status,
            "error": record.error_message,
        }
