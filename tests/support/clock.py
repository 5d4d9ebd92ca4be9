"""A clock the test moves by hand, for auto-update's schedules, windows and
minimum ages (services.autoupdate.schedule.Clock)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta


class ManualClock:
    def __init__(self, start: datetime) -> None:
        self._now = start
        self._moved = asyncio.Event()

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment
        moved, self._moved = self._moved, asyncio.Event()
        moved.set()

    def advance(self, by: timedelta) -> None:
        self.set(self._now + by)

    async def sleep_until(self, moment: datetime) -> None:
        while self._now < moment:
            await self._moved.wait()
