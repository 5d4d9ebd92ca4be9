"""Following one operation's progress: its current state first, then every
later event, with no gap and no repeat, however late the subscriber comes.

Deterministic: the operation is driven step by step in the test, and the
subscriber's read of the state is interleaved with a stage change on purpose.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from resolvers.context import open_app_context
from resolvers.updates import stream_operation_progress
from services.events import EventBus, EventKind
from services.operations import OperationStatus
from services.operations.recorder import OperationRecorder
from services.store import OperationRepository, Store
from tests.support.db import migrated_sqlite_url


def _summary(events) -> list[tuple[str, str | None]]:
    return [
        (str(e.kind), e.payload.get("stage") or e.payload.get("status")) for e in events
    ]


async def _next(stream) -> Any:
    return await asyncio.wait_for(anext(stream), timeout=10)


async def test_a_late_subscriber_gets_the_current_state_then_the_rest(
    settings_factory,
):
    async with open_app_context(
        settings_factory(), background_checks=False, background_updates=False
    ) as ctx:
        # given an operation that already went through two stages
        op = await ctx.operations.start("update", "nginx")
        await op.stage(OperationStatus.PULLING_IMAGE, 40, "pulling")

        # when a client subscribes now (as operationProgress does)
        stream = aiter(stream_operation_progress(ctx, operation_id=op.operation_id))
        first = await _next(stream)

        # then it hears where the operation is, and then everything after
        assert first.kind is EventKind.UPDATE_PROGRESS
        assert (first.payload["stage"], first.payload["progress"]) == (
            "pulling_image",
            40,
        )
        await op.stage(OperationStatus.RECREATING, 60, "recreating")
        await op.complete("done")
        rest = [await _next(stream) for _ in range(3)]
        assert _summary(rest) == [
            ("update.progress", "recreating"),
            ("update.progress", "complete"),
            ("container.updated", "complete"),
        ]
        with pytest.raises(StopAsyncIteration):
            await _next(stream)
        sequences = [e.sequence for e in [first, *rest]]
        assert sequences == sorted(set(sequences))


async def test_a_subscriber_after_the_end_gets_the_final_state(settings_factory):
    async with open_app_context(
        settings_factory(), background_checks=False, background_updates=False
    ) as ctx:
        op = await ctx.operations.start("update", "nginx")
        await op.fail("boom")
        events = [
            e
            async for e in stream_operation_progress(ctx, operation_id=op.operation_id)
        ]
        assert _summary(events) == [
            ("update.progress", "failed"),
            ("container.updated", "failed"),
        ]


class _SteppingRepository(OperationRepository):
    """The real repository; its next `get` lets the operation move on while the
    subscriber is reading, the moment a gap would open."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.during_get: Any = None

    async def get(self, operation_id: str):
        record = await super().get(operation_id)
        if self.during_get is not None:
            step, self.during_get = self.during_get, None
            await step()
        return record


@pytest.mark.parametrize("remembered", [True, False])
async def test_an_event_published_while_the_state_is_read_arrives_once(
    tmp_path, remembered
):
    store = Store(migrated_sqlite_url(tmp_path / "ops.db"))
    await store.open()
    bus = EventBus()
    repo = _SteppingRepository(store)
    try:
        recorder = OperationRecorder(repo, bus)
        op = await recorder.start("update", "nginx")
        await op.stage(OperationStatus.PULLING_IMAGE, 40, "pulling")
        # A follower in a fresh process knows only what the store says.
        follower = recorder if remembered else OperationRecorder(repo, bus)

        async def move_on() -> None:
            await op.stage(OperationStatus.RECREATING, 60, "recreating")

        repo.during_get = move_on
        stream = aiter(follower.follow(op.operation_id))
        seen = [await _next(stream)]
        while seen[-1].payload.get("stage") != "recreating":
            seen.append(await _next(stream))
        await op.complete("done")
        seen += [await _next(stream), await _next(stream)]
    finally:
        bus.close()
        await store.close()

    stages = [e.payload.get("stage") for e in seen]
    assert stages.count("recreating") == 1
    assert stages[-3:] == ["recreating", "complete", None]
    assert seen[-1].kind is EventKind.CONTAINER_UPDATED
