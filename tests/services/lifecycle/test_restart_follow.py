"""Following a restart (`restartProgress`): its current state first, then
every later stage once, however late the subscriber comes.

Deterministic: the restart is driven stage by stage by the test through the
real `RestartProgress` that restarts use.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from resolvers.context import open_app_context
from resolvers.restarts import stream_restart_progress
from services.events import EventKind
from services.lifecycle.progress import RestartProgress
from services.operations import OperationStatus


def _summary(events: list[Any]) -> list[tuple[str, str | None]]:
    return [(str(e.kind), e.payload.get("stage")) for e in events]


async def _next(stream: Any) -> Any:
    return await asyncio.wait_for(anext(stream), timeout=10)


async def test_a_late_subscriber_gets_where_the_restart_is_then_the_rest(
    settings_factory,
):
    async with open_app_context(
        settings_factory(), background_checks=False, background_updates=False
    ) as ctx:
        # given a restart that already went through two stages
        op = await ctx.operations.start("restart", "nginx")
        progress = RestartProgress(op, ctx.events)
        await progress.stage(OperationStatus.VALIDATING, 5, "restarting nginx")
        await progress.stage(OperationStatus.RESTARTING, 30, "restarting nginx")

        # when a client subscribes now (as restartProgress does)
        stream = aiter(stream_restart_progress(ctx, operation_id=op.operation_id))
        first = await _next(stream)

        # then it hears where the restart is, and then every later stage once
        assert first.kind is EventKind.RESTART_PROGRESS
        assert (first.payload["stage"], first.payload["progress"]) == (
            "restarting",
            30,
        )
        assert first.payload["container_name"] == "nginx"
        await progress.stage(OperationStatus.HEALTH_CHECK, 70, "restarted")
        await progress.complete("restarted nginx")
        rest = [await _next(stream), await _next(stream)]
        assert _summary(rest) == [
            ("restart.progress", "health_check"),
            ("restart.progress", "complete"),
        ]
        assert rest[-1].payload["progress"] == 100
        with pytest.raises(StopAsyncIteration):
            await _next(stream)
        sequences = [e.sequence for e in [first, *rest]]
        assert sequences == sorted(set(sequences))


async def test_a_subscriber_after_a_failed_restart_gets_the_end(settings_factory):
    async with open_app_context(
        settings_factory(), background_checks=False, background_updates=False
    ) as ctx:
        op = await ctx.operations.start("restart", "nginx")
        await RestartProgress(op, ctx.events).fail("nginx would not stop")
        events = [
            e async for e in stream_restart_progress(ctx, operation_id=op.operation_id)
        ]
        assert _summary(events) == [("restart.progress", "failed")]
        assert events[0].payload["message"] == "nginx would not stop"
