"""`output_while_progressing` fails a child that stops making progress and
waits as long as one that keeps making it, whatever the clock says."""

from __future__ import annotations

import asyncio
import sys
import time

import pytest

from tests.support.watch import NoProgressError, output_while_progressing

IDLE = 1.5


async def _child(seconds: float) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c", f"import time; time.sleep({seconds}); print('done')",
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def test_a_child_that_keeps_making_progress_is_waited_for():
    # given work that goes on for twice the idle limit
    done = [0]

    async def work() -> None:
        while True:
            done[0] += 1
            await asyncio.sleep(0.1)

    worker = asyncio.create_task(work())
    began = time.monotonic()
    try:
        output = await output_while_progressing(
            await _child(IDLE * 2), lambda: done[0], idle=IDLE, poll=0.1
        )
    finally:
        worker.cancel()
    assert output.strip() == b"done"
    assert time.monotonic() - began >= IDLE * 2


async def test_a_child_without_progress_is_killed_and_fails():
    process = await _child(600)
    began = time.monotonic()
    with pytest.raises(NoProgressError, match="no progress for 2 s"):
        await output_while_progressing(process, lambda: 7, idle=IDLE, poll=0.1)
    assert process.returncode is not None
    assert time.monotonic() - began < 60
