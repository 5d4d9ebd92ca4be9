"""When auto-update runs fire: the AUTO_UPDATE_SCHEDULE cron expression
(through croniter, in the auto-update time zone) and the clock they are
measured by.

The clock is injected: `SystemClock` in production, a hand-moved clock in
tests, so a test passes a 04:00 schedule without waiting until 04:00.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.errors import InvalidInputError

CRON_FORM = "a cron expression with five fields, e.g. '0 4 * * *' (04:00 every day)"
# A sleeping scheduler wakes at least this often to re-read the wall clock:
# a suspended laptop or a clock step must not push a run back by hours.
_MAX_NAP = 60.0


class Clock(Protocol):
    def now(self) -> datetime: ...

    async def sleep_until(self, moment: datetime) -> None: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep_until(self, moment: datetime) -> None:
        while True:
            left = (moment - self.now()).total_seconds()
            if left <= 0:
                return
            await asyncio.sleep(min(left, _MAX_NAP))


def parse_zone(name: str) -> tzinfo:
    if name.strip().upper() in ("", "UTC", "Z"):
        return UTC
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInputError(
            f"time zone {name!r} is unknown; use an IANA name such as "
            "Europe/Berlin or UTC"
        ) from None


class CronSchedule:
    """A five-field cron expression evaluated in `zone`."""

    def __init__(self, expression: str, zone: tzinfo = UTC) -> None:
        # croniter (and the dateutil it brings, ~1 MB) only for a server
        # that has a schedule: most never set one.
        from croniter import croniter

        text = " ".join(expression.split())
        if len(text.split(" ")) != 5 or not croniter.is_valid(text):
            raise InvalidInputError(f"schedule {expression!r} is not {CRON_FORM}")
        self.expression = text
        self.zone = zone
        self.next_after(datetime(2000, 1, 1, tzinfo=UTC))  # one that never fires

    def next_after(self, moment: datetime) -> datetime:
        from croniter import CroniterBadCronError, CroniterBadDateError, croniter

        local = moment.astimezone(self.zone)
        try:
            following = croniter(self.expression, local).get_next(datetime)
        except (CroniterBadCronError, CroniterBadDateError) as exc:  # 30 February
            raise InvalidInputError(
                f"schedule {self.expression!r} never fires: {exc}"
            ) from None
        return following.astimezone(UTC)
