"""Login throttling per client address: after repeated failures the address
waits before it may try again (429 with Retry-After)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from services.errors import RateLimitedError

MAX_FAILURES = 5
WINDOW = timedelta(minutes=5)
# The table is bounded so a flood of addresses cannot grow it without end.
MAX_ADDRESSES = 10_000


class LoginThrottledError(RateLimitedError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"too many failed sign-ins from this address; try again in "
            f"{retry_after} seconds"
        )
        self.retry_after: int | None = retry_after


def _utcnow() -> datetime:
    return datetime.now(UTC)


class LoginThrottle:
    def __init__(
        self,
        clock: Callable[[], datetime] = _utcnow,
        max_failures: int = MAX_FAILURES,
        window: timedelta = WINDOW,
    ) -> None:
        self.clock = clock
        self.max_failures = max_failures
        self.window = window
        self._failures: dict[str, list[datetime]] = {}

    def attempt(self, address: str) -> None:
        """Count a sign-in from `address` as failed before its password is
        checked, or refuse it when the address has used up its window.
        Counted first because a check waits for the store: attempts sent at
        once would all pass a count that only failures finished so far make,
        and get any number of guesses. `succeeded` forgives it."""
        recent = self._recent(address)
        if len(recent) >= self.max_failures:
            wait = (recent[0] + self.window - self.clock()).total_seconds()
            raise LoginThrottledError(max(1, math.ceil(wait)))
        recent.append(self.clock())
        self._failures[address] = recent
        if len(self._failures) > MAX_ADDRESSES:
            self._failures.pop(next(iter(self._failures)))

    def succeeded(self, address: str) -> None:
        self._failures.pop(address, None)

    def _recent(self, address: str) -> list[datetime]:
        since = self.clock() - self.window
        return [t for t in self._failures.get(address, []) if t > since]
