"""Watching whether the Docker engine answers, to say when it stops and when
it is back (not every failed ping: only the changes)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

Ping = Callable[[], Awaitable[bool]]
OnChange = Callable[[bool], None]


class EngineWatch:
    def __init__(self, ping: Ping, *, interval: float, on_change: OnChange) -> None:
        self._ping = ping
        self._interval = interval
        self._on_change = on_change
        # None until the first answer: an engine that is up at start-up is
        # not news, one that is down is.
        self.reachable: bool | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(
                self._loop(), name="docksmith-engine-watch"
            )

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def probe(self) -> bool:
        try:
            async with asyncio.timeout(max(self._interval, 5.0)):
                reachable = await self._ping()
        except TimeoutError:
            reachable = False
        previous, self.reachable = self.reachable, reachable
        if previous != reachable and (previous is not None or not reachable):
            log.log(
                logging.INFO if reachable else logging.WARNING,
                "Docker engine %s",
                "reachable again" if reachable else "unreachable",
            )
            self._on_change(reachable)
        return reachable

    async def _loop(self) -> None:
        while True:
            try:
                await self.probe()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("Docker engine probe failed")
            await asyncio.sleep(self._interval)
