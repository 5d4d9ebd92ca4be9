"""Turning a blocking, following Docker log stream into an async iterator.

The SDK's stream blocks on a socket, so a dedicated daemon thread reads it
(not the shared `to_thread` pool: a live view may stay open for hours and
must not starve ordinary engine calls). The reader is closed when the
consumer stops iterating, which ends the thread; the engine ends the stream
itself when the container stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncGenerator, Awaitable, Callable

from services.docker.containers import LogStream, parse_log_line
from services.docker.resources import LogLine

_END = b""


async def follow_in_thread(
    open_stream: Callable[[], Awaitable[LogStream]],
) -> AsyncGenerator[LogLine, None]:
    stream = await open_stream()
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[bytes] = asyncio.Queue()

    def hand_over(chunk: bytes) -> None:
        # The loop may already be gone when the consumer left at shutdown.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(queue.put_nowait, chunk)

    def pump() -> None:
        try:
            for chunk in stream:
                if chunk:
                    hand_over(chunk)
        except Exception:  # noqa: S110 - any read error ends the stream
            pass
        finally:
            hand_over(_END)

    thread = threading.Thread(target=pump, name="docker-log-follow", daemon=True)
    thread.start()
    buffer = b""
    try:
        while True:
            chunk = await queue.get()
            if chunk == _END:
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                yield parse_log_line(line.decode(errors="replace"))
        if buffer:
            yield parse_log_line(buffer.decode(errors="replace"))
    finally:
        await asyncio.to_thread(stream.close)
