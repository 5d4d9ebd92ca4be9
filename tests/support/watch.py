"""Wait for a child process by the work it does, not by the clock.

A long test driving a server from a child (schemathesis) has no honest
wall-time limit on a machine that runs other suites beside it: the same run
takes two minutes quiet and over five at a load of 20. What a hang looks
like is no progress: the server answering no request for a while.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class NoProgressError(AssertionError):
    pass


async def output_while_progressing(
    process: asyncio.subprocess.Process,
    progress: Callable[[], int],
    *,
    idle: float,
    poll: float = 1.0,
) -> bytes:
    """The child's stdout once it exits; NoProgressError (the child killed)
    if `progress()` stays the same for `idle` seconds first."""
    reading = asyncio.ensure_future(process.communicate())
    seen, moved = progress(), time.monotonic()
    while not reading.done():
        await asyncio.wait({reading}, timeout=poll)
        now = progress()
        if now != seen:
            seen, moved = now, time.monotonic()
        elif not reading.done() and time.monotonic() - moved > idle:
            process.kill()
            output, _ = await reading
            tail = (output or b"").decode(errors="replace")[-5000:]
            raise NoProgressError(f"no progress for {idle:.0f} s (at {now}):\n{tail}")
    output, _ = reading.result()
    return output or b""
