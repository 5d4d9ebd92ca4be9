"""Maintenance windows: when a container (or a stack) may be updated
unattended. Pure parsing and time arithmetic.

Syntax (docs/auto-update.md): windows separated by `;`, each an optional
list of days then a time range, `[DAYS ]HH:MM-HH:MM`. Days are `mon`..`sun`,
ranges (`mon-fri`, `fri-mon` wraps) and commas (`sat,sun`); no days means
every day. An end at or before the start crosses midnight and belongs to
the day it starts on (`fri 22:00-02:00` is Friday night). `24:00` ends a day.
Times are read in the auto-update time zone (AUTO_UPDATE_TIMEZONE).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

from services.errors import InvalidInputError
from services.frozen import frozen
from services.inputs import preview

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WINDOW_FORM = (
    "windows like 'sat,sun 02:00-06:00; mon-fri 01:00-03:00' "
    "([days ]HH:MM-HH:MM, several separated by ';')"
)
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
_MAX_TEXT = 500


@frozen
class Window:
    days: frozenset[int]  # 0 = Monday
    start: int  # minutes after midnight
    end: int  # minutes after midnight; <= start crosses midnight

    @property
    def length(self) -> int:
        if self.end > self.start:
            return self.end - self.start
        return self.end + 1440 - self.start


@frozen
class MaintenanceWindows:
    text: str
    windows: tuple[Window, ...]

    def contains(self, moment: datetime, zone: tzinfo) -> bool:
        return self.current_opening(moment, zone) is not None

    def current_opening(self, moment: datetime, zone: tzinfo) -> datetime | None:
        """When the window `moment` falls in opened (None: outside every window)."""
        local = moment.astimezone(zone)
        for window in self.windows:
            for back in (0, 1):
                day = local.date() - timedelta(days=back)
                if day.weekday() not in window.days:
                    continue
                opened = _at(day, window.start, zone)
                if opened <= local < opened + timedelta(minutes=window.length):
                    return opened
        return None

    def next_opening(self, after: datetime, zone: tzinfo) -> datetime:
        """The first window start strictly after `after`."""
        local = after.astimezone(zone)
        found: list[datetime] = []
        for window in self.windows:
            for ahead in range(8):
                day = local.date() + timedelta(days=ahead)
                if day.weekday() in window.days:
                    opened = _at(day, window.start, zone)
                    if opened > local:
                        found.append(opened)
                        break
        return min(found)


def _at(day: date, minutes: int, zone: tzinfo) -> datetime:
    # 24:00 is the next day's midnight.
    return datetime.combine(day, time(0), tzinfo=zone) + timedelta(minutes=minutes)


def _bad(what: str, text: str, detail: str) -> InvalidInputError:
    return InvalidInputError(
        f"{what} {preview(text)} is invalid: {detail}; use {WINDOW_FORM}"
    )


def _day(word: str, what: str, text: str) -> int:
    if word not in DAYS:
        raise _bad(what, text, f"{word!r} is not a day (mon, tue, ... sun)")
    return DAYS.index(word)


def _days(spec: str, what: str, text: str) -> frozenset[int]:
    chosen: set[int] = set()
    for part in spec.split(","):
        first, dash, last = part.partition("-")
        day = _day(first, what, text)
        end = _day(last, what, text) if dash else day
        chosen.add(day)
        while day != end:  # fri-mon wraps over the weekend
            day = (day + 1) % 7
            chosen.add(day)
    return frozenset(chosen)


def _minutes(hours: str, minutes: str, *, end: bool) -> int | None:
    h, m = int(hours), int(minutes)
    if m > 59 or h > 24 or (h == 24 and (m or not end)):
        return None
    return h * 60 + m


def parse_windows(text: str, what: str = "maintenance window") -> MaintenanceWindows:
    cleaned = text.strip().lower()
    if not cleaned or len(cleaned) > _MAX_TEXT:
        raise _bad(what, text, "empty" if not cleaned else "too long")
    windows = []
    for piece in cleaned.split(";"):
        words = piece.split()
        if not words:
            raise _bad(what, text, "an empty window between ';'")
        days = frozenset(range(7))
        if len(words) >= 2:
            days = _days(" ".join(words[:-1]).replace(" ", ""), what, text)
        match = _RANGE.match(words[-1])
        if match is None:
            raise _bad(what, text, f"{words[-1]!r} is not a time range HH:MM-HH:MM")
        start = _minutes(match.group(1), match.group(2), end=False)
        end = _minutes(match.group(3), match.group(4), end=True)
        if start is None or end is None:
            raise _bad(what, text, f"{words[-1]!r} has an impossible time")
        if start == end:
            raise _bad(what, text, f"{words[-1]!r} starts and ends at the same time")
        windows.append(Window(days, start, end))
    return MaintenanceWindows(text.strip(), tuple(windows))
